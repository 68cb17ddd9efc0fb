using System.Numerics;

namespace Nabla.Kernels;

public static partial class Gemm
{
    // Below this many multiply-adds per matrix, one thread per matrix beats splitting each matrix.
    private const long BatchSplitThreshold = 1L << 21;

    /// <summary>
    /// Batched single-precision GEMM: for each <c>i</c> in <c>[0, batch)</c>, the matrices starting at
    /// <c>i·strideA</c>, <c>i·strideB</c> and <c>i·strideC</c> are multiplied as in <see cref="Sgemm"/>.
    /// A stride of 0 broadcasts one matrix to the whole batch; <paramref name="strideC"/> = 0 accumulates
    /// into one C sequentially.
    /// </summary>
    /// <param name="transA">When true each A is stored k×m.</param>
    /// <param name="transB">When true each B is stored n×k.</param>
    /// <param name="batch">Number of products.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B).</param>
    /// <param name="alpha">Scale of the products.</param>
    /// <param name="a">Storage of all A matrices.</param>
    /// <param name="lda">Row stride of each A in elements.</param>
    /// <param name="strideA">Elements between consecutive A matrices (0 to broadcast).</param>
    /// <param name="b">Storage of all B matrices.</param>
    /// <param name="ldb">Row stride of each B in elements.</param>
    /// <param name="strideB">Elements between consecutive B matrices (0 to broadcast).</param>
    /// <param name="beta">Scale of the old C; zero means C is write-only.</param>
    /// <param name="c">Storage of all C matrices.</param>
    /// <param name="ldc">Row stride of each C in elements.</param>
    /// <param name="strideC">Elements between consecutive C matrices.</param>
    public static unsafe void SgemmBatched(bool transA, bool transB, int batch, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        float beta, Span<float> c, int ldc, long strideC)
    {
        ValidateBatched(transA, transB, batch, m, n, k, a.Length, lda, strideA, b.Length, ldb, strideB, c.Length, ldc, strideC);
        fixed (float* pa = a, pb = b, pc = c)
            Batched(transA, transB, batch, m, n, k, alpha, pa, lda, strideA, pb, ldb, strideB, beta, pc, ldc, strideC);
    }

    /// <summary>
    /// Batched double-precision GEMM: for each <c>i</c> in <c>[0, batch)</c>, the matrices starting at
    /// <c>i·strideA</c>, <c>i·strideB</c> and <c>i·strideC</c> are multiplied as in <see cref="Dgemm"/>.
    /// A stride of 0 broadcasts one matrix to the whole batch; <paramref name="strideC"/> = 0 accumulates
    /// into one C sequentially.
    /// </summary>
    /// <param name="transA">When true each A is stored k×m.</param>
    /// <param name="transB">When true each B is stored n×k.</param>
    /// <param name="batch">Number of products.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B).</param>
    /// <param name="alpha">Scale of the products.</param>
    /// <param name="a">Storage of all A matrices.</param>
    /// <param name="lda">Row stride of each A in elements.</param>
    /// <param name="strideA">Elements between consecutive A matrices (0 to broadcast).</param>
    /// <param name="b">Storage of all B matrices.</param>
    /// <param name="ldb">Row stride of each B in elements.</param>
    /// <param name="strideB">Elements between consecutive B matrices (0 to broadcast).</param>
    /// <param name="beta">Scale of the old C; zero means C is write-only.</param>
    /// <param name="c">Storage of all C matrices.</param>
    /// <param name="ldc">Row stride of each C in elements.</param>
    /// <param name="strideC">Elements between consecutive C matrices.</param>
    public static unsafe void DgemmBatched(bool transA, bool transB, int batch, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, long strideA, ReadOnlySpan<double> b, int ldb, long strideB,
        double beta, Span<double> c, int ldc, long strideC)
    {
        ValidateBatched(transA, transB, batch, m, n, k, a.Length, lda, strideA, b.Length, ldb, strideB, c.Length, ldc, strideC);
        fixed (double* pa = a, pb = b, pc = c)
            Batched(transA, transB, batch, m, n, k, alpha, pa, lda, strideA, pb, ldb, strideB, beta, pc, ldc, strideC);
    }

    private static unsafe void Batched<T>(bool transA, bool transB, int batch, int m, int n, int k, T alpha,
        T* a, int lda, long strideA, T* b, int ldb, long strideB, T beta, T* c, int ldc, long strideC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch == 0 || m == 0 || n == 0) return;
        int threads = Threads.Count;
        long work = (long)m * n * Math.Max(k, 1);
        bool acrossBatch = threads > 1 && batch > 1 && strideC != 0
            && (work < BatchSplitThreshold || batch % threads == 0);
        if (!acrossBatch)
        {
            for (int i = 0; i < batch; i++)
                GemmDriver<T>.Run(transA, transB, m, n, k, alpha, a + i * strideA, lda, b + i * strideB, ldb,
                    beta, c + i * strideC, ldc, threads);
            return;
        }
        nint pa = (nint)a, pb = (nint)b, pc = (nint)c;
        ParallelFor.Run(batch, work, (start, end) =>
        {
            for (int i = start; i < end; i++)
                GemmDriver<T>.Run(transA, transB, m, n, k, alpha, (T*)pa + i * strideA, lda, (T*)pb + i * strideB, ldb,
                    beta, (T*)pc + i * strideC, ldc, 1);
        });
    }

    private static void ValidateBatched(bool transA, bool transB, int batch, int m, int n, int k,
        long aLength, int lda, long strideA, long bLength, int ldb, long strideB, long cLength, int ldc, long strideC)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(strideA);
        ArgumentOutOfRangeException.ThrowIfNegative(strideB);
        ArgumentOutOfRangeException.ThrowIfNegative(strideC);
        if (batch == 0) return;
        long last = batch - 1;
        Validate(transA, transB, m, n, k, aLength - last * strideA, lda, bLength - last * strideB, ldb,
            cLength - last * strideC, ldc);
    }
}
