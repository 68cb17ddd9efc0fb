using System.Numerics;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// Fused element loops of the optimizers, one pass per parameter with no temporaries. Each follows the order of
/// operations of PyTorch 1.13's single-tensor implementation (scalars computed in double, then rounded to the element
/// type as PyTorch does for a Python number), so float64 trajectories agree with PyTorch's to a few ulps.
/// Weight decay and maximize are applied to the gradient inside the loop instead of in a copied gradient tensor.
/// </summary>
internal static class OptimKernels
{
    private static T Grad<T>(ReadOnlySpan<T> g, Span<T> p, int i, bool maximize, T weightDecay, bool decay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T d = maximize ? -g[i] : g[i];
        return decay ? d + weightDecay * p[i] : d;
    }

    /// <summary>SGD with optional momentum, dampening and Nesterov; <paramref name="firstStep"/> copies the gradient into the buffer.</summary>
    public static void Sgd<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> buf, double lr, double momentum, double dampening,
        double weightDecay, bool nesterov, bool maximize, bool firstStep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T wd = T.CreateTruncating(weightDecay), mu = T.CreateTruncating(momentum), keep = T.CreateTruncating(1 - dampening);
        T negLr = T.CreateTruncating(-lr);
        bool decay = weightDecay != 0, useMomentum = momentum != 0;
        for (int i = 0; i < p.Length; i++)
        {
            T d = Grad(g, p, i, maximize, wd, decay);
            if (useMomentum)
            {
                T b = firstStep ? d : buf[i] * mu + keep * d;
                buf[i] = b;
                d = nesterov ? d + mu * b : b;
            }
            p[i] = p[i] + negLr * d;
        }
    }

    /// <summary>Adagrad with learning-rate decay already folded into <paramref name="clr"/>.</summary>
    public static void Adagrad<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> sum, double clr, double weightDecay, double eps, bool maximize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T wd = T.CreateTruncating(weightDecay), e = T.CreateTruncating(eps), neg = T.CreateTruncating(-clr);
        bool decay = weightDecay != 0;
        for (int i = 0; i < p.Length; i++)
        {
            T d = Grad(g, p, i, maximize, wd, decay);
            T s = sum[i] + d * d;
            sum[i] = s;
            p[i] = p[i] + neg * d / (T.Sqrt(s) + e);
        }
    }

    /// <summary>Adadelta: running averages of squared gradients and squared updates.</summary>
    public static void Adadelta<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> squareAvg, Span<T> accDelta, double lr, double rho,
        double eps, double weightDecay, bool maximize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T wd = T.CreateTruncating(weightDecay), r = T.CreateTruncating(rho), oneMinus = T.CreateTruncating(1 - rho);
        T e = T.CreateTruncating(eps), negLr = T.CreateTruncating(-lr);
        bool decay = weightDecay != 0;
        for (int i = 0; i < p.Length; i++)
        {
            T d = Grad(g, p, i, maximize, wd, decay);
            T sq = squareAvg[i] * r + oneMinus * d * d;
            squareAvg[i] = sq;
            T delta = T.Sqrt(accDelta[i] + e) / T.Sqrt(sq + e) * d;
            accDelta[i] = accDelta[i] * r + oneMinus * delta * delta;
            p[i] = p[i] + negLr * delta;
        }
    }

    /// <summary>RMSprop; <paramref name="gradAvg"/> is used when centered, <paramref name="buf"/> when momentum is positive.</summary>
    public static void RmsProp<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> squareAvg, Span<T> gradAvg, Span<T> buf, double lr,
        double alpha, double eps, double weightDecay, double momentum, bool centered, bool maximize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T wd = T.CreateTruncating(weightDecay), a = T.CreateTruncating(alpha), oneMinus = T.CreateTruncating(1 - alpha);
        T e = T.CreateTruncating(eps), negLr = T.CreateTruncating(-lr), mu = T.CreateTruncating(momentum);
        bool decay = weightDecay != 0, useMomentum = momentum > 0;
        for (int i = 0; i < p.Length; i++)
        {
            T d = Grad(g, p, i, maximize, wd, decay);
            T sq = squareAvg[i] * a + oneMinus * d * d;
            squareAvg[i] = sq;
            T avg;
            if (centered)
            {
                T ga = gradAvg[i] * a + oneMinus * d;
                gradAvg[i] = ga;
                avg = T.Sqrt(sq - ga * ga) + e;
            }
            else avg = T.Sqrt(sq) + e;
            if (useMomentum)
            {
                T b = buf[i] * mu + d / avg;
                buf[i] = b;
                p[i] = p[i] + negLr * b;
            }
            else p[i] = p[i] + negLr * d / avg;
        }
    }

    /// <summary>
    /// Adam and AdamW. <paramref name="decoupledDecay"/> selects AdamW (the parameter shrinks by lr·weightDecay before
    /// the update) instead of Adam's L2 term in the gradient; <paramref name="maxSq"/> is non-empty for AMSGrad.
    /// </summary>
    public static void Adam<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxSq, double lr,
        double beta1, double beta2, double eps, double weightDecay, bool decoupledDecay, bool amsgrad, bool maximize, double step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
        T b1 = T.CreateTruncating(beta1), b2 = T.CreateTruncating(beta2);
        T oneMinus1 = T.CreateTruncating(1 - beta1), oneMinus2 = T.CreateTruncating(1 - beta2);
        T e = T.CreateTruncating(eps), bc2 = T.CreateTruncating(biasCorrection2Sqrt);
        T negStep = T.CreateTruncating(-(lr / biasCorrection1));
        T wd = T.CreateTruncating(weightDecay), shrink = T.CreateTruncating(1 - lr * weightDecay);
        bool l2 = weightDecay != 0 && !decoupledDecay, decoupled = weightDecay != 0 && decoupledDecay;
        int i = amsgrad ? 0 : AdamVector(p, g, expAvg, expAvgSq, b1, b2, oneMinus1, oneMinus2, e, bc2, negStep, wd, shrink, l2, decoupled, maximize);
        for (; i < p.Length; i++)
        {
            if (decoupled) p[i] *= shrink;
            T d = Grad(g, p, i, maximize, wd, l2);
            T m = expAvg[i] * b1 + oneMinus1 * d;
            expAvg[i] = m;
            T v = expAvgSq[i] * b2 + oneMinus2 * d * d;
            expAvgSq[i] = v;
            if (amsgrad)
            {
                v = T.Max(maxSq[i], v);
                maxSq[i] = v;
            }
            p[i] = p[i] + negStep * m / (T.Sqrt(v) / bc2 + e);
        }
    }

    /// <summary>
    /// The vectorised body of <see cref="Adam{T}"/> without AMSGrad, with the scalar loop's operations in the same
    /// order and no fused multiply-adds, so results are bit-identical; returns how many leading elements it updated.
    /// </summary>
    private static int AdamVector<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> expAvg, Span<T> expAvgSq, T beta1, T beta2,
        T oneMinus1, T oneMinus2, T eps, T bc2, T negStep, T weightDecay, T shrink, bool l2, bool decoupled, bool maximize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Vector.IsHardwareAccelerated || !Vector<T>.IsSupported) return 0;
        ref T pr = ref MemoryMarshal.GetReference(p);
        ref T gr = ref MemoryMarshal.GetReference(g);
        ref T mr = ref MemoryMarshal.GetReference(expAvg);
        ref T vr = ref MemoryMarshal.GetReference(expAvgSq);
        Vector<T> b1 = new(beta1), b2 = new(beta2), c1 = new(oneMinus1), c2 = new(oneMinus2), e = new(eps), bc = new(bc2);
        Vector<T> step = new(negStep), wd = new(weightDecay), keep = new(shrink);
        int n = p.Length - Vector<T>.Count, i = 0;
        for (; i <= n; i += Vector<T>.Count)
        {
            nuint at = (nuint)i;
            var pv = Vector.LoadUnsafe(ref pr, at);
            if (decoupled) pv *= keep;
            var d = Vector.LoadUnsafe(ref gr, at);
            if (maximize) d = -d;
            if (l2) d += wd * pv;
            var m = Vector.LoadUnsafe(ref mr, at) * b1 + c1 * d;
            var v = Vector.LoadUnsafe(ref vr, at) * b2 + c2 * d * d;
            m.StoreUnsafe(ref mr, at);
            v.StoreUnsafe(ref vr, at);
            (pv + step * m / (Vector.SquareRoot(v) / bc + e)).StoreUnsafe(ref pr, at);
        }
        return i;
    }
}
