namespace Nabla.Nn;

/// <summary>Cross-entropy on logits; see <see cref="Functional.CrossEntropy"/>.</summary>
public sealed class CrossEntropyLoss(Tensor? weight = null, long ignoreIndex = -100, string reduction = "mean", double labelSmoothing = 0)
    : Loss(reduction)
{
    /// <summary>Per-class weight (C), or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>Target value that contributes nothing.</summary>
    public long IgnoreIndex { get; } = ignoreIndex;

    /// <summary>Mixing weight ε of the uniform distribution.</summary>
    public double LabelSmoothing { get; } = labelSmoothing;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
}

/// <summary>Negative log-likelihood of log-probabilities; see <see cref="Functional.NllLoss"/>.</summary>
public sealed class NLLLoss(Tensor? weight = null, long ignoreIndex = -100, string reduction = "mean") : Loss(reduction)
{
    /// <summary>Per-class weight (C), or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>Target value that contributes nothing.</summary>
    public long IgnoreIndex { get; } = ignoreIndex;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
}

/// <summary>Binary cross-entropy of probabilities; see <see cref="Functional.BinaryCrossEntropy"/>.</summary>
public sealed class BCELoss(Tensor? weight = null, string reduction = "mean") : Loss(reduction)
{
    /// <summary>Elementwise weight broadcast against the input, or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.BinaryCrossEntropy(input, target, Weight, Reduction);
}

/// <summary>Binary cross-entropy on logits; see <see cref="Functional.BinaryCrossEntropyWithLogits"/>.</summary>
public sealed class BCEWithLogitsLoss(Tensor? weight = null, string reduction = "mean", Tensor? posWeight = null) : Loss(reduction)
{
    /// <summary>Elementwise weight broadcast against the input, or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>Weight of positive examples per class, or null.</summary>
    public Tensor? PosWeight { get; } = posWeight;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.BinaryCrossEntropyWithLogits(input, target, Weight, Reduction, PosWeight);
}

/// <summary>Multi-class hinge loss; see <see cref="Functional.MultiMarginLoss"/>.</summary>
public sealed class MultiMarginLoss(int p = 1, double margin = 1, Tensor? weight = null, string reduction = "mean") : Loss(reduction)
{
    /// <summary>Exponent of each hinge term, 1 or 2.</summary>
    public int P { get; } = p;

    /// <summary>Required gap between the target score and the others.</summary>
    public double Margin { get; } = margin;

    /// <summary>Per-class weight (C), or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MultiMarginLoss(input, target, P, Margin, Weight, Reduction);
}

/// <summary>Kullback–Leibler divergence with log-probability inputs; see <see cref="Functional.KlDiv"/>.</summary>
public sealed class KLDivLoss(string reduction = "mean", bool logTarget = false) : Loss(reduction)
{
    /// <summary>Whether the target is given as log-probabilities.</summary>
    public bool LogTarget { get; } = logTarget;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.KlDiv(input, target, Reduction, LogTarget);
}
