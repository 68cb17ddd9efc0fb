using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, like
/// <c>torch.optim.SGD</c>: d = g + weightDecay·p; b ← momentum·b + (1 − dampening)·d (b = d on the first step);
/// d = nesterov ? d + momentum·b : b; p ← p − lr·d. PyTorch applies lr after the momentum buffer, which differs from the
/// textbook v ← μv − lr·g only when lr changes between steps.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>SGD over <paramref name="parameters"/> (e.g. <c>model.Parameters()</c>).</summary>
    public SGD(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : this(SingleGroup(parameters), lr, momentum, dampening, weightDecay, nesterov, maximize) { }

    /// <summary>SGD over parameter groups; options a group sets override the arguments given here.</summary>
    public SGD(IEnumerable<ParamGroup> groups, double lr = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weightDecay,
            ["nesterov"] = nesterov ? 1 : 0, ["maximize"] = maximize ? 1 : 0,
        })
    {
        ValidateGroups(g =>
            g["lr"] < 0 ? $"invalid learning rate {g["lr"]}"
            : g["momentum"] < 0 ? $"invalid momentum value {g["momentum"]}"
            : g["weight_decay"] < 0 ? $"invalid weight_decay value {g["weight_decay"]}"
            : g["nesterov"] != 0 && (g["momentum"] <= 0 || g["dampening"] != 0) ? "Nesterov momentum requires a momentum and zero dampening"
            : null);
    }

    /// <inheritdoc/>
    protected override void StepGroup(ParamGroup group)
    {
        double lr = group["lr"], momentum = group["momentum"], dampening = group["dampening"], weightDecay = group["weight_decay"];
        bool nesterov = group["nesterov"] != 0, maximize = group["maximize"] != 0;
        foreach (var p in group.Params)
        {
            if (p.Grad is not { } grad) continue;
            using var a = new ParamAccess(p, grad, nameof(SGD));
            bool first = momentum != 0 && !HasState(p, "momentum_buffer");
            var buf = momentum != 0 ? StateTensor(p, "momentum_buffer") : a.Param;
            if (a.IsSingle)
                OptimKernels.Sgd(a.Param.Data<float>(), a.Grad.Data<float>(), buf.Data<float>(), lr, momentum, dampening, weightDecay, nesterov, maximize, first);
            else
                OptimKernels.Sgd(a.Param.Data<double>(), a.Grad.Data<double>(), buf.Data<double>(), lr, momentum, dampening, weightDecay, nesterov, maximize, first);
        }
    }
}
