namespace Nabla.Kernels;

/// <summary>
/// General matrix multiply, <c>C = alpha · op(A) · op(B) + beta · C</c>, on row-major matrices.
/// Leading dimensions (<c>lda</c>, <c>ldb</c>, <c>ldc</c>) are row strides in elements.
/// </summary>
/// <remarks>
/// Follows the Goto/BLIS scheme: B is packed into KC×NR panels, A into MC×KC blocks (transposes are
/// absorbed by the packing), and a register-blocked FMA micro-kernel computes MR×NR tiles of C.
/// When <c>beta</c> is zero the old contents of C are never read, so NaN garbage is overwritten.
/// </remarks>
public static partial class Gemm
{
    /// <summary>Single-precision GEMM: <c>C[m,n] = alpha · op(A) · op(B) + beta · C</c>.</summary>
    /// <param name="transA">When true A is stored k×m and op(A) = Aᵀ; otherwise A is stored m×k.</param>
    /// <param name="transB">When true B is stored n×k and op(B) = Bᵀ; otherwise B is stored k×n.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of A in elements.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of B in elements.</param>
    /// <param name="beta">Scale of the old C; zero means C is write-only.</param>
    /// <param name="c">Storage of C (m×n).</param>
    /// <param name="ldc">Row stride of C in elements.</param>
    public static unsafe void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (float* pa = a, pb = b, pc = c)
            GemmDriver<float>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, Threads.Count);
    }

    /// <summary>Double-precision GEMM: <c>C[m,n] = alpha · op(A) · op(B) + beta · C</c>.</summary>
    /// <param name="transA">When true A is stored k×m and op(A) = Aᵀ; otherwise A is stored m×k.</param>
    /// <param name="transB">When true B is stored n×k and op(B) = Bᵀ; otherwise B is stored k×n.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of A in elements.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of B in elements.</param>
    /// <param name="beta">Scale of the old C; zero means C is write-only.</param>
    /// <param name="c">Storage of C (m×n).</param>
    /// <param name="ldc">Row stride of C in elements.</param>
    public static unsafe void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (double* pa = a, pb = b, pc = c)
            GemmDriver<double>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, Threads.Count);
    }

    internal static void Validate(bool transA, bool transB, int m, int n, int k,
        long aLength, int lda, long bLength, int ldb, long cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0) return;
        CheckMatrix(nameof(ldc), "c", m, n, cLength, ldc);
        if (k == 0) return;
        if (transA) CheckMatrix(nameof(lda), "a", k, m, aLength, lda);
        else CheckMatrix(nameof(lda), "a", m, k, aLength, lda);
        if (transB) CheckMatrix(nameof(ldb), "b", n, k, bLength, ldb);
        else CheckMatrix(nameof(ldb), "b", k, n, bLength, ldb);
    }

    private static void CheckMatrix(string ldName, string name, int rows, int cols, long length, int ld)
    {
        if (ld < cols)
            throw new ArgumentOutOfRangeException(ldName, ld, $"Leading dimension must be at least {cols}.");
        if (Required(rows, cols, ld) > length)
            throw new ArgumentException($"Span '{name}' holds {length} elements; a {rows}×{cols} matrix with stride {ld} needs {Required(rows, cols, ld)}.", name);
    }

    private static long Required(int rows, int cols, int ld) => (long)(rows - 1) * ld + cols;
}
