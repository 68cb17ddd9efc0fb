namespace Nabla.Optim;

/// <summary>
/// Multiplies the rate by <see cref="Gamma"/> at each milestone, like <c>torch.optim.lr_scheduler.MultiStepLR</c>:
/// lr·γ^(number of milestones ≤ t); a milestone listed twice decays twice, as in PyTorch.
/// </summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly int[] _milestones;

    /// <summary>Decays by <paramref name="gamma"/> at each step count in <paramref name="milestones"/>.</summary>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1) : base(optimizer)
    {
        _milestones = milestones.Order().ToArray();
        Gamma = gamma;
        ApplyInitialRates();
    }

    /// <summary>The milestones, sorted.</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <summary>Multiplicative factor per milestone.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLearningRates()
    {
        int passed = 0;
        foreach (int m in _milestones) if (m <= StepCount) passed++;
        return Scaled(Math.Pow(Gamma, passed));
    }
}
