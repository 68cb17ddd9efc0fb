namespace Nabla.Optim;

/// <summary>
/// AdamW, like <c>torch.optim.AdamW</c>: Adam with decoupled weight decay; each step first shrinks the parameter,
/// p ← p·(1 − lr·weightDecay), then applies the <see cref="Adam"/> update without an L2 term.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>AdamW over <paramref name="parameters"/>; <paramref name="betas"/> defaults to (0.9, 0.999).</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : this(SingleGroup(parameters), lr, betas, eps, weightDecay, amsgrad, maximize) { }

    /// <summary>AdamW over parameter groups; options a group sets (<c>beta1</c>, <c>beta2</c> for the betas) override the arguments given here.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(groups, lr, betas, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay: true) { }
}
