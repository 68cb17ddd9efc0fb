using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Adagrad, like <c>torch.optim.Adagrad</c>: with step t, clr = lr / (1 + (t − 1)·lrDecay); s ← s + g²;
/// p ← p − clr·g / (√s + eps). The accumulator starts at <c>initialAccumulatorValue</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Adagrad over <paramref name="parameters"/>.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : this(SingleGroup(parameters), lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize) { }

    /// <summary>Adagrad over parameter groups; options a group sets override the arguments given here.</summary>
    public Adagrad(IEnumerable<ParamGroup> groups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["lr_decay"] = lrDecay, ["weight_decay"] = weightDecay,
            ["initial_accumulator_value"] = initialAccumulatorValue, ["eps"] = eps, ["maximize"] = maximize ? 1 : 0,
        })
    {
        ValidateGroups(g =>
            g["lr"] < 0 ? $"invalid learning rate {g["lr"]}"
            : g["lr_decay"] < 0 ? $"invalid lr_decay value {g["lr_decay"]}"
            : g["weight_decay"] < 0 ? $"invalid weight_decay value {g["weight_decay"]}"
            : g["initial_accumulator_value"] < 0 ? $"invalid initial_accumulator_value {g["initial_accumulator_value"]}"
            : g["eps"] < 0 ? $"invalid epsilon value {g["eps"]}"
            : null);
    }

    /// <inheritdoc/>
    protected override void StepGroup(ParamGroup group)
    {
        double lr = group["lr"], lrDecay = group["lr_decay"], weightDecay = group["weight_decay"], eps = group["eps"];
        double init = group["initial_accumulator_value"];
        bool maximize = group["maximize"] != 0;
        foreach (var p in group.Params)
        {
            if (p.Grad is not { } grad) continue;
            using var a = new ParamAccess(p, grad, nameof(Adagrad));
            var sum = StateTensor(p, "sum", init);
            double step = IncrementStep(p);
            double clr = lr / (1 + (step - 1) * lrDecay);
            if (a.IsSingle) OptimKernels.Adagrad(a.Param.Data<float>(), a.Grad.Data<float>(), sum.Data<float>(), clr, weightDecay, eps, maximize);
            else OptimKernels.Adagrad(a.Param.Data<double>(), a.Grad.Data<double>(), sum.Data<double>(), clr, weightDecay, eps, maximize);
        }
    }
}
