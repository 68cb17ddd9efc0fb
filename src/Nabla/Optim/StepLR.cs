namespace Nabla.Optim;

/// <summary>Multiplies the rate by <see cref="Gamma"/> every <see cref="StepSize"/> steps, like <c>torch.optim.lr_scheduler.StepLR</c>: lr·γ^⌊t/stepSize⌋.</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Decays by <paramref name="gamma"/> every <paramref name="stepSize"/> steps.</summary>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), $"StepLR: stepSize must be positive, got {stepSize}.");
        StepSize = stepSize;
        Gamma = gamma;
        ApplyInitialRates();
    }

    /// <summary>Steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>Multiplicative factor per decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLearningRates() => Scaled(Math.Pow(Gamma, StepCount / StepSize));
}
