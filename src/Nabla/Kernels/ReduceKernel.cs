using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>An associative reduction (sum, product, max, min) over spans.</summary>
internal interface IReduceOp
{
    /// <summary>Reduces a whole span to one value.</summary>
    static abstract T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>;

    /// <summary>Folds <paramref name="x"/> into <paramref name="acc"/> elementwise.</summary>
    static abstract void Combine<T>(Span<T> acc, ReadOnlySpan<T> x) where T : unmanaged, INumber<T>;
}

/// <summary>Sum reduction.</summary>
internal readonly struct SumReduce : IReduceOp
{
    public static T Reduce<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Sum(x);
    public static void Combine<T>(Span<T> acc, ReadOnlySpan<T> x) where T : unmanaged, INumber<T> => TensorPrimitives.Add(acc, x, acc);
}

/// <summary>
/// Reductions over any set of dimensions. The input is arranged as (outer, reduced, inner) blocks: rows are reduced
/// with span kernels when inner is 1, otherwise whole inner rows are folded together, which keeps memory access
/// sequential in both cases. Parallel over outer blocks, so results are deterministic for a thread count.
/// </summary>
internal static class ReduceKernel
{
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

    /// <summary>Reduces <paramref name="x"/> over the masked dims with <typeparamref name="TOp"/>.</summary>
    public static Tensor Reduce<TOp>(Tensor x, bool[] mask, bool keepDim, string op) where TOp : IReduceOp => x.DType switch
    {
        DType.Float32 => Run<float, TOp>(x, mask, keepDim),
        DType.Float64 => Run<double, TOp>(x, mask, keepDim),
        DType.Int64 => Run<long, TOp>(x, mask, keepDim),
        DType.Int32 => Run<int, TOp>(x, mask, keepDim),
        _ => throw new NotSupportedException($"{op}: not supported for {x.DType} tensors."),
    };

    /// <summary>
    /// Views <paramref name="x"/> as a dense (outer, reduced, inner) block, copying only when the reduced dims are
    /// not one contiguous run of a dense tensor.
    /// </summary>
    public static (Tensor Dense, int Outer, int Reduced, int Inner) Arrange(Tensor x, bool[] mask)
    {
        int rank = x.Rank;
        int first = Array.IndexOf(mask, true), last = Array.LastIndexOf(mask, true);
        bool block = first >= 0;
        for (int i = first; block && i <= last; i++)
            if (!mask[i] && x.Dims[i] != 1) block = false;
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
        var permuted = new Tensor(x.Storage, dims, strides, x.Offset);
        return (permuted.DenseCopy(), kept, red, 1);
    }

    private static Tensor Run<T, TOp>(Tensor x, bool[] mask, bool keepDim) where T : unmanaged, INumber<T> where TOp : IReduceOp
    {
        var result = Tensor.Empty(OutputShape(x.Dims, mask, keepDim), x.DType);
        var (dense, outer, reduced, inner) = Arrange(x, mask);
        var src = dense.Buffer<T>();
        var dst = result.Buffer<T>();
        int off = dense.Offset;
        if (reduced == 0)
        {
            dst.AsSpan(0, outer * inner).Fill(TOp.Reduce<T>([]));
            return result;
        }
        if (inner == 1)
        {
            ParallelFor.Run(outer, reduced, (s, e) =>
            {
                for (int o = s; o < e; o++) dst[o] = TOp.Reduce<T>(src.AsSpan(off + o * reduced, reduced));
            });
            return result;
        }
        ParallelFor.Run(outer, (long)reduced * inner, (s, e) =>
        {
            for (int o = s; o < e; o++)
            {
                var acc = dst.AsSpan(o * inner, inner);
                int b = off + o * reduced * inner;
                src.AsSpan(b, inner).CopyTo(acc);
                for (int r = 1; r < reduced; r++) TOp.Combine<T>(acc, src.AsSpan(b + r * inner, inner));
            }
        });
        return result;
    }
}
