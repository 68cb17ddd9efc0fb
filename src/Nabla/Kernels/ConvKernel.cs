using System.Buffers;
using System.Numerics;
using Nabla.Ops;

namespace Nabla.Kernels;

/// <summary>
/// The three products of a 2-D convolution, each as im2col/col2im around the packed GEMM: the forward
/// convolution, its adjoint in the input (the transposed convolution) and its adjoint in the weight. Work is
/// split over the batch, each thread with its own column buffer and single-threaded GEMMs; a batch smaller
/// than the thread count runs image by image with multi-threaded GEMMs instead.
/// </summary>
internal static unsafe partial class ConvKernel
{
    /// <summary>y (N, O, OH, OW) = conv(x (N, C, H, W), w (O, Cg, KH, KW)) + bias (O).</summary>
    public static Tensor Forward(Tensor x, Tensor w, Tensor? bias, ConvGeometry g)
    {
        var y = Tensor.Allocate(g.OutputDims, x.DType, zero: false);
        if (y.NumElements == 0) return y;
        x = Dense(x); w = Dense(w);
        if (bias is not null) bias = Dense(bias);
        if (x.DType == DType.Float32) Forward<float>(x, w, bias, y, g);
        else Forward<double>(x, w, bias, y, g);
        return y;
    }

    /// <summary>x-grad (N, C, H, W) = convᵀ(gy (N, O, OH, OW), w): the transposed convolution.</summary>
    public static Tensor Transposed(Tensor gy, Tensor w, ConvGeometry g)
    {
        var dx = Tensor.Allocate(g.InputDims, gy.DType, zero: true);
        if (dx.NumElements == 0 || g.L == 0 || g.O == 0) return dx;
        gy = Dense(gy); w = Dense(w);
        if (gy.DType == DType.Float32) Transposed<float>(gy, w, dx, g);
        else Transposed<double>(gy, w, dx, g);
        return dx;
    }

    /// <summary>w-grad (O, Cg, KH, KW) = Σₙ gyₙ · im2col(xₙ)ᵀ.</summary>
    public static Tensor WeightGrad(Tensor x, Tensor gy, ConvGeometry g)
    {
        var dw = Tensor.Allocate(g.WeightDims, x.DType, zero: true);
        if (dw.NumElements == 0 || g.N == 0 || g.L == 0) return dw;
        x = Dense(x); gy = Dense(gy);
        if (x.DType == DType.Float32) WeightGrad<float>(x, gy, dw, g);
        else WeightGrad<double>(x, gy, dw, g);
        return dw;
    }

    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : t.DenseCopy();

    /// <summary>Splits the batch into parts; GEMMs get all threads only when there is a single part.</summary>
    private static (int Parts, int GemmThreads) Split(in ConvGeometry g)
    {
        long work = (long)g.O * g.K * g.L;
        int parts = work * g.N < ParallelFor.DefaultThreshold ? 1 : Math.Min(Threads.Count, g.N);
        return (parts, parts > 1 ? 1 : Threads.Count);
    }

    private static void Forward<T>(Tensor xt, Tensor wt, Tensor? bt, Tensor yt, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (parts, gemmThreads) = Split(g);
        T[] xs = xt.Buffer<T>(), ws = wt.Buffer<T>(), ys = yt.Buffer<T>();
        T[]? bs = bt?.Buffer<T>();
        int xo = xt.Offset, wo = wt.Offset, bo = bt?.Offset ?? 0;
        ParallelFor.Run(parts, long.MaxValue / parts, (p0, p1) =>
        {
            T[]? col = g.IsPointwise ? null : ArrayPool<T>.Shared.Rent(g.K * g.L);
            try
            {
                fixed (T* px = xs, pw = ws, py = ys, pc = col)
                fixed (T* pb = bs)
                    for (int p = p0; p < p1; p++)
                    {
                        var (n0, n1) = ParallelFor.Chunk(g.N, parts, p);
                        for (int n = n0; n < n1; n++)
                            for (int grp = 0; grp < g.Groups; grp++)
                            {
                                T* xin = px + xo + ((long)n * g.C + grp * g.Cg) * g.H * g.W;
                                T* yout = py + ((long)n * g.O + grp * g.Og) * g.L;
                                T* b = xin;
                                if (col is not null)
                                {
                                    Im2Col.Unfold(g, xin, pc);
                                    b = pc;
                                }
                                GemmDriver<T>.Run(false, false, g.Og, g.L, g.K, T.One, pw + wo + (long)grp * g.Og * g.K, g.K,
                                    b, g.L, T.Zero, yout, g.L, gemmThreads);
                                if (pb is not null)
                                    for (int o = 0; o < g.Og; o++)
                                    {
                                        var row = new Span<T>(yout + (long)o * g.L, g.L);
                                        System.Numerics.Tensors.TensorPrimitives.Add(row, pb[bo + grp * g.Og + o], row);
                                    }
                            }
                    }
            }
            finally
            {
                if (col is not null) ArrayPool<T>.Shared.Return(col);
            }
        });
    }

