using System.Numerics;
using Nabla.Ops;

namespace Nabla.Kernels;

internal static unsafe partial class PoolKernel
{
    /// <summary>
    /// Max pooling (N, C, H, W) → (N, C, OH, OW), with the in-plane flat index h·W + w of each maximum (first on
    /// ties, NaN wins) as int32 when <paramref name="withIndices"/>; indices are only needed for gradients.
    /// </summary>
    public static (Tensor Values, Tensor? Indices) Max(Tensor x, PoolGeometry g, bool withIndices)
    {
        int[] dims = [x.Dims[0], x.Dims[1], g.OH, g.OW];
        var y = Tensor.Allocate(dims, x.DType, zero: false);
        var idx = withIndices ? Tensor.Allocate(dims, DType.Int32, zero: false) : null;
        if (y.NumElements == 0) return (y, idx);
        x = x.IsContiguous ? x : x.DenseCopy();
        if (x.DType == DType.Float32) Max<float>(x, y, idx, g);
        else Max<double>(x, y, idx, g);
        return (y, idx);
    }

    /// <summary>The max-pooling gradient: each gy (N, C, OH, OW) value added at its window's maximum of a zero (N, C, H, W).</summary>
    public static Tensor MaxScatter(Tensor gy, Tensor indices, PoolGeometry g)
    {
        var dx = Tensor.Allocate([gy.Dims[0], gy.Dims[1], g.H, g.W], gy.DType, zero: true);
        if (gy.NumElements == 0) return dx;
        gy = gy.IsContiguous ? gy : gy.DenseCopy();
        if (gy.DType == DType.Float32) Move<float>(gy, dx, indices, g, scatter: true);
        else Move<double>(gy, dx, indices, g, scatter: true);
        return dx;
    }

    /// <summary>The adjoint of <see cref="MaxScatter"/>: reads x (N, C, H, W) at each window's saved maximum.</summary>
    public static Tensor MaxGather(Tensor x, Tensor indices, PoolGeometry g)
    {
        var y = Tensor.Allocate([x.Dims[0], x.Dims[1], g.OH, g.OW], x.DType, zero: false);
        if (y.NumElements == 0) return y;
        x = x.IsContiguous ? x : x.DenseCopy();
        if (x.DType == DType.Float32) Move<float>(x, y, indices, g, scatter: false);
        else Move<double>(x, y, indices, g, scatter: false);
        return y;
    }

    // Index −1 marks a window with no tap inside the input (see MaxWindows): nothing to scatter, zero to gather.
    private static void Move<T>(Tensor st, Tensor dt, Tensor it, PoolGeometry g, bool scatter) where T : unmanaged, INumber<T>
    {
        T[] src = st.Buffer<T>(), dst = dt.Buffer<T>();
        int[] ids = it.Buffer<int>();
        int so = st.Offset, io = it.Offset, plane = g.H * g.W, outPlane = g.OH * g.OW;
        ParallelFor.Run(g.Planes, outPlane * 2L, (p0, p1) =>
        {
            fixed (T* ps = src, pd = dst)
            fixed (int* pi = ids)
                for (int p = p0; p < p1; p++)
                {
                    int* ix = pi + io + (long)p * outPlane;
                    if (scatter)
                    {
                        T* gy = ps + so + (long)p * outPlane;
                        T* dx = pd + (long)p * plane;
                        for (int o = 0; o < outPlane; o++)
                            if (ix[o] >= 0) dx[ix[o]] += gy[o];
                    }
                    else
                    {
                        T* x = ps + so + (long)p * plane;
                        T* y = pd + (long)p * outPlane;
                        for (int o = 0; o < outPlane; o++) y[o] = ix[o] >= 0 ? x[ix[o]] : T.Zero;
                    }
                }
        });
    }

