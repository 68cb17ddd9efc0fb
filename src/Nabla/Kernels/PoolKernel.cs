using System.Numerics;
using Nabla.Ops;

namespace Nabla.Kernels;

/// <summary>Direct pooling kernels over (N·C, H, W) planes, parallel over planes.</summary>
internal static unsafe class PoolKernel
{
    /// <summary>Max pooling: values (planes, OH, OW) and the flat index h·W + w of each maximum (first on ties, NaN wins).</summary>
    public static (Tensor Values, Tensor Indices) Max(Tensor x, PoolGeometry g)
    {
        var y = Tensor.Allocate([g.Planes, g.OH, g.OW], x.DType, zero: false);
        var idx = Tensor.Allocate([g.Planes, g.OH, g.OW], DType.Int64, zero: false);
        if (y.NumElements == 0) return (y, idx);
        x = x.IsContiguous ? x : x.DenseCopy();
        if (x.DType == DType.Float32) Max<float>(x, y, idx, g);
        else Max<double>(x, y, idx, g);
        return (y, idx);
    }

    private static void Max<T>(Tensor xt, Tensor yt, Tensor it, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = xt.Buffer<T>(), ys = yt.Buffer<T>();
        long[] ids = it.Buffer<long>();
        int xo = xt.Offset, plane = g.H * g.W, outPlane = g.OH * g.OW;
        ParallelFor.Run(g.Planes, (long)outPlane * g.KH * g.KW, (p0, p1) =>
        {
            fixed (T* px = xs, py = ys)
            fixed (long* pi = ids)
                for (int p = p0; p < p1; p++)
                {
                    T* src = px + xo + (long)p * plane;
                    T* dst = py + (long)p * outPlane;
                    long* di = pi + (long)p * outPlane;
                    for (int oh = 0; oh < g.OH; oh++)
                    for (int ow = 0; ow < g.OW; ow++)
                    {
                        T best = T.NegativeInfinity;
                        long at = -1;
                        int h0 = oh * g.SH - g.PH, w0 = ow * g.SW - g.PW;
                        for (int i = 0; i < g.KH; i++)
                        {
                            int h = h0 + i * g.DH;
                            if ((uint)h >= (uint)g.H) continue;
                            T* row = src + (long)h * g.W;
                            for (int j = 0; j < g.KW; j++)
                            {
                                int w = w0 + j * g.DW;
                                if ((uint)w >= (uint)g.W) continue;
                                T v = row[w];
                                if (at < 0) at = (long)h * g.W + w;
                                // As PyTorch: a later NaN replaces the running maximum, ties keep the first.
                                if (v > best || T.IsNaN(v))
                                {
                                    best = v;
                                    at = (long)h * g.W + w;
                                }
                            }
                        }
                        dst[oh * g.OW + ow] = best;
                        di[oh * g.OW + ow] = at;
                    }
                }
        });
    }

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
