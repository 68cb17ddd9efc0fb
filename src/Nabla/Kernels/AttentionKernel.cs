using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// The middle pass of fused attention: on dense (rows, S) scores, in place, scale, apply a boolean keep-mask or an
/// additive mask and the causal cut, then take a max-shifted softmax of every row, touching each score once for the
/// masking and once for the normalisation. Rows whose every position is masked become NaN, as softmax of all −∞ does.
/// </summary>
internal static class AttentionKernel
{
    /// <summary>
    /// Rewrites <paramref name="scores"/> (…, L, S) with attention weights. <paramref name="mask"/> is null, a dense Bool
    /// tensor (true keeps) or a dense tensor of the scores' dtype, of the scores' shape.
    /// </summary>
    public static void ScaleMaskSoftmax(Tensor scores, double scale, Tensor? mask, bool causal)
    {
        if (scores.NumElements == 0) return;
        if (scores.DType == DType.Float32) Run<float>(scores, (float)scale, mask, causal);
        else Run<double>(scores, scale, mask, causal);
    }

    private static void Run<T>(Tensor scores, T scale, Tensor? mask, bool causal) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int l = scores.Dims[^2], s = scores.Dims[^1];
        int rows = scores.NumElements / s;
        var buf = scores.Buffer<T>();
        var keep = mask is { DType: DType.Bool } ? mask.Buffer<bool>() : null;
        var add = mask is not null && mask.DType != DType.Bool ? mask.Buffer<T>() : null;
        int maskOff = mask?.Offset ?? 0;
        ParallelFor.Run(rows, 6L * s, (start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var row = buf.AsSpan(r * s, s);
                TensorPrimitives.Multiply(row, scale, row);
                if (add is not null) TensorPrimitives.Add(row, add.AsSpan(maskOff + r * s, s), row);
                if (keep is not null)
                {
                    var k = keep.AsSpan(maskOff + r * s, s);
                    for (int j = 0; j < s; j++)
                        if (!k[j]) row[j] = T.NegativeInfinity;
                }
                if (causal) row[Math.Min(r % l + 1, s)..].Fill(T.NegativeInfinity);
                Softmax(row);
            }
        });
    }

    private static void Softmax<T>(Span<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max<T>(row);
        if (T.IsNegativeInfinity(max))
        {
            row.Fill(T.NaN);
            return;
        }
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        T sum = TensorPrimitives.Sum<T>(row);
        TensorPrimitives.Divide(row, sum, row);
    }
}
