using System.Numerics;

namespace Nabla.Kernels;

/// <summary>True where two numbers are equal or both NaN: the elements a max/min reduction selected.</summary>
internal readonly struct SameOrBothNaN : ICompareOp
{
    public static bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a == b || (T.IsNaN(a) && T.IsNaN(b));
}

/// <summary>
/// Arg-reductions along one dimension (values and first-occurrence indices of the max or min, NaN counting as the
/// extreme as in PyTorch) and the constant selection masks their gradients are scattered through.
/// </summary>
internal static class ReduceIndexKernel
{
    /// <summary>
    /// Max (or min) of <paramref name="x"/> along <paramref name="dim"/> with the int64 index of its first occurrence.
    /// Values are null unless <paramref name="wantValues"/>.
    /// </summary>
    public static (Tensor? Values, Tensor Indices) ArgExtreme(Tensor x, int dim, bool keepDim, bool max, bool wantValues, string op)
    {
        var mask = ReduceKernel.DimMask([dim], x.Rank, op);
        ReduceKernel.RequireNonEmpty(x, mask, op);
        if (x.DType == DType.Bool && wantValues)
        {
            // PyTorch's max/min along a dim accept bools (any/all with the first index); its argmax/argmin do not.
            var (v, i) = Run<int>(x.To(DType.Int32), mask, keepDim, max, wantValues);
            return (v!.To(DType.Bool), i);
        }
        return x.DType switch
        {
            DType.Float32 => Run<float>(x, mask, keepDim, max, wantValues),
            DType.Float64 => Run<double>(x, mask, keepDim, max, wantValues),
            DType.Int64 => Run<long>(x, mask, keepDim, max, wantValues),
            DType.Int32 => Run<int>(x, mask, keepDim, max, wantValues),
            _ => throw new NotSupportedException($"{op}: not supported for {x.DType} tensors."),
        };
    }

    private static (Tensor? Values, Tensor Indices) Run<T>(Tensor x, bool[] mask, bool keepDim, bool max, bool wantValues) where T : unmanaged, INumber<T>
    {
        var shape = ReduceKernel.OutputShape(x.Dims, mask, keepDim);
        var indices = Tensor.Empty(shape, DType.Int64);
        var values = wantValues ? Tensor.Empty(shape, x.DType) : null;
        var (dense, outer, n, _) = ReduceKernel.Arrange(x, mask, reducedLast: true);
        var src = dense.Buffer<T>();
        var idx = indices.Buffer<long>();
        var val = values?.Buffer<T>();
        int off = dense.Offset;
        ParallelFor.Run(outer, n, (s, e) =>
        {
            for (int o = s; o < e; o++)
            {
                var row = src.AsSpan(off + o * n, n);
                int best = 0;
                T b = row[0];
                if (!T.IsNaN(b))
                {
                    for (int r = 1; r < row.Length; r++)
                    {
                        T v = row[r];
                        if (T.IsNaN(v)) { best = r; b = v; break; }
                        if (max ? v > b : v < b) { best = r; b = v; }
                    }
                }
                idx[o] = best;
                if (val is not null) val[o] = b;
            }
        });
        return (values, indices);
    }

    /// <summary>A tensor of shape <paramref name="dims"/> that is 1 at the positions <paramref name="indices"/> picks along <paramref name="dim"/>.</summary>
    public static Tensor OneHot(Tensor indices, int[] dims, int dim, DType dtype) => dtype switch
    {
        DType.Float32 => OneHot<float>(indices, dims, dim, dtype),
        _ => OneHot<double>(indices, dims, dim, dtype),
    };

    private static Tensor OneHot<T>(Tensor indices, int[] dims, int dim, DType dtype) where T : unmanaged, INumber<T>
    {
        var result = Tensor.Zeros(dims, dtype);
        if (result.NumElements == 0) return result;
        var (outer, inner) = ReduceKernel.Around(dims, dim);
        int n = dims.Length == 0 ? 1 : dims[dim];
        var idx = indices.Contiguous().Span<long>();
        var dst = result.Buffer<T>();
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                dst[(o * n + (int)idx[o * inner + i]) * inner + i] = T.One;
        return result;
    }

    /// <summary>
    /// Weights that share a max/min reduction's gradient evenly among the elements equal to the result (ties, or
    /// all NaNs when the result is NaN): 1/count at selected elements, 0 elsewhere. Shape of <paramref name="x"/>.
    /// </summary>
    public static Tensor TieWeights(Tensor x, Tensor y, bool[] mask)
    {
        using var noGrad = Tensor.NoGrad();
        var kept = ReduceKernel.OutputShape(x.Dims, mask, keepDim: true);
        var yk = y.Detach().Reshape(kept);
        var selected = BinaryKernel.Compare<SameOrBothNaN>(x.Detach(), yk, "TieWeights").To(x.DType);
        return selected / ReduceKernel.Reduce<SumReduce>(selected, mask, keepDim: true, "TieWeights");
    }
}
