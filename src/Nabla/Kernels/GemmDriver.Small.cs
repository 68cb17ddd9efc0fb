using System.Numerics;

namespace Nabla.Kernels;

internal static unsafe partial class GemmDriver<T>
{
    /// <summary>
    /// Unpacked loops for tiny products, where packing and blocking would cost more than the arithmetic.
    /// The loop order keeps the innermost access contiguous for each transpose combination.
    /// </summary>
    private static void Small(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda,
        T* b, int ldb, T beta, T* c, int ldc)
    {
        int width = Vector<T>.Count;
        for (int i = 0; i < m; i++)
        {
            T* ci = c + (long)i * ldc;
            if (!transB)
            {
                ScaleC(1, n, beta, ci, ldc);
                for (int p = 0; p < k; p++)
                {
                    T aip = alpha * (transA ? a[(long)p * lda + i] : a[(long)i * lda + p]);
                    T* bp = b + (long)p * ldb;
                    int j = 0;
                    if (Vector.IsHardwareAccelerated)
                    {
                        var av = new Vector<T>(aip);
                        for (; j <= n - width; j += width)
                            Vector.Store(Vector.Load(ci + j) + av * Vector.Load(bp + j), ci + j);
                    }
                    for (; j < n; j++) ci[j] += aip * bp[j];
                }
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    T* bj = b + (long)j * ldb;
                    T sum = transA ? StridedDot(a + i, lda, bj, k) : Dot(a + (long)i * lda, bj, k);
                    ci[j] = beta == T.Zero ? alpha * sum : beta * ci[j] + alpha * sum;
                }
            }
        }
    }

    private static T Dot(T* x, T* y, int length)
    {
        int width = Vector<T>.Count, p = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<T>.Zero;
            for (; p <= length - width; p += width)
                acc += Vector.Load(x + p) * Vector.Load(y + p);
            sum = Vector.Sum(acc);
        }
        for (; p < length; p++) sum += x[p] * y[p];
        return sum;
    }

    private static T StridedDot(T* x, int stride, T* y, int length)
    {
        T sum = T.Zero;
        for (int p = 0; p < length; p++) sum += x[(long)p * stride] * y[p];
        return sum;
    }
}
