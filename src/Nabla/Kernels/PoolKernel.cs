using System.Numerics;
using Nabla.Ops;

namespace Nabla.Kernels;

/// <summary>Direct pooling kernels over (N·C, H, W) planes, parallel over planes.</summary>
internal static unsafe partial class PoolKernel
{
    /// <summary>Average pooling over the ranges of <paramref name="g"/>: (planes, H, W) → (planes, OH, OW).</summary>
    public static Tensor Avg(Tensor x, PoolGeometry g)
    {
        var y = Tensor.Allocate([g.Planes, g.OH, g.OW], x.DType, zero: false);
        if (y.NumElements == 0) return y;
        x = x.IsContiguous ? x : x.DenseCopy();
        if (x.DType == DType.Float32) Avg<float>(x, y, g, adjoint: false);
        else Avg<double>(x, y, g, adjoint: false);
        return y;
    }

    /// <summary>The adjoint of <see cref="Avg"/>: spreads each (planes, OH, OW) value over its window, divided by the window's divisor.</summary>
    public static Tensor AvgAdjoint(Tensor gy, PoolGeometry g)
    {
        var dx = Tensor.Allocate([g.Planes, g.H, g.W], gy.DType, zero: true);
        if (dx.NumElements == 0 || gy.NumElements == 0) return dx;
        gy = gy.IsContiguous ? gy : gy.DenseCopy();
        if (gy.DType == DType.Float32) Avg<float>(gy, dx, g, adjoint: true);
        else Avg<double>(gy, dx, g, adjoint: true);
        return dx;
    }

    private static void Avg<T>(Tensor at, Tensor bt, PoolGeometry g, bool adjoint) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] src = at.Buffer<T>(), dst = bt.Buffer<T>();
        int so = at.Offset, plane = g.H * g.W, outPlane = g.OH * g.OW;
        ParallelFor.Run(g.Planes, (long)plane + outPlane * 4L, (p0, p1) =>
        {
            fixed (T* ps = src, pd = dst)
                for (int p = p0; p < p1; p++)
                {
                    T* x = adjoint ? pd + (long)p * plane : ps + so + (long)p * plane;
                    T* y = adjoint ? ps + so + (long)p * outPlane : pd + (long)p * outPlane;
                    for (int oh = 0; oh < g.OH; oh++)
                    for (int ow = 0; ow < g.OW; ow++)
                    {
                        T scale = T.CreateTruncating(1.0 / (g.RowDiv[oh] * g.ColDiv[ow]));
                        int ws = g.ColStart[ow], n = g.ColEnd[ow] - ws;
                        if (adjoint)
                        {
                            T v = y[oh * g.OW + ow] * scale;
                            for (int h = g.RowStart[oh]; h < g.RowEnd[oh]; h++)
                            {
                                T* row = x + (long)h * g.W + ws;
                                for (int w = 0; w < n; w++) row[w] += v;
                            }
                        }
                        else
                        {
                            T sum = T.Zero;
                            for (int h = g.RowStart[oh]; h < g.RowEnd[oh]; h++)
                            {
                                T* row = x + (long)h * g.W + ws;
                                for (int w = 0; w < n; w++) sum += row[w];
                            }
                            y[oh * g.OW + ow] = sum * scale;
                        }
                    }
                }
        });
    }
}
