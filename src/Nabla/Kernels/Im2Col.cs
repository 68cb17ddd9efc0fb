using System.Numerics;
using Nabla.Ops;

namespace Nabla.Kernels;

/// <summary>
/// Unfolds one group of one image into the (Cg·KH·KW, OH·OW) matrix whose product with the weights is the
/// convolution (im2col), and folds such a matrix back, accumulating overlaps (col2im, its adjoint).
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>The output columns [lo, hi) whose input column <c>ow·s − p + off</c> lies in [0, w).</summary>
    private static (int Lo, int Hi) ValidRange(int ow, int s, int p, int off, int w)
    {
        int first = off - p;
        int lo = first >= 0 ? 0 : (-first + s - 1) / s;
        int hi = w - 1 - first < 0 ? 0 : (w - 1 - first) / s + 1;
        lo = Math.Min(lo, ow);
        hi = Math.Clamp(hi, lo, ow);
        return (lo, hi);
    }

    /// <summary>Fills <paramref name="col"/> (K×L) from the Cg channels of one image at <paramref name="x"/> (Cg×H×W).</summary>
    public static void Unfold<T>(in ConvGeometry g, T* x, T* col) where T : unmanaged, INumber<T>
    {
        int L = g.L;
        for (int c = 0; c < g.Cg; c++)
        {
            T* plane = x + (long)c * g.H * g.W;
            for (int ki = 0; ki < g.KH; ki++)
            for (int kj = 0; kj < g.KW; kj++)
            {
                T* row = col + (long)((c * g.KH + ki) * g.KW + kj) * L;
                var (lo, hi) = ValidRange(g.OW, g.SW, g.PW, kj * g.DW, g.W);
                for (int oh = 0; oh < g.OH; oh++)
                {
                    T* dst = row + oh * g.OW;
                    int ih = oh * g.SH - g.PH + ki * g.DH;
                    if ((uint)ih >= (uint)g.H)
                    {
                        new Span<T>(dst, g.OW).Clear();
                        continue;
                    }
                    for (int ow = 0; ow < lo; ow++) dst[ow] = T.Zero;
                    T* src = plane + (long)ih * g.W + (lo * g.SW - g.PW + kj * g.DW);
                    if (g.SW == 1) new ReadOnlySpan<T>(src, hi - lo).CopyTo(new Span<T>(dst + lo, hi - lo));
                    else
                        for (int ow = lo; ow < hi; ow++, src += g.SW) dst[ow] = *src;
                    for (int ow = hi; ow < g.OW; ow++) dst[ow] = T.Zero;
                }
            }
        }
    }

    /// <summary>Adds the columns of <paramref name="col"/> (K×L) into the Cg channels of one image at <paramref name="x"/>.</summary>
    public static void Fold<T>(in ConvGeometry g, T* col, T* x) where T : unmanaged, INumber<T>
    {
        int L = g.L;
        for (int c = 0; c < g.Cg; c++)
        {
            T* plane = x + (long)c * g.H * g.W;
            for (int ki = 0; ki < g.KH; ki++)
            for (int kj = 0; kj < g.KW; kj++)
            {
                T* row = col + (long)((c * g.KH + ki) * g.KW + kj) * L;
                var (lo, hi) = ValidRange(g.OW, g.SW, g.PW, kj * g.DW, g.W);
                if (lo >= hi) continue;
                for (int oh = 0; oh < g.OH; oh++)
                {
                    int ih = oh * g.SH - g.PH + ki * g.DH;
                    if ((uint)ih >= (uint)g.H) continue;
                    T* src = row + oh * g.OW;
                    T* dst = plane + (long)ih * g.W + (lo * g.SW - g.PW + kj * g.DW);
                    if (g.SW == 1) AddTo(src + lo, dst, hi - lo);
                    else
                        for (int ow = lo; ow < hi; ow++, dst += g.SW) *dst += src[ow];
                }
            }
        }
    }

    private static void AddTo<T>(T* src, T* dst, int n) where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = System.Runtime.CompilerServices.Unsafe.Read<Vector<T>>(dst + i) + System.Runtime.CompilerServices.Unsafe.Read<Vector<T>>(src + i);
                System.Runtime.CompilerServices.Unsafe.Write(dst + i, v);
            }
        for (; i < n; i++) dst[i] += src[i];
    }
}
