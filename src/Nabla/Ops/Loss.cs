using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Cross-entropy on logits with class-index targets, fused: per row w_t·(logsumexp(x) − x_t), computed without
/// materialising the log-probabilities. Input (N, C) logits and (N) targets; output (N) unreduced losses. The
/// gradient is w_t·(softmax(x) − onehot(t)).
/// </summary>
internal sealed class CrossEntropy : Function
{
    private Tensor? _sampleWeight, _safeTarget, _kept;

    public override string Name => "CrossEntropy";

    /// <summary>Returns the per-row losses and each row's weight (0 for ignored rows), which the mean reduction divides by.</summary>
    public static Tensor Apply(Tensor logits, Tensor target, Tensor? classWeight, long ignoreIndex, out Tensor sampleWeight)
    {
        var (loss, w, safe) = LossKernel.CrossEntropy(logits, target, classWeight, ignoreIndex, "CrossEntropy");
        sampleWeight = w;
        if (!Tracks(logits)) return loss;
        return new CrossEntropy { _sampleWeight = w, _safeTarget = safe, _kept = target.Ne(ignoreIndex) }.Record(loss, logits);
    }

    private Tensor OneHot(Tensor like) => Tensor.OneHot(_safeTarget!, like.Dims[1]).To(like.DType);

    /// <summary>
    /// Each row's gradient scale: the upstream gradient times the row's weight, and exactly 0 for an ignored row
    /// (PyTorch skips those rows), even where the upstream gradient is not finite, as the mean of a batch whose
    /// targets are all ignored (0/0) gives it.
    /// </summary>
    private Tensor RowScale(Tensor g) => Tensor.Where(_kept!, g * _sampleWeight!, 0.0);

    internal override Tensor?[] Backward(Tensor g)
    {
        var x = Inputs[0];
        if (!GradMode.IsEnabled) return [LossKernel.CrossEntropyBackward(x, RowScale(g), _safeTarget!)];
        return [(x.Softmax(1) - OneHot(x)) * RowScale(g).Unsqueeze(1)];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var x = Inputs[0];
        var tx = t[0]!;
        return _sampleWeight! * ((x.Softmax(1) - OneHot(x)) * tx).Sum(1);
    }

    internal override void Release()
    {
        base.Release();
        _sampleWeight = null;
        _safeTarget = null;
        _kept = null;
    }
}

/// <summary>
/// Elementwise binary cross-entropy on probabilities, −(y·log x + (1 − y)·log(1 − x)), with each log clamped to
/// ≥ −100 as PyTorch does so that x = 0 or 1 gives a finite loss. The gradient in x is (x − y) / max(x(1 − x), 1e-12),
/// PyTorch's form, finite at the ends where the composed clamp-of-log would give 0·∞.
/// </summary>
internal sealed class BinaryCrossEntropy : Function
{
    public override string Name => "BinaryCrossEntropy";

    public static Tensor Apply(Tensor input, Tensor target)
    {
        Tensor y;
        using (GradMode.NoGrad())
        using (ForwardAD.Suspend())
            y = -(target * input.Log().ClampMin(-100) + (1.0 - target) * (1.0 - input).Log().ClampMin(-100));
        return Tracks(input, target) ? new BinaryCrossEntropy().Record(y, input, target) : y;
    }

    private Tensor InputFactor() => (Inputs[0] - Inputs[1]) / (Inputs[0] * (1.0 - Inputs[0])).ClampMin(1e-12);

    private Tensor TargetFactor() => (1.0 - Inputs[0]).Log().ClampMin(-100) - Inputs[0].Log().ClampMin(-100);

    internal override Tensor?[] Backward(Tensor g) =>
    [
        Inputs[0].RequiresGrad ? BinaryOps.SumTo(g * InputFactor(), Inputs[0].Dims) : null,
        Inputs[1].RequiresGrad ? BinaryOps.SumTo(g * TargetFactor(), Inputs[1].Dims) : null,
    ];

    internal override Tensor Jvp(Tensor?[] t)
    {
        Tensor? r = t[0] is { } tx ? tx * InputFactor() : null;
        if (t[1] is { } ty) r = r is null ? ty * TargetFactor() : r + ty * TargetFactor();
        return r!;
    }
}
