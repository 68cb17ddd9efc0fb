using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Row kernels of layer normalisation on dense (rows, D) data: the forward pass makes y and the per-row mean and
/// 1/σ in one sweep per row, the backward pass makes dx per row and the weight and bias gradients as column sums.
/// The column sums go through fixed blocks of rows whose partials are added in block order, so results do not
/// depend on the thread count.
/// </summary>
internal static class LayerNormKernel
{
    private const int RowsPerBlock = 64;

    /// <summary>
    /// y = (x − mean)·rstd·w + b per row, with the biased variance; <paramref name="weight"/> and
    /// <paramref name="bias"/> are dense length-D spans or empty.
    /// </summary>
    public static void Forward<T>(T[] x, int xOffset, T[] weight, int wOffset, T[] bias, int bOffset, bool hasWeight, bool hasBias,
        T eps, int rows, int d, T[] y, T[] mean, T[] rstd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T count = T.CreateTruncating(d);
        ParallelFor.Run(rows, 6L * d, (start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var xr = x.AsSpan(xOffset + r * d, d);
                var yr = y.AsSpan(r * d, d);
                T m = TensorPrimitives.Sum<T>(xr) / count;
                TensorPrimitives.Subtract(xr, m, yr);
                T s = T.One / T.Sqrt(TensorPrimitives.SumOfSquares<T>(yr) / count + eps);
                mean[r] = m;
                rstd[r] = s;
                if (hasWeight)
                {
                    TensorPrimitives.Multiply(yr, s, yr);
                    if (hasBias) TensorPrimitives.FusedMultiplyAdd(yr, weight.AsSpan(wOffset, d), bias.AsSpan(bOffset, d), yr);
                    else TensorPrimitives.Multiply(yr, weight.AsSpan(wOffset, d), yr);
                }
                else if (hasBias)
                {
                    TensorPrimitives.FusedMultiplyAdd(yr, s, bias.AsSpan(bOffset, d), yr);
                }
                else
                {
                    TensorPrimitives.Multiply(yr, s, yr);
                }
            }
        });
    }

    /// <summary>
    /// dx = rstd·(gw − mean(gw) − x̂·mean(gw·x̂)) per row with x̂ = (x − mean)·rstd and gw = g·w (g without a weight);
    /// <paramref name="dWeight"/> = Σ_rows g·x̂ and <paramref name="dBias"/> = Σ_rows g when not null.
    /// </summary>
    public static void Backward<T>(T[] x, int xOffset, T[] g, int gOffset, T[] weight, int wOffset, bool hasWeight, T[] mean, T[] rstd,
        int rows, int d, T[]? dx, T[]? dWeight, T[]? dBias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T count = T.CreateTruncating(d);
        int blocks = (rows + RowsPerBlock - 1) / RowsPerBlock;
        bool columns = dWeight is not null || dBias is not null;
        var partW = dWeight is null ? null : new T[blocks * d];
        var partB = dBias is null ? null : new T[blocks * d];
        ParallelFor.Run(blocks, 10L * d * RowsPerBlock, (start, end) =>
        {
            var xhat = new T[d];
            var gw = new T[d];
            for (int block = start; block < end; block++)
            {
                int last = Math.Min(rows, (block + 1) * RowsPerBlock);
                for (int r = block * RowsPerBlock; r < last; r++)
                {
                    var xr = x.AsSpan(xOffset + r * d, d);
                    var gr = g.AsSpan(gOffset + r * d, d);
                    T s = rstd[r];
                    TensorPrimitives.Subtract(xr, mean[r], xhat);
                    TensorPrimitives.Multiply(xhat, s, xhat);
                    if (columns)
                    {
                        if (partW is not null) TensorPrimitives.FusedMultiplyAdd(gr, xhat, partW.AsSpan(block * d, d), partW.AsSpan(block * d, d));
                        if (partB is not null) TensorPrimitives.Add(partB.AsSpan(block * d, d), gr, partB.AsSpan(block * d, d));
                    }
                    if (dx is null) continue;
                    ReadOnlySpan<T> gws = gr;
                    if (hasWeight)
                    {
                        TensorPrimitives.Multiply(gr, weight.AsSpan(wOffset, d), gw);
                        gws = gw;
                    }
                    T a = TensorPrimitives.Sum(gws) / count, c = TensorPrimitives.Dot(gws, xhat) / count;
                    var dr = dx.AsSpan(r * d, d);
                    TensorPrimitives.FusedMultiplyAdd(xhat, -c, gws, dr);
                    TensorPrimitives.Subtract(dr, a, dr);
                    TensorPrimitives.Multiply(dr, s, dr);
                }
            }
        });
        if (partW is not null) SumBlocks(partW, blocks, d, dWeight!);
        if (partB is not null) SumBlocks(partB, blocks, d, dBias!);
    }

    private static void SumBlocks<T>(T[] partials, int blocks, int d, T[] result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var acc = result.AsSpan(0, d);
        acc.Clear();
        for (int b = 0; b < blocks; b++) TensorPrimitives.Add(acc, partials.AsSpan(b * d, d), acc);
    }
}
