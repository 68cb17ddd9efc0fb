using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// RMSprop, like <c>torch.optim.RMSprop</c>: v ← αv + (1 − α)g²; centered: ḡ ← αḡ + (1 − α)g and the denominator is
/// √(v − ḡ²) + eps, else √v + eps; with momentum b ← μb + g/denominator and p ← p − lr·b, else p ← p − lr·g/denominator.
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>RMSprop over <paramref name="parameters"/>.</summary>
    public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : this(SingleGroup(parameters), lr, alpha, eps, weightDecay, momentum, centered, maximize) { }

    /// <summary>RMSprop over parameter groups; options a group sets override the arguments given here.</summary>
    public RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["alpha"] = alpha, ["eps"] = eps, ["weight_decay"] = weightDecay, ["momentum"] = momentum,
            ["centered"] = centered ? 1 : 0, ["maximize"] = maximize ? 1 : 0,
        })
    {
        ValidateGroups(g =>
            g["lr"] < 0 ? $"invalid learning rate {g["lr"]}"
            : g["eps"] < 0 ? $"invalid epsilon value {g["eps"]}"
            : g["momentum"] < 0 ? $"invalid momentum value {g["momentum"]}"
            : g["weight_decay"] < 0 ? $"invalid weight_decay value {g["weight_decay"]}"
            : g["alpha"] < 0 ? $"invalid alpha value {g["alpha"]}"
            : null);
    }

    /// <inheritdoc/>
    protected override void StepGroup(ParamGroup group)
    {
        double lr = group["lr"], alpha = group["alpha"], eps = group["eps"], weightDecay = group["weight_decay"], momentum = group["momentum"];
        bool centered = group["centered"] != 0, maximize = group["maximize"] != 0;
        foreach (var p in group.Params)
        {
            if (p.Grad is not { } grad) continue;
            using var a = new ParamAccess(p, grad, nameof(RMSprop));
            var square = StateTensor(p, "square_avg");
            var gradAvg = centered ? StateTensor(p, "grad_avg") : square;
            var buf = momentum > 0 ? StateTensor(p, "momentum_buffer") : square;
            IncrementStep(p);
            if (a.IsSingle)
                OptimKernels.RmsProp(a.Param.Data<float>(), a.Grad.Data<float>(), square.Data<float>(), gradAvg.Data<float>(), buf.Data<float>(),
                    lr, alpha, eps, weightDecay, momentum, centered, maximize);
            else
                OptimKernels.RmsProp(a.Param.Data<double>(), a.Grad.Data<double>(), square.Data<double>(), gradAvg.Data<double>(), buf.Data<double>(),
                    lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }
    }
}
