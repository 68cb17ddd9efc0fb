using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// Exact GELU x·Φ(x) and its gradient g·(Φ(x) + x·φ(x)) for float32, evaluated in double without branches per
/// element so it vectorises (eight lanes with AVX-512): with z = x/√2, Φ = ½(1 + erf z) from the Taylor series of
/// erf (12 terms, relative error 1e-10) where |z| &lt; 1, and from erfc(|z|) = t·exp(−z² + P(t)), t = 1/(1 + |z|/2),
/// P a degree-12 fit (relative error 5e-11, also in the far tail, where 1 + erf would cancel) elsewhere. The results
/// are then rounded to float32 once, so they carry float32 rounding only; a block of sixteen inputs all within
/// |x| &lt; √2 takes the same series in single precision, sixteen lanes at a time. Float64 keeps the series and continued
/// fraction of <see cref="SpecialMath"/>, accurate to a few ulp of double.
/// </summary>
internal static class GeluKernel
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>y = x·Φ(x) elementwise.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Float(MemoryMarshal.Cast<T, float>(x), default, MemoryMarshal.Cast<T, float>(y), backward: false);
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            y[i] = T.CreateTruncating(0.5 * v * SpecialMath.Erfc(-v * InvSqrt2));
        }
    }

    /// <summary>dx = g·(Φ(x) + x·φ(x)) elementwise.</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Float(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(g), MemoryMarshal.Cast<T, float>(dx), backward: true);
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            double cdf = 0.5 * SpecialMath.Erfc(-v * InvSqrt2), pdf = Math.Exp(-0.5 * v * v) * InvSqrt2Pi;
            dx[i] = T.CreateTruncating(double.CreateTruncating(g[i]) * (cdf + v * pdf));
        }
    }

    /// <summary>Forward: x·Φ; backward: g·(Φ + x·φ) (g unused in the forward).</summary>
    private static void Float(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d, bool backward)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var xs = Vector512.Create(x.Slice(i, Vector512<float>.Count));
                if (Vector512.LessThanAll(Vector512.Abs(xs), Vector512.Create(SingleSeriesLimit)))
                {
                    var cdf = SingleCdf(xs);
                    var r = backward
                        ? Vector512.Create(g.Slice(i, Vector512<float>.Count)) * Vector512.FusedMultiplyAdd(xs, Vector512.Exp(-0.5f * xs * xs) * (float)InvSqrt2Pi, cdf)
                        : xs * cdf;
                    r.CopyTo(d.Slice(i, Vector512<float>.Count));
                    continue;
                }
                var (xl, xh) = Vector512.Widen(xs);
                Vector512<double> rl, rh;
                if (backward)
                {
                    var (gl, gh) = Vector512.Widen(Vector512.Create(g.Slice(i, Vector512<float>.Count)));
                    rl = gl * (Cdf(xl) + xl * Vector512.Exp(-0.5 * xl * xl) * InvSqrt2Pi);
                    rh = gh * (Cdf(xh) + xh * Vector512.Exp(-0.5 * xh * xh) * InvSqrt2Pi);
                }
                else
                {
                    rl = xl * Cdf(xl);
                    rh = xh * Cdf(xh);
                }
                Vector512.Narrow(rl, rh).CopyTo(d.Slice(i, Vector512<float>.Count));
            }
        }
        for (; i < x.Length; i++)
        {
            double v = x[i], cdf = Cdf(v);
            d[i] = (float)(backward ? g[i] * (cdf + v * Math.Exp(-0.5 * v * v) * InvSqrt2Pi) : v * cdf);
        }
    }

    // Below this |x| (|x/√2| < 1) sixteen float lanes at a time take the series in single precision: 11 terms leave
    // a truncation error of 1e-8, and the float rounding of the sum stays within a few ulp of Φ, which is ≥ 0.15 there.
    private const float SingleSeriesLimit = 1.4142135f;

    private static Vector512<float> SingleCdf(Vector512<float> x)
    {
        var z = x * (float)InvSqrt2;
        var s = z * z;
        var r = Vector512.Create(1.4807192815879218e-08f);
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-1.6365844691234924e-07f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(1.6462114365889246e-06f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-1.492565035840625e-05f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(0.00012055332981789664f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-0.0008548327023450852f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(0.005223977625442188f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-0.026866170645131252f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(0.11283791670955126f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-0.37612638903183754f));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(1.1283791670955126f));
        return Vector512.FusedMultiplyAdd(z * r, Vector512.Create(0.5f), Vector512.Create(0.5f));
    }

    /// <summary>Φ(x) for eight lanes; the tail polynomial and its exp are skipped when every lane has |x/√2| &lt; 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Cdf(Vector512<double> x)
    {
        var z = x * InvSqrt2;
        var a = Vector512.Abs(z);
        var z2 = z * z;
        var small = Vector512.LessThan(a, Vector512<double>.One);
        var series = Vector512.FusedMultiplyAdd(z * Taylor(z2), Vector512.Create(0.5), Vector512.Create(0.5));
        if (Vector512.EqualsAll(small.AsUInt64(), Vector512<ulong>.AllBitsSet)) return series;
        var t = Vector512<double>.One / Vector512.FusedMultiplyAdd(a, Vector512.Create(0.5), Vector512<double>.One);
        var halfErfc = 0.5 * t * Vector512.Exp(TailPolynomial(t) - z2);
        var tail = Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512<double>.Zero), halfErfc, Vector512<double>.One - halfErfc);
        return Vector512.ConditionalSelect(small, series, tail);
    }

    private static double Cdf(double x)
    {
        double z = x * InvSqrt2, a = Math.Abs(z), z2 = z * z;
        if (a < 1) return Math.FusedMultiplyAdd(z * Taylor(z2), 0.5, 0.5);
        double t = 1 / Math.FusedMultiplyAdd(a, 0.5, 1), halfErfc = 0.5 * t * Math.Exp(TailPolynomial(t) - z2);
        return z < 0 ? halfErfc : 1 - halfErfc;
    }

    // erf(z)/z = (2/√π)·Σ (−1)ⁿ z²ⁿ / (n!·(2n + 1)), n = 0..11.
    private static Vector512<double> Taylor(Vector512<double> s)
    {
        var r = Vector512.Create(-1.2290555301717926e-09);
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(1.4807192815879218e-08));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-1.6365844691234924e-07));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(1.6462114365889246e-06));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-1.492565035840625e-05));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(0.00012055332981789664));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-0.0008548327023450852));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(0.005223977625442188));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-0.026866170645131252));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(0.11283791670955126));
        r = Vector512.FusedMultiplyAdd(r, s, Vector512.Create(-0.37612638903183754));
        return Vector512.FusedMultiplyAdd(r, s, Vector512.Create(1.1283791670955126));
    }

    private static double Taylor(double s)
    {
        double r = -1.2290555301717926e-09;
        r = Math.FusedMultiplyAdd(r, s, 1.4807192815879218e-08);
        r = Math.FusedMultiplyAdd(r, s, -1.6365844691234924e-07);
        r = Math.FusedMultiplyAdd(r, s, 1.6462114365889246e-06);
        r = Math.FusedMultiplyAdd(r, s, -1.492565035840625e-05);
        r = Math.FusedMultiplyAdd(r, s, 0.00012055332981789664);
        r = Math.FusedMultiplyAdd(r, s, -0.0008548327023450852);
        r = Math.FusedMultiplyAdd(r, s, 0.005223977625442188);
        r = Math.FusedMultiplyAdd(r, s, -0.026866170645131252);
        r = Math.FusedMultiplyAdd(r, s, 0.11283791670955126);
        r = Math.FusedMultiplyAdd(r, s, -0.37612638903183754);
        return Math.FusedMultiplyAdd(r, s, 1.1283791670955126);
    }

    // log(erfc(z)/t) + z² as a polynomial in t = 1/(1 + z/2), least-squares Chebyshev fit over z in [1, 26].
    private static Vector512<double> TailPolynomial(Vector512<double> t)
    {
        var r = Vector512.Create(-0.4313464796148463);
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(1.8181403809750618));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(-3.0566832214538295));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(2.501477341056857));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(-1.0546983387388476));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(0.4325807559776198));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(-0.18707464467705845));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(-0.12805282774599383));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(-0.08770537780465856));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(0.08346380436449632));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(0.37499417808063995));
        r = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(1.0000001329758752));
        return Vector512.FusedMultiplyAdd(r, t, Vector512.Create(-1.2655121244605325));
    }

    private static double TailPolynomial(double t)
    {
        double r = -0.4313464796148463;
        r = Math.FusedMultiplyAdd(r, t, 1.8181403809750618);
        r = Math.FusedMultiplyAdd(r, t, -3.0566832214538295);
        r = Math.FusedMultiplyAdd(r, t, 2.501477341056857);
        r = Math.FusedMultiplyAdd(r, t, -1.0546983387388476);
        r = Math.FusedMultiplyAdd(r, t, 0.4325807559776198);
        r = Math.FusedMultiplyAdd(r, t, -0.18707464467705845);
        r = Math.FusedMultiplyAdd(r, t, -0.12805282774599383);
        r = Math.FusedMultiplyAdd(r, t, -0.08770537780465856);
        r = Math.FusedMultiplyAdd(r, t, 0.08346380436449632);
        r = Math.FusedMultiplyAdd(r, t, 0.37499417808063995);
        r = Math.FusedMultiplyAdd(r, t, 1.0000001329758752);
        return Math.FusedMultiplyAdd(r, t, -1.2655121244605325);
    }
}