    private static void Max<T>(Tensor xt, Tensor yt, Tensor? it, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = xt.Buffer<T>(), ys = yt.Buffer<T>();
        int[]? ids = it?.Buffer<int>();
        int xo = xt.Offset, plane = g.H * g.W, outPlane = g.OH * g.OW;
        bool pairs = g is { KH: 2, KW: 2, SH: 2, SW: 2, PH: 0, PW: 0, DH: 1, DW: 1 } && 2 * g.OH <= g.H && 2 * g.OW <= g.W;
        ParallelFor.Run(g.Planes, (long)outPlane * g.KH * g.KW, (p0, p1) =>
        {
            fixed (T* px = xs, py = ys)
            fixed (int* pi = ids)
                for (int p = p0; p < p1; p++)
                {
                    T* src = px + xo + (long)p * plane;
                    T* dst = py + (long)p * outPlane;
                    int* di = pi is null ? null : pi + (long)p * outPlane;
                    if (pairs) Max2x2(src, dst, di, g);
                    else MaxWindows(src, dst, di, g);
                }
        });
    }

    // As PyTorch: a later NaN replaces the running maximum, ties keep the first.
    private static bool Beats<T>(T v, T best) where T : IFloatingPointIeee754<T> => v > best || T.IsNaN(v);

    /// <summary>
    /// The common 2×2, stride-2 window without padding, branch-free (data-dependent branches mispredict on ReLU
    /// outputs full of ties). The window's sequential rule equals the rule applied to the better of each row pair
    /// and then to the two rows, so each row pair is reduced with vectors over all column pairs (c, c + 1) and the
    /// even columns are kept: the value, and a code 0–3 locating the winning tap.
    /// </summary>
    private static void Max2x2<T>(T* src, T* dst, int* di, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = g.W, ow = g.OW, n = 2 * ow - 1, vc = Vector<T>.Count;
        if (!Vector.IsHardwareAccelerated || n < vc || n > 4096)
        {
            MaxWindows(src, dst, di, g);
            return;
        }
        T* best = stackalloc T[n];
        T* code = stackalloc T[n];
        var one = Vector<T>.One;
        var two = one + one;
        for (int oh = 0; oh < g.OH; oh++)
        {
            T* r0 = src + 2L * oh * w;
            T* r1 = r0 + w;
            for (int c0 = 0; c0 < n; c0 += vc)
            {
                // The last block overlaps the one before it rather than running a scalar tail.
                int c = Math.Min(c0, n - vc);
                var a0 = Vector.Load(r0 + c);
                var b0 = Vector.Load(r0 + c + 1);
                var a1 = Vector.Load(r1 + c);
                var b1 = Vector.Load(r1 + c + 1);
                var m0 = Beats(b0, a0);
                var m1 = Beats(b1, a1);
                var v0 = Vector.ConditionalSelect(m0, b0, a0);
                var v1 = Vector.ConditionalSelect(m1, b1, a1);
                var down = Beats(v1, v0);
                Vector.Store(Vector.ConditionalSelect(down, v1, v0), best + c);
                var k0 = Vector.ConditionalSelect(m0, one, Vector<T>.Zero);
                var k1 = Vector.ConditionalSelect(m1, one, Vector<T>.Zero) + two;
                Vector.Store(Vector.ConditionalSelect(down, k1, k0), code + c);
            }
            int rowAt = 2 * oh * w, o = oh * ow;
            for (int j = 0; j < ow; j++) dst[o + j] = best[2 * j];
            if (di != null)
                for (int j = 0; j < ow; j++)
                {
                    int k = int.CreateTruncating(code[2 * j]);
                    di[o + j] = rowAt + 2 * j + (k >> 1) * w + (k & 1);
                }
        }
    }

    private static Vector<T> Beats<T>(Vector<T> v, Vector<T> best) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.GreaterThan(v, best) | ~Vector.Equals(v, v);

    /// <summary>
    /// Any window: stride, padding and dilation, skipping taps outside the input. A dilated window that starts in the
    /// padding can step over a short input entirely (kernel 2, dilation 2, padding 1 over a width of 1): as in PyTorch
    /// it yields −∞, and its index is −1, which <see cref="Move{T}"/> treats as carrying no gradient.
    /// </summary>
    private static void MaxWindows<T>(T* src, T* dst, int* di, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int oh = 0; oh < g.OH; oh++)
        for (int ow = 0; ow < g.OW; ow++)
        {
            T best = T.NegativeInfinity;
            int at = -1;
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
                    if (at < 0) at = h * g.W + w;
                    if (Beats(v, best))
                    {
                        best = v;
                        at = h * g.W + w;
                    }
                }
            }
            dst[oh * g.OW + ow] = best;
            if (di != null) di[oh * g.OW + ow] = at;
        }
    }
}
