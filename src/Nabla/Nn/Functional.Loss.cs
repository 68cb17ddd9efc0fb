namespace Nabla.Nn;

public static partial class Functional
{
    /// <summary>Mean squared error (x − y)², reduced by <paramref name="reduction"/> ("mean", "sum" or "none").</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, string reduction = "mean")
    {
        CheckElementwise(input, target, reduction, "MseLoss");
        var d = input - target;
        return Reduce(d * d, reduction, "MseLoss");
    }

    /// <summary>Mean absolute error |x − y|.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, string reduction = "mean")
    {
        CheckElementwise(input, target, reduction, "L1Loss");
        return Reduce((input - target).Abs(), reduction, "L1Loss");
    }

    /// <summary>0.5·d²/β where |d| &lt; β, |d| − 0.5·β elsewhere (d = x − y); β = 0 is the L1 loss.</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, string reduction = "mean", double beta = 1.0)
    {
        CheckElementwise(input, target, reduction, "SmoothL1Loss");
        if (beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), $"SmoothL1Loss: beta must be non-negative, got {beta}.");
        var d = (input - target).Abs();
        if (beta == 0) return Reduce(d, reduction, "SmoothL1Loss");
        return Reduce(Tensor.Where(d.Lt(beta), d * d * (0.5 / beta), d - 0.5 * beta), reduction, "SmoothL1Loss");
    }

    /// <summary>0.5·d² where |d| &lt; δ, δ·(|d| − 0.5·δ) elsewhere (d = x − y).</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, string reduction = "mean", double delta = 1.0)
    {
        CheckElementwise(input, target, reduction, "HuberLoss");
        if (delta <= 0) throw new ArgumentOutOfRangeException(nameof(delta), $"HuberLoss: delta must be positive, got {delta}.");
        var d = (input - target).Abs();
        return Reduce(Tensor.Where(d.Lt(delta), d * d * 0.5, (d - 0.5 * delta) * delta), reduction, "HuberLoss");
    }

    /// <summary>
    /// Binary cross-entropy of probabilities −w·(y·log x + (1 − y)·log(1 − x)); each log is clamped to ≥ −100 as in
    /// PyTorch, so probabilities of exactly 0 or 1 give finite losses and gradients. <paramref name="weight"/>
    /// broadcasts against the input.
    /// </summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean")
    {
        CheckElementwise(input, target, reduction, "BinaryCrossEntropy");
        LayerDTypes.Require("BinaryCrossEntropy", input, ("target", target));
        var loss = Ops.BinaryCrossEntropy.Apply(input, target);
        return Reduce(weight is null ? loss : loss * weight, reduction, "BinaryCrossEntropy");
    }

    /// <summary>
    /// Binary cross-entropy on logits in the stable form (1 − y)·x + (1 + (p − 1)·y)·softplus(−x), where p is
    /// <paramref name="posWeight"/> (per class, broadcast along the last dim) and softplus(−x) = log(1 + e⁻ˣ) never overflows.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean", Tensor? posWeight = null)
    {
        CheckElementwise(input, target, reduction, "BinaryCrossEntropyWithLogits");
        var softplus = (-input).Softplus();
        var logWeight = posWeight is null ? null : (posWeight - 1.0) * target + 1.0;
        var loss = (1.0 - target) * input + (logWeight is null ? softplus : logWeight * softplus);
        return Reduce(weight is null ? loss : loss * weight, reduction, "BinaryCrossEntropyWithLogits");
    }

    /// <summary>
    /// Kullback–Leibler divergence with <paramref name="input"/> log-probabilities: y·(log y − x) (0 where y = 0), or
    /// eʸ·(y − x) when <paramref name="logTarget"/>. "batchmean" divides the sum by the batch size (dim 0), which
    /// is the true KL divergence; "mean" divides by the element count, as in PyTorch.
    /// </summary>
    public static Tensor KlDiv(Tensor input, Tensor target, string reduction = "mean", bool logTarget = false)
    {
        const string op = "KlDiv";
        if (reduction != "batchmean") CheckReduction(reduction, op);
        CheckSameShape(input, target, op);
        var loss = logTarget
            ? target.Exp() * (target - input)
            : target * Tensor.Where(target.Gt(0), target, 1.0).Log() - target * input;
        if (reduction != "batchmean") return Reduce(loss, reduction, op);
        return input.Rank == 0 ? loss.Sum() : loss.Sum() / input.Dims[0];
    }

    private static void CheckElementwise(Tensor input, Tensor target, string reduction, string op)
    {
        CheckReduction(reduction, op);
        CheckSameShape(input, target, op);
    }

    private static void CheckSameShape(Tensor input, Tensor target, string op)
    {
        if (!input.Dims.AsSpan().SequenceEqual(target.Dims))
            throw new ArgumentException($"{op}: input shape {input.Shape} and target shape {target.Shape} differ; they must be equal.");
    }

    private static void CheckReduction(string reduction, string op)
    {
        if (reduction is not ("mean" or "sum" or "none"))
            throw new ArgumentException($"{op}: reduction must be \"mean\", \"sum\" or \"none\", got \"{reduction}\".");
    }

    private static Tensor Reduce(Tensor loss, string reduction, string op) => reduction switch
    {
        "mean" => loss.Mean(),
        "sum" => loss.Sum(),
        "none" => loss,
        _ => throw new ArgumentException($"{op}: reduction must be \"mean\", \"sum\" or \"none\", got \"{reduction}\"."),
    };
}