    private static void Transposed<T>(Tensor gt, Tensor wt, Tensor dxt, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (parts, gemmThreads) = Split(g);
        T[] gs = gt.Buffer<T>(), ws = wt.Buffer<T>(), dxs = dxt.Buffer<T>();
        int go = gt.Offset, wo = wt.Offset;
        ParallelFor.Run(parts, long.MaxValue / parts, (p0, p1) =>
        {
            T[]? col = g.IsPointwise ? null : ArrayPool<T>.Shared.Rent(g.K * g.L);
            try
            {
                fixed (T* pg = gs, pw = ws, pdx = dxs, pc = col)
                    for (int p = p0; p < p1; p++)
                    {
                        var (n0, n1) = ParallelFor.Chunk(g.N, parts, p);
                        for (int n = n0; n < n1; n++)
                            for (int grp = 0; grp < g.Groups; grp++)
                            {
                                T* gin = pg + go + ((long)n * g.O + grp * g.Og) * g.L;
                                T* xout = pdx + ((long)n * g.C + grp * g.Cg) * g.H * g.W;
                                // A pointwise convolution's adjoint writes straight into the (zeroed) input gradient.
                                T* c = col is null ? xout : pc;
                                GemmDriver<T>.Run(true, false, g.K, g.L, g.Og, T.One, pw + wo + (long)grp * g.Og * g.K, g.K,
                                    gin, g.L, T.Zero, c, g.L, gemmThreads);
                                if (col is not null) Im2Col.Fold(g, pc, xout);
                            }
                    }
            }
            finally
            {
                if (col is not null) ArrayPool<T>.Shared.Return(col);
            }
        });
    }

    private static void WeightGrad<T>(Tensor xt, Tensor gt, Tensor dwt, ConvGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (parts, gemmThreads) = Split(g);
        T[] xs = xt.Buffer<T>(), gs = gt.Buffer<T>(), dws = dwt.Buffer<T>();
        int xo = xt.Offset, go = gt.Offset, size = g.O * g.K;
        // Each part accumulates its own partial sum; parts are added in order, so results do not depend on timing.
        var partials = new T[parts > 1 ? (parts - 1) * size : 0];
        ParallelFor.Run(parts, long.MaxValue / parts, (p0, p1) =>
        {
            T[]? col = g.IsPointwise ? null : ArrayPool<T>.Shared.Rent(g.K * g.L);
            try
            {
                fixed (T* px = xs, pg = gs, pdw = dws, ppart = partials, pc = col)
                    for (int p = p0; p < p1; p++)
                    {
                        T* acc = p == 0 ? pdw : ppart + (long)(p - 1) * size;
                        var (n0, n1) = ParallelFor.Chunk(g.N, parts, p);
                        for (int n = n0; n < n1; n++)
                            for (int grp = 0; grp < g.Groups; grp++)
                            {
                                T* xin = px + xo + ((long)n * g.C + grp * g.Cg) * g.H * g.W;
                                T* gin = pg + go + ((long)n * g.O + grp * g.Og) * g.L;
                                T* b = xin;
                                if (col is not null)
                                {
                                    Im2Col.Unfold(g, xin, pc);
                                    b = pc;
                                }
                                if (g.K <= SmallK) SmallKWeightGrad(g, gin, b, acc + (long)grp * g.Og * g.K);
                                else
                                    GemmDriver<T>.Run(false, true, g.Og, g.K, g.L, T.One, gin, g.L, b, g.L, T.One,
                                        acc + (long)grp * g.Og * g.K, g.K, gemmThreads);
                            }
                    }
            }
            finally
            {
                if (col is not null) ArrayPool<T>.Shared.Return(col);
            }
        });
        var total = new Span<T>(dws, 0, size);
        for (int p = 1; p < parts; p++)
            System.Numerics.Tensors.TensorPrimitives.Add(total, new ReadOnlySpan<T>(partials, (p - 1) * size, size), total);
    }
}
