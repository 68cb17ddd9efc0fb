namespace Nabla.Kernels;

/// <summary>
/// Naive triple-loop GEMM with the same contract as <see cref="Gemm"/>, accumulating in double.
/// It is the oracle the fast kernels are tested against, so it favours obviousness over speed.
/// </summary>
public static class GemmReference
{
    /// <summary>Reference single-precision GEMM: <c>C[m,n] = alpha · op(A) · op(B) + beta · C</c>.</summary>
    /// <param name="transA">When true A is stored k×m.</param>
    /// <param name="transB">When true B is stored n×k.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of A in elements.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of B in elements.</param>
    /// <param name="beta">Scale of the old C; zero means C is write-only.</param>
    /// <param name="c">Storage of C.</param>
    /// <param name="ldc">Row stride of C in elements.</param>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Gemm.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (double)a[transA ? p * lda + i : i * lda + p] * b[transB ? j * ldb + p : p * ldb + j];
                int at = i * ldc + j;
                c[at] = (float)(beta == 0f ? alpha * sum : alpha * sum + (double)beta * c[at]);
            }
        }
    }

    /// <summary>Reference double-precision GEMM: <c>C[m,n] = alpha · op(A) · op(B) + beta · C</c>.</summary>
    /// <param name="transA">When true A is stored k×m.</param>
    /// <param name="transB">When true B is stored n×k.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of A in elements.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of B in elements.</param>
    /// <param name="beta">Scale of the old C; zero means C is write-only.</param>
    /// <param name="c">Storage of C.</param>
    /// <param name="ldc">Row stride of C in elements.</param>
    public static void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        Gemm.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += a[transA ? p * lda + i : i * lda + p] * b[transB ? j * ldb + p : p * ldb + j];
                int at = i * ldc + j;
                c[at] = beta == 0d ? alpha * sum : alpha * sum + beta * c[at];
            }
        }
    }
}
