using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Adam, like <c>torch.optim.Adam</c>: with step t, m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g² (AMSGrad keeps v̂ = max(v̂, v));
/// p ← p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + eps), the bias corrections computed exactly as PyTorch does.
/// <c>weightDecay</c> adds weightDecay·p to the gradient (L2); see <see cref="AdamW"/> for decoupled decay.
/// </summary>
public class Adam : Optimizer
{
    private readonly bool _decoupledWeightDecay;

    /// <summary>Adam over <paramref name="parameters"/>; <paramref name="betas"/> defaults to (0.9, 0.999).</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(SingleGroup(parameters), lr, betas, eps, weightDecay, amsgrad, maximize) { }

    /// <summary>Adam over parameter groups; options a group sets (<c>beta1</c>, <c>beta2</c> for the betas) override the arguments given here.</summary>
    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(groups, lr, betas, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay: false) { }

    /// <summary>The shared constructor; <paramref name="decoupledWeightDecay"/> selects AdamW's decay.</summary>
    private protected Adam(IEnumerable<ParamGroup> groups, double lr, (double Beta1, double Beta2)? betas, double eps,
        double weightDecay, bool amsgrad, bool maximize, bool decoupledWeightDecay)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["beta1"] = (betas ?? (0.9, 0.999)).Beta1, ["beta2"] = (betas ?? (0.9, 0.999)).Beta2, ["eps"] = eps,
            ["weight_decay"] = weightDecay, ["amsgrad"] = amsgrad ? 1 : 0, ["maximize"] = maximize ? 1 : 0,
        })
    {
        ValidateGroups(g =>
            g["lr"] < 0 ? $"invalid learning rate {g["lr"]}"
            : g["eps"] < 0 ? $"invalid epsilon value {g["eps"]}"
            : g["beta1"] is < 0 or >= 1 ? $"invalid beta parameter at index 0: {g["beta1"]}"
            : g["beta2"] is < 0 or >= 1 ? $"invalid beta parameter at index 1: {g["beta2"]}"
            : g["weight_decay"] < 0 ? $"invalid weight_decay value {g["weight_decay"]}"
            : null);
        _decoupledWeightDecay = decoupledWeightDecay;
    }

    /// <inheritdoc/>
    protected override void StepGroup(ParamGroup group)
    {
        double lr = group["lr"], beta1 = group["beta1"], beta2 = group["beta2"], eps = group["eps"], weightDecay = group["weight_decay"];
        bool amsgrad = group["amsgrad"] != 0, maximize = group["maximize"] != 0;
        foreach (var p in group.Params)
        {
            if (p.Grad is not { } grad) continue;
            using var a = new ParamAccess(p, grad, GetType().Name);
            var expAvg = StateTensor(p, "exp_avg");
            var expAvgSq = StateTensor(p, "exp_avg_sq");
            var maxSq = amsgrad ? StateTensor(p, "max_exp_avg_sq") : null;
            double step = IncrementStep(p);
            if (a.IsSingle)
                OptimKernels.Adam(a.Param.Data<float>(), a.Grad.Data<float>(), expAvg.Data<float>(), expAvgSq.Data<float>(),
                    maxSq is null ? default : maxSq.Data<float>(), lr, beta1, beta2, eps, weightDecay, _decoupledWeightDecay, amsgrad, maximize, step);
            else
                OptimKernels.Adam(a.Param.Data<double>(), a.Grad.Data<double>(), expAvg.Data<double>(), expAvgSq.Data<double>(),
                    maxSq is null ? default : maxSq.Data<double>(), lr, beta1, beta2, eps, weightDecay, _decoupledWeightDecay, amsgrad, maximize, step);
        }
    }
}
