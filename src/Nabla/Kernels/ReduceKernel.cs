using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>An associative reduction (sum, product, max, min) over spans.</summary>
internal interface IReduceOp
{
    /// <summary>Reduces a whole span to one value; callers never pass an empty span to ops without an identity.</summary>
    static abstract T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>;

    /// <summary>Folds <paramref name="x"/> into <paramref name="acc"/> elementwise.</summary>
    static abstract void Combine<T>(Span<T> acc, ReadOnlySpan<T> x) where T : unmanaged, INumber<T>;
}

/// <summary>
/// Sum reduction. Spans are summed pairwise over vectorised blocks, so the rounding error grows with log n rather
/// than n (a float32 sum of a million elements stays within a few ulps of the exact value).
/// </summary>
internal readonly struct SumReduce : IReduceOp
{
    private const int Block = 256;

    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        if (x.Length <= Block) return TensorPrimitives.Sum(x);
        int half = (x.Length / 2 + Block - 1) / Block * Block;
        return Reduce(x[..half]) + Reduce(x[half..]);
    }

    public static void Combine<T>(Span<T> acc, ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Add(acc, x, acc);
}

/// <summary>Product reduction (1 over an empty span).</summary>
internal readonly struct ProdReduce : IReduceOp
{
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => x.IsEmpty ? T.One : TensorPrimitives.Product(x);

    public static void Combine<T>(Span<T> acc, ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Multiply(acc, x, acc);
}

/// <summary>Maximum reduction; NaN propagates, as in <c>torch.amax</c>.</summary>
internal readonly struct MaxReduce : IReduceOp
{
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Max(x);

    public static void Combine<T>(Span<T> acc, ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Max(acc, x, acc);
}

/// <summary>Minimum reduction; NaN propagates, as in <c>torch.amin</c>.</summary>
internal readonly struct MinReduce : IReduceOp
{
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Min(x);

    public static void Combine<T>(Span<T> acc, ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Min(acc, x, acc);
}

/// <summary>
/// Reductions over any set of dimensions. The input is arranged as (outer, reduced, inner) blocks: rows are reduced
/// with span kernels when inner is 1, otherwise whole inner rows are folded together pairwise, which keeps memory
/// access sequential in both cases. Work is split into pieces whose boundaries depend only on the shape (outer rows,
/// fixed-size chunks of a long reduced row, fixed-size chunks of inner), and partials are combined in a fixed order,
/// so results are deterministic whatever the thread count.
/// </summary>
internal static class ReduceKernel
{
    /// <summary>Elements per partial when one long row is split across threads.</summary>
    private const int RowChunk = 1 << 16;

    /// <summary>Inner elements per work item when folding rows.</summary>
    private const int InnerChunk = 4096;

    /// <summary>Rows folded sequentially before the fold turns pairwise.</summary>
    private const int FoldLeaf = 16;

    /// <summary>Normalises and validates reduction dims; an empty list means all dimensions.</summary>
    public static bool[] DimMask(ReadOnlySpan<int> dims, int rank, string op)
    {
        var mask = new bool[rank];
        if (dims.Length == 0)
        {
            Array.Fill(mask, true);
            return mask;
        }
        foreach (int d in dims)
        {
            int nd = Tensor.NormalizeDim(d, rank, op);
            if (rank == 0) continue;
            if (mask[nd]) throw new ArgumentException($"{op}: dimension {d} appears more than once in the reduction dims.");
            mask[nd] = true;
        }
        return mask;
    }

    /// <summary>The output shape: reduced dims dropped, or kept as 1 with <paramref name="keepDim"/>.</summary>
    public static int[] OutputShape(ReadOnlySpan<int> shape, bool[] mask, bool keepDim)
    {
        var result = new List<int>(shape.Length);
        for (int i = 0; i < shape.Length; i++)
            if (!mask[i]) result.Add(shape[i]);
            else if (keepDim) result.Add(1);
        return result.ToArray();
    }

    /// <summary>Number of elements in the reduced dims (1 for a 0-d input).</summary>
    public static int ReducedCount(ReadOnlySpan<int> shape, bool[] mask)
    {
        int n = 1;
        for (int i = 0; i < shape.Length; i++) if (mask[i]) n *= shape[i];
        return n;
    }

    /// <summary>Throws the error PyTorch gives for reductions without an identity over an empty extent.</summary>
    public static void RequireNonEmpty(Tensor x, bool[] mask, string op)
    {
        if (ReducedCount(x.Dims, mask) == 0)
            throw new ArgumentException($"{op}: cannot reduce over an empty extent of a tensor of shape {x.Shape}; the operation has no identity.");
    }

    /// <summary>Reduces <paramref name="x"/> over the masked dims with <typeparamref name="TOp"/>.</summary>
    public static Tensor Reduce<TOp>(Tensor x, bool[] mask, bool keepDim, string op) where TOp : IReduceOp => x.DType switch
    {
        DType.Float32 => Run<float, TOp>(x, mask, keepDim),
        DType.Float64 => Run<double, TOp>(x, mask, keepDim),
        DType.Int64 => Run<long, TOp>(x, mask, keepDim),
        DType.Int32 => Run<int, TOp>(x, mask, keepDim),
        // Max and min of bools are any and all, as in PyTorch's amax/amin.
        DType.Bool => Run<int, TOp>(x.To(DType.Int32), mask, keepDim).To(DType.Bool),
        _ => throw new NotSupportedException($"{op}: not supported for {x.DType} tensors."),
    };

    /// <summary>
    /// Views <paramref name="x"/> as a dense (outer, reduced, inner) block, copying only when the reduced dims are
    /// not one contiguous run of a dense tensor. With <paramref name="reducedLast"/> the reduced dims are always
    /// moved last (inner is 1), for kernels that work on whole rows.
    /// </summary>
    public static (Tensor Dense, int Outer, int Reduced, int Inner) Arrange(Tensor x, bool[] mask, bool reducedLast = false)
    {
        int rank = x.Rank;
        int first = Array.IndexOf(mask, true), last = Array.LastIndexOf(mask, true);
        bool block = first >= 0;
        for (int i = first; block && i <= last; i++)
            if (!mask[i] && x.Dims[i] != 1) block = false;
        for (int i = last + 1; block && reducedLast && i < rank; i++)
            if (x.Dims[i] != 1) block = false;
        if (block && x.IsContiguous)
        {
            int outer = 1, reduced = 1, inner = 1;
            for (int i = 0; i < rank; i++)
            {
                if (i < first) outer *= x.Dims[i];
                else if (i > last) inner *= x.Dims[i];
                else reduced *= x.Dims[i];
            }
            return (x, outer, reduced, inner);
        }
        var order = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) if (!mask[i]) order[k++] = i;
        for (int i = 0; i < rank; i++) if (mask[i]) order[k++] = i;
        var dims = new int[rank];
        var strides = new int[rank];
        int kept = 1, red = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = x.Dims[order[i]];
            strides[i] = x.Strides[order[i]];
            if (mask[order[i]]) red *= dims[i];
            else kept *= dims[i];
        }
        var permuted = x.Borrow(dims, strides, x.Offset);
        return (permuted.DenseCopy(), kept, red, 1);
    }

    /// <summary>Sizes of the dims before and after <paramref name="dim"/> of a dense tensor (outer, inner).</summary>
    public static (int Outer, int Inner) Around(ReadOnlySpan<int> dims, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= dims[i];
        for (int i = dim + 1; i < dims.Length; i++) inner *= dims[i];
        return (outer, inner);
    }

    /// <summary>
    /// The layout of a same-shape op along <paramref name="dim"/> (scan, softmax): a fresh result, the dense input's
    /// buffer and offset, and the (outer, n, inner) block sizes around the dim.
    /// </summary>
    public static (Tensor Result, T[] Src, int Offset, T[] Dst, int Outer, int N, int Inner) AlongDim<T>(Tensor x, int dim) where T : unmanaged
    {
        var dense = x.Contiguous();
        var result = Tensor.Empty(x.Dims, x.DType);
        var (outer, inner) = Around(x.Dims, dim);
        int n = x.Rank == 0 ? 1 : x.Dims[dim];
        return (result, dense.Buffer<T>(), dense.Offset, result.Buffer<T>(), outer, n, inner);
    }

    private static Tensor Run<T, TOp>(Tensor x, bool[] mask, bool keepDim) where T : unmanaged, INumber<T> where TOp : IReduceOp
    {
        var result = Tensor.Empty(OutputShape(x.Dims, mask, keepDim), x.DType);
        var (dense, outer, reduced, inner) = Arrange(x, mask);
        var src = dense.Buffer<T>();
        var dst = result.Buffer<T>();
        int off = dense.Offset;
        if (outer * inner == 0) return result;
        if (reduced == 0)
        {
            dst.AsSpan(0, outer * inner).Fill(TOp.Reduce<T>([]));
            return result;
        }
        if (inner == 1)
        {
            if (reduced >= 2 * RowChunk && outer < Threads.Count)
            {
                for (int o = 0; o < outer; o++) dst[o] = ReduceRow<T, TOp>(src, off + o * reduced, reduced, parallel: true);
                return result;
            }
            ParallelFor.Run(outer, reduced, (s, e) =>
            {
                for (int o = s; o < e; o++) dst[o] = ReduceRow<T, TOp>(src, off + o * reduced, reduced, parallel: false);
            });
            return result;
        }
        int chunks = (inner + InnerChunk - 1) / InnerChunk;
        ParallelFor.Run(outer * chunks, (long)reduced * Math.Min(inner, InnerChunk), (s, e) =>
        {
            for (int item = s; item < e; item++)
            {
                int o = item / chunks, c = item % chunks;
                int i0 = c * InnerChunk, len = Math.Min(InnerChunk, inner - i0);
                FoldRows<T, TOp>(src, off + o * reduced * inner + i0, inner, reduced, dst.AsSpan(o * inner + i0, len));
            }
        });
        return result;
    }

    /// <summary>
    /// Reduces one row; a long row is cut into fixed-size chunks whose partials are combined in order, the same
    /// numbers whether the chunks run in parallel (when there are too few rows to keep the threads busy) or not.
    /// </summary>
    private static T ReduceRow<T, TOp>(T[] data, int offset, int n, bool parallel) where T : unmanaged, INumber<T> where TOp : IReduceOp
    {
        if (n < 2 * RowChunk) return TOp.Reduce<T>(data.AsSpan(offset, n));
        int chunks = (n + RowChunk - 1) / RowChunk;
        var partials = new T[chunks];
        void Body(int s, int e)
        {
            for (int c = s; c < e; c++)
            {
                int start = c * RowChunk;
                partials[c] = TOp.Reduce<T>(data.AsSpan(offset + start, Math.Min(RowChunk, n - start)));
            }
        }
        if (parallel) ParallelFor.Run(chunks, RowChunk, Body);
        else Body(0, chunks);
        return TOp.Reduce<T>(partials);
    }

    /// <summary>
    /// Folds <paramref name="count"/> rows of <c>acc.Length</c> elements (row r at <c>start + r * stride</c>) into
    /// <paramref name="acc"/>, pairwise so that sums stay accurate over long reduced extents.
    /// </summary>
    private static void FoldRows<T, TOp>(T[] src, int start, int stride, int count, Span<T> acc) where T : unmanaged, INumber<T> where TOp : IReduceOp
    {
        int len = acc.Length;
        if (count <= FoldLeaf)
        {
            src.AsSpan(start, len).CopyTo(acc);
            for (int r = 1; r < count; r++) TOp.Combine<T>(acc, src.AsSpan(start + r * stride, len));
            return;
        }
        int half = count / 2;
        FoldRows<T, TOp>(src, start, stride, half, acc);
        var tmp = ArrayPool<T>.Shared.Rent(len);
        try
        {
            FoldRows<T, TOp>(src, start + half * stride, stride, count - half, tmp.AsSpan(0, len));
            TOp.Combine<T>(acc, tmp.AsSpan(0, len));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(tmp);
        }
    }
}
