namespace Nabla.Nn;

/// <summary>Mean squared error; see <see cref="Functional.MseLoss"/>.</summary>
public sealed class MSELoss(string reduction = "mean") : Loss(reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);
}

/// <summary>Mean absolute error; see <see cref="Functional.L1Loss"/>.</summary>
public sealed class L1Loss(string reduction = "mean") : Loss(reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.L1Loss(input, target, Reduction);
}

/// <summary>Smooth L1 loss; see <see cref="Functional.SmoothL1Loss"/>.</summary>
public sealed class SmoothL1Loss(string reduction = "mean", double beta = 1.0) : Loss(reduction)
{
    /// <summary>Where the loss changes from quadratic to linear.</summary>
    public double Beta { get; } = beta;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.SmoothL1Loss(input, target, Reduction, Beta);
}

/// <summary>Huber loss; see <see cref="Functional.HuberLoss"/>.</summary>
public sealed class HuberLoss(string reduction = "mean", double delta = 1.0) : Loss(reduction)
{
    /// <summary>Where the loss changes from quadratic to linear.</summary>
    public double Delta { get; } = delta;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.HuberLoss(input, target, Reduction, Delta);
}
