namespace Nabla.Optim;

/// <summary>Gradient clipping, like <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>; both edit gradients in place.</summary>
public static class ClipGrad
{
    /// <summary>
    /// Scales all gradients together so their joint <paramref name="normType"/>-norm (∞ allowed) is at most
    /// <paramref name="maxNorm"/>: g ← g·min(1, maxNorm / (total + 1e-6)). Returns the total norm before clipping
    /// (0 when no parameter has a gradient). With <paramref name="errorIfNonfinite"/> a NaN or infinite norm throws.
    /// </summary>
    public static double ClipGradNorm_(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2.0, bool errorIfNonfinite = false)
    {
        if (!(normType > 0)) throw new ArgumentOutOfRangeException(nameof(normType), $"ClipGradNorm_: normType must be positive, got {normType}.");
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return 0;
        double total = 0;
        bool inf = double.IsPositiveInfinity(normType);
        foreach (var g in grads)
        {
            CheckFloat(g, "ClipGradNorm_");
            double part = NormPart(g, normType);
            total = inf ? Math.Max(total, part) : total + part;
        }
        if (!inf) total = normType == 2 ? Math.Sqrt(total) : normType == 1 ? total : Math.Pow(total, 1 / normType);
        if (errorIfNonfinite && !double.IsFinite(total))
            throw new InvalidOperationException($"ClipGradNorm_: the total norm of order {normType} of the gradients is non-finite ({total}), so it cannot be clipped.");
        double coef = Math.Min(maxNorm / (total + 1e-6), 1.0);
        foreach (var g in grads) Scale(g, coef);
        return total;
    }

    /// <summary>Clamps every gradient element into [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    public static void ClipGradValue_(IEnumerable<Tensor> parameters, double clipValue)
    {
        if (clipValue < 0) throw new ArgumentOutOfRangeException(nameof(clipValue), $"ClipGradValue_: clipValue must be non-negative, got {clipValue}.");
        foreach (var p in parameters)
        {
            if (p.Grad is not { } g) continue;
            CheckFloat(g, "ClipGradValue_");
            WithDense(g, t =>
            {
                if (t.DType == DType.Float32)
                {
                    var s = t.Data<float>();
                    float c = (float)clipValue;
                    for (int i = 0; i < s.Length; i++) s[i] = float.IsNaN(s[i]) ? s[i] : Math.Clamp(s[i], -c, c);
                }
                else
                {
                    var s = t.Data<double>();
                    for (int i = 0; i < s.Length; i++) s[i] = double.IsNaN(s[i]) ? s[i] : Math.Clamp(s[i], -clipValue, clipValue);
                }
            });
        }
    }

    private static void CheckFloat(Tensor g, string op)
    {
        if (!g.DType.IsFloatingPoint()) throw new ArgumentException($"{op}: gradients must be floating point, got {g.DType} of shape {g.Shape}.");
    }

    // Σ|g|^p for a finite order, max|g| for ∞; accumulated in double for float32 gradients too.
    private static double NormPart(Tensor g, double p)
    {
        using var dense = g.IsContiguous ? null : g.DenseCopy();
        var t = dense ?? g;
        double acc = 0;
        if (t.DType == DType.Float32) foreach (float v in t.Data<float>()) acc = Accumulate(acc, v, p);
        else foreach (double v in t.Data<double>()) acc = Accumulate(acc, v, p);
        return acc;
    }

    private static double Accumulate(double acc, double v, double p)
    {
        double a = Math.Abs(v);
        if (double.IsPositiveInfinity(p)) return double.IsNaN(a) || a > acc ? a : acc;
        return acc + (p == 2 ? a * a : p == 1 ? a : Math.Pow(a, p));
    }

    private static void Scale(Tensor g, double coef) => WithDense(g, t =>
    {
        if (t.DType == DType.Float32)
        {
            var s = t.Data<float>();
            float c = (float)coef;
            for (int i = 0; i < s.Length; i++) s[i] *= c;
        }
        else
        {
            var s = t.Data<double>();
            for (int i = 0; i < s.Length; i++) s[i] *= coef;
        }
    });

    // Gradients are normally dense; a strided one is edited through a dense copy written back in place.
    private static void WithDense(Tensor g, Action<Tensor> edit)
    {
        if (g.IsContiguous)
        {
            edit(g);
            return;
        }
        using var dense = g.DenseCopy();
        edit(dense);
        using (Autograd.GradMode.NoGrad()) g.CopyFrom_(dense);
    }
}
