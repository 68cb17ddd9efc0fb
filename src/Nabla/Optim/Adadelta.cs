using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Adadelta, like <c>torch.optim.Adadelta</c>: v ← ρv + (1 − ρ)g²; Δ = √(u + eps) / √(v + eps) · g;
/// u ← ρu + (1 − ρ)Δ²; p ← p − lr·Δ.
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <summary>Adadelta over <paramref name="parameters"/>.</summary>
    public Adadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
        double weightDecay = 0, bool maximize = false)
        : this(SingleGroup(parameters), lr, rho, eps, weightDecay, maximize) { }

    /// <summary>Adadelta over parameter groups; options a group sets override the arguments given here.</summary>
    public Adadelta(IEnumerable<ParamGroup> groups, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
        double weightDecay = 0, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["rho"] = rho, ["eps"] = eps, ["weight_decay"] = weightDecay, ["maximize"] = maximize ? 1 : 0,
        })
    {
        ValidateGroups(g =>
            g["lr"] < 0 ? $"invalid learning rate {g["lr"]}"
            : g["rho"] is < 0 or > 1 ? $"invalid rho value {g["rho"]}"
            : g["eps"] < 0 ? $"invalid epsilon value {g["eps"]}"
            : g["weight_decay"] < 0 ? $"invalid weight_decay value {g["weight_decay"]}"
            : null);
    }

    /// <inheritdoc/>
    protected override void StepGroup(ParamGroup group)
    {
        double lr = group["lr"], rho = group["rho"], eps = group["eps"], weightDecay = group["weight_decay"];
        bool maximize = group["maximize"] != 0;
        foreach (var p in group.Params)
        {
            if (p.Grad is not { } grad) continue;
            using var a = new ParamAccess(p, grad, nameof(Adadelta));
            var square = StateTensor(p, "square_avg");
            var acc = StateTensor(p, "acc_delta");
            IncrementStep(p);
            if (a.IsSingle)
                OptimKernels.Adadelta(a.Param.Data<float>(), a.Grad.Data<float>(), square.Data<float>(), acc.Data<float>(), lr, rho, eps, weightDecay, maximize);
            else
                OptimKernels.Adadelta(a.Param.Data<double>(), a.Grad.Data<double>(), square.Data<double>(), acc.Data<double>(), lr, rho, eps, weightDecay, maximize);
        }
    }
}
