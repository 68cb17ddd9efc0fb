using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Row statistics over a set of dims: variance (two-pass: the mean, then the sum of squared deviations, both
/// summed pairwise) and log-sum-exp (shifted by the row max so that exp cannot overflow). Reduced dims are moved
/// last so each output element is one dense row; parallel over rows.
/// </summary>
internal static class ReduceStatsKernel
{
    /// <summary>Σ(x − mean)² / max(n − correction, 0) over the masked dims, or its square root with <paramref name="sqrt"/>.</summary>
    public static Tensor Variance(Tensor x, bool[] mask, double correction, bool keepDim, bool sqrt, string op) => x.DType switch
    {
        DType.Float32 => Variance<float>(x, mask, correction, keepDim, sqrt),
        DType.Float64 => Variance<double>(x, mask, correction, keepDim, sqrt),
        _ => throw new NotSupportedException($"{op}: expected a floating-point tensor, got {x.DType}."),
    };

    /// <summary>log Σ exp(x) over the masked dims; −∞ over an empty extent.</summary>
    public static Tensor LogSumExp(Tensor x, bool[] mask, bool keepDim, string op) => x.DType switch
    {
        DType.Float32 => LogSumExp<float>(x, mask, keepDim),
        DType.Float64 => LogSumExp<double>(x, mask, keepDim),
        _ => throw new NotSupportedException($"{op}: expected a floating-point tensor, got {x.DType}."),
    };

    private static Tensor Variance<T>(Tensor x, bool[] mask, double correction, bool keepDim, bool sqrt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T divisor = T.CreateChecked(Math.Max(ReduceKernel.ReducedCount(x.Dims, mask) - correction, 0));
        return ByRow<T>(x, mask, keepDim, (row, tmp) =>
        {
            T mean = SumReduce.Reduce<T>(row) / T.CreateChecked(row.Length);
            // The rounded mean of equal values can miss them by an ulp, which would give a constant row a tiny
            // nonzero spread and derivatives of ±1/n where PyTorch (Welford) has 0; the true mean lies within the row's range.
            if (!row.IsEmpty) mean = T.Clamp(mean, TensorPrimitives.Min(row), TensorPrimitives.Max(row));
            TensorPrimitives.Subtract(row, mean, tmp);
            TensorPrimitives.Multiply(tmp, tmp, tmp);
            T v = SumReduce.Reduce<T>(tmp) / divisor;
            return sqrt ? T.Sqrt(v) : v;
        });
    }

    private static Tensor LogSumExp<T>(Tensor x, bool[] mask, bool keepDim) where T : unmanaged, IFloatingPointIeee754<T> =>
        ByRow<T>(x, mask, keepDim, (row, tmp) =>
        {
            if (row.IsEmpty) return T.NegativeInfinity;
            T m = TensorPrimitives.Max(row);
            // An infinite max would turn x - m into NaN; a shift of 0 gives the right ±inf (PyTorch does the same).
            if (T.IsInfinity(m)) m = T.Zero;
            TensorPrimitives.Subtract(row, m, tmp);
            TensorPrimitives.Exp(tmp, tmp);
            return T.Log(SumReduce.Reduce<T>(tmp)) + m;
        });

    private delegate T RowFn<T>(ReadOnlySpan<T> row, Span<T> scratch);

    private static Tensor ByRow<T>(Tensor x, bool[] mask, bool keepDim, RowFn<T> fn) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = Tensor.Empty(ReduceKernel.OutputShape(x.Dims, mask, keepDim), x.DType);
        if (result.NumElements == 0) return result;
        var (dense, outer, n, _) = ReduceKernel.Arrange(x, mask, reducedLast: true);
        var src = dense.Buffer<T>();
        var dst = result.Buffer<T>();
        int off = dense.Offset;
        ParallelFor.Run(outer, 4L * n, (s, e) =>
        {
            var tmp = ArrayPool<T>.Shared.Rent(Math.Max(n, 1));
            try
            {
                for (int o = s; o < e; o++) dst[o] = fn(src.AsSpan(off + o * n, n), tmp.AsSpan(0, n));
            }
            finally
            {
                ArrayPool<T>.Shared.Return(tmp);
            }
        });
        return result;
    }
}
