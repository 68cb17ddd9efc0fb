using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// Vectorised span kernels for the common activations. Each works on float and double through <see cref="Vector{T}"/>,
/// with a scalar tail, and propagates NaN the way PyTorch's CPU kernels do.
/// </summary>
internal static class ActivationKernels
{
    /// <summary>max(x, 0) written as "x &lt; 0 ? 0 : x", so NaN and -0 pass through unchanged as in <c>torch.relu</c>.</summary>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var ds = MemoryMarshal.Cast<T, Vector<T>>(d);
            for (int v = 0; v < xs.Length; v++)
                ds[v] = Vector.ConditionalSelect(Vector.LessThan(xs[v], Vector<T>.Zero), Vector<T>.Zero, xs[v]);
            i = xs.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++) d[i] = x[i] < T.Zero ? T.Zero : x[i];
    }

    /// <summary>
    /// The ReLU gradient over one broadcast run: 0 where y ≤ 0, else g (so NaN outputs pass the gradient). A select
    /// rather than a product with a 0/1 mask, as PyTorch's threshold_backward, so an infinite g under y ≤ 0 gives 0.
    /// </summary>
    internal readonly struct ReluMask : IRunKernel<float, float>, IRunKernel<double, double>
    {
        static void IRunKernel<float, float>.Run(float[] g, int og, int sg, float[] y, int oy, int sy, Span<float> d) => Go(g, og, sg, y, oy, sy, d);

        static void IRunKernel<double, double>.Run(double[] g, int og, int sg, double[] y, int oy, int sy, Span<double> d) => Go(g, og, sg, y, oy, sy, d);

        private static void Go<T>(T[] g, int og, int sg, T[] y, int oy, int sy, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = d.Length, i = 0;
            if (sy == 1 && (sg == 1 || sg == 0) && Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                var ys = MemoryMarshal.Cast<T, Vector<T>>(y.AsSpan(oy, n));
                var ds = MemoryMarshal.Cast<T, Vector<T>>(d);
                if (sg == 1)
                {
                    var gs = MemoryMarshal.Cast<T, Vector<T>>(g.AsSpan(og, n));
                    for (int v = 0; v < ys.Length; v++)
                        ds[v] = Vector.ConditionalSelect(Vector.LessThanOrEqual(ys[v], Vector<T>.Zero), Vector<T>.Zero, gs[v]);
                }
                else
                {
                    var gv = new Vector<T>(g[og]);
                    for (int v = 0; v < ys.Length; v++)
                        ds[v] = Vector.ConditionalSelect(Vector.LessThanOrEqual(ys[v], Vector<T>.Zero), Vector<T>.Zero, gv);
                }
                i = ys.Length * Vector<T>.Count;
            }
            for (int a = og + i * sg, b = oy + i * sy; i < n; i++, a += sg, b += sy) d[i] = y[b] <= T.Zero ? T.Zero : g[a];
        }
    }

    /// <summary>x where x &gt; 0, else slope·x (NaN stays NaN).</summary>
    public static void LeakyRelu<T>(ReadOnlySpan<T> x, Span<T> d, T slope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var ds = MemoryMarshal.Cast<T, Vector<T>>(d);
            var s = new Vector<T>(slope);
            for (int v = 0; v < xs.Length; v++)
                ds[v] = Vector.ConditionalSelect(Vector.GreaterThan(xs[v], Vector<T>.Zero), xs[v], xs[v] * s);
            i = xs.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++) d[i] = x[i] > T.Zero ? x[i] : x[i] * slope;
    }

    /// <summary>
    /// The tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), vectorised: the polynomial with
    /// <see cref="Vector{T}"/>, the tanh with <see cref="TensorPrimitives.Tanh{T}(ReadOnlySpan{T}, Span{T})"/>.
    /// </summary>
    public static void GeluTanh<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = T.CreateTruncating(0.7978845608028654);
        var c = T.CreateTruncating(0.044715);
        var half = T.CreateTruncating(0.5);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var ds = MemoryMarshal.Cast<T, Vector<T>>(d);
            var kv = new Vector<T>(k);
            var cv = new Vector<T>(c);
            for (int v = 0; v < xs.Length; v++)
            {
                var a = xs[v];
                ds[v] = kv * (a + cv * a * a * a);
            }
            i = xs.Length * Vector<T>.Count;
        }
        for (int j = i; j < x.Length; j++) d[j] = k * (x[j] + c * x[j] * x[j] * x[j]);
        TensorPrimitives.Tanh<T>(d, d);
        i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var ds = MemoryMarshal.Cast<T, Vector<T>>(d);
            var hv = new Vector<T>(half);
            for (int v = 0; v < xs.Length; v++) ds[v] = hv * xs[v] * (Vector<T>.One + ds[v]);
            i = xs.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++) d[i] = half * x[i] * (T.One + d[i]);
    }

    /// <summary>Error function of each element, evaluated in double.</summary>
    public static void Erf<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) d[i] = T.CreateTruncating(SpecialMath.Erf(double.CreateTruncating(x[i])));
    }
}

/// <summary>
/// The error function in double precision. Below |x| = 2 it sums the everywhere-positive series
/// erf(x) = (2/√π)·e^(−x²)·Σ (2x²)ⁿ·x / (2n+1)!!, which has no cancellation; above it evaluates erfc by its
/// continued fraction, which converges quickly there. Both are accurate to a few ulp.
/// </summary>
internal static class SpecialMath
{
    /// <summary>1/√2.</summary>
    public const double InvSqrt2 = 0.70710678118654752440;

    private const double TwoOverSqrtPi = 1.12837916709551257390;
    private const double InvSqrtPi = 0.56418958354775628695;
    private const double SeriesLimit = 2.0;

    /// <summary>erf(x).</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        if (a < SeriesLimit) return Series(x);
        return Math.CopySign(1.0 - ErfcTail(a), x);
    }

    /// <summary>erfc(x) = 1 − erf(x), accurate relative to its own size for large positive x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x >= SeriesLimit) return ErfcTail(x);
        if (x <= -SeriesLimit) return 2.0 - ErfcTail(-x);
        return 1.0 - Series(x);
    }

    /// <summary>
    /// log(1 + x) to a few ulp (Goldberg's trick: the rounding error of 1 + x cancels in log(u)·x/(u − 1)); .NET's
    /// LogP1 is log(x + 1), which loses all precision for tiny x.
    /// </summary>
    public static T Log1p<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.One + x;
        if (u == T.One) return x;
        if (T.IsPositiveInfinity(u)) return u;
        return T.Log(u) * x / (u - T.One);
    }

    /// <summary>e^x − 1 to a few ulp (Kahan's trick, the counterpart of <see cref="Log1p{T}"/>).</summary>
    public static T Expm1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T u = T.Exp(x);
        if (u == T.One) return x;
        T um1 = u - T.One;
        if (um1 == -T.One || T.IsPositiveInfinity(u)) return um1;
        return um1 * x / T.Log(u);
    }

    private static double Series(double x)
    {
        double x2 = x * x, term = x, sum = x, twoX2 = 2 * x2;
        for (int n = 1; n < 100; n++)
        {
            term *= twoX2 / (2 * n + 1);
            sum += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(sum)) break;
        }
        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    /// <summary>erfc(x) for x ≥ 2 from e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up.</summary>
    private static double ErfcTail(double x)
    {
        if (x > 27.3) return 0.0;
        double f = x;
        for (int k = 60; k >= 1; k--) f = x + k * 0.5 / f;
        return InvSqrtPi * Math.Exp(-x * x) / f;
    }
}
