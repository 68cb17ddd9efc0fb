using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// A matrix in a flat buffer whose row r starts at <see cref="Offset"/> + r·<see cref="Stride"/>, elements of a row
/// adjacent: the shape the recurrent kernels pass around for one time step of a dense (L, N, C) tensor, a bias
/// (stride 0, every row the same vector) or nothing (a null <see cref="Data"/>).
/// </summary>
internal readonly record struct RowMatrix<T>(T[] Data, int Offset, int Stride) where T : unmanaged
{
    /// <summary>True when no matrix was given (an absent bias).</summary>
    public bool IsEmpty => Data is null;

    /// <summary>The first <paramref name="length"/> elements of row <paramref name="r"/>.</summary>
    public Span<T> Row(int r, int length) => Data.AsSpan(Offset + r * Stride, length);

    /// <summary>The same rows starting <paramref name="elements"/> further into the buffer (the next time step, a column block).</summary>
    public RowMatrix<T> Shift(int elements) => this with { Offset = Offset + elements };

    /// <summary>A dense tensor's rows of <c>Dims[^1]</c> elements; a 1-D tensor becomes a matrix whose rows all alias it.</summary>
    public static RowMatrix<T> Of(Tensor? t)
    {
        if (t is null) return default;
        System.Diagnostics.Debug.Assert(t.IsContiguous || t.NumElements == 0);
        return new RowMatrix<T>(t.Buffer<T>(), t.Offset, t.Rank == 1 ? 0 : t.Dims[^1]);
    }
}

/// <summary>GEMM on <see cref="RowMatrix{T}"/> operands, for the kernels that run many small products on slices of one buffer.</summary>
internal static class RowGemm
{
    /// <summary>C = op(A)·op(B) + beta·C with op(A) (m, k) and op(B) (k, n); a transposed operand is stored with its rows as columns.</summary>
    public static unsafe void Run<T>(bool transA, bool transB, int m, int n, int k, RowMatrix<T> a, RowMatrix<T> b, T beta, RowMatrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        fixed (T* pa = a.Data, pb = b.Data, pc = c.Data)
            GemmDriver<T>.Run(transA, transB, m, n, k, T.One, pa + a.Offset, a.Stride, pb + b.Offset, b.Stride, beta,
                pc + c.Offset, c.Stride, Threads.Count);
    }
}
