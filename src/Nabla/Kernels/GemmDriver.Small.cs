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
        if (n < width && m >= width)
        {
            // A narrow C (e.g. the weight gradient of a 4-input layer, (128×64)·(64×4)) would run the inner loop over
            // its few columns with scalars; the transposed product Cᵀ = op(B)ᵀ·op(A)ᵀ runs it over the m rows with vectors.
            T* ct = Buffer(ref t_packA, n * m);
            Small(!transB, !transA, n, m, k, alpha, b, ldb, a, lda, T.Zero, ct, m);
            for (int i = 0; i < m; i++)
            {
                T* ci = c + (long)i * ldc;
                for (int j = 0; j < n; j++) ci[j] = beta == T.Zero ? ct[(long)j * m + i] : beta * ci[j] + ct[(long)j * m + i];
            }
            return;
        }
        if (transB && k < width && n >= width)
        {
            // With a short depth every dot product of the transposed path is a scalar loop of k terms; transposing
            // B once (n·k elements) lets each row of C take vector FMAs instead (e.g. a 4-input Linear layer).
            T* bt = Buffer(ref t_packB, n * k);
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++) bt[(long)p * n + j] = b[(long)j * ldb + p];
            transB = false;
            b = bt;
            ldb = n;
        }
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
