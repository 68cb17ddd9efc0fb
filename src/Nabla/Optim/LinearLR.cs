namespace Nabla.Optim;

/// <summary>
/// Linear warm-up, like <c>torch.optim.lr_scheduler.LinearLR</c>: the factor moves linearly from startFactor to
/// endFactor over totalIters steps, then stays: lr·(startFactor + (endFactor − startFactor)·min(t, totalIters)/totalIters).
/// </summary>
public sealed class LinearLR : LRScheduler
{
    /// <summary>Scales each group's rate by a factor going from <paramref name="startFactor"/> to <paramref name="endFactor"/> in <paramref name="totalIters"/> steps.</summary>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5) : base(optimizer)
    {
        if (startFactor is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(startFactor), $"LinearLR: startFactor must be in (0, 1], got {startFactor}.");
        if (endFactor is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(endFactor), $"LinearLR: endFactor must be in [0, 1], got {endFactor}.");
        if (totalIters <= 0) throw new ArgumentOutOfRangeException(nameof(totalIters), $"LinearLR: totalIters must be positive, got {totalIters}.");
        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        ApplyInitialRates();
    }

    /// <summary>Factor at step 0.</summary>
    public double StartFactor { get; }

    /// <summary>Factor from step <see cref="TotalIters"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>Length of the ramp in steps.</summary>
    public int TotalIters { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLearningRates() =>
        Scaled(StartFactor + (EndFactor - StartFactor) * Math.Min(TotalIters, StepCount) / TotalIters);
}
