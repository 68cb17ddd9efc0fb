namespace Nabla.Rl.Agents;

/// <summary>What REINFORCE subtracts from the returns before weighting the log-probabilities.</summary>
public enum BaselineKind
{
    /// <summary>No baseline: the weights are the returns themselves.</summary>
    None,

    /// <summary>The mean return of the update's batch.</summary>
    Mean,

    /// <summary>A learned state-value network V(s), regressed on the returns by mean squared error.</summary>
    Learned,
}

/// <summary>Hyperparameters of <see cref="Reinforce"/>.</summary>
public sealed record ReinforceOptions
{
    /// <summary>Widths of the policy network's (and the value network's) hidden layers.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [128];

    /// <summary>Hidden-layer nonlinearity.</summary>
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>Adam's learning rate for the policy.</summary>
    public double LearningRate { get; init; } = 5e-3;

    /// <summary>Adam's learning rate for the learned baseline.</summary>
    public double ValueLearningRate { get; init; } = 1e-2;

    /// <summary>Discount factor γ of the returns.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Whether step t is weighted by its reward-to-go Gₜ (lower variance) or by the whole episode's return G₀.</summary>
    public bool RewardToGo { get; init; } = true;

    /// <summary>The baseline.</summary>
    public BaselineKind Baseline { get; init; } = BaselineKind.Learned;

    /// <summary>Whether the advantages of each update are rescaled to mean 0 and standard deviation 1.</summary>
    public bool NormalizeAdvantages { get; init; }

    /// <summary>Weight of the entropy bonus.</summary>
    public double EntropyCoef { get; init; }

    /// <summary>Complete episodes per policy update.</summary>
    public int EpisodesPerUpdate { get; init; } = 4;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenSizes);
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"ReinforceOptions: LearningRate must be positive, got {LearningRate}.");
        if (!(ValueLearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(ValueLearningRate), $"ReinforceOptions: ValueLearningRate must be positive, got {ValueLearningRate}.");
        if (Gamma is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(Gamma), $"ReinforceOptions: Gamma must be in [0, 1], got {Gamma}.");
        if (EntropyCoef < 0) throw new ArgumentOutOfRangeException(nameof(EntropyCoef), $"ReinforceOptions: EntropyCoef must be non-negative, got {EntropyCoef}.");
        if (EpisodesPerUpdate <= 0)
            throw new ArgumentOutOfRangeException(nameof(EpisodesPerUpdate), $"ReinforceOptions: EpisodesPerUpdate must be positive, got {EpisodesPerUpdate}.");
    }
}
