namespace Nabla.Optim;

/// <summary>Multiplies the rate by <see cref="Gamma"/> every step, like <c>torch.optim.lr_scheduler.ExponentialLR</c>: lr·γᵗ.</summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Decays by <paramref name="gamma"/> per step.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma) : base(optimizer)
    {
        Gamma = gamma;
        ApplyInitialRates();
    }

    /// <summary>Multiplicative factor per step.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLearningRates() => Scaled(Math.Pow(Gamma, StepCount));
}
