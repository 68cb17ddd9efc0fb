namespace Nabla.Rl.Agents;

/// <summary>The loss DQN minimises between Q(s, a) and its bootstrapped target.</summary>
public enum DqnLoss
{
    /// <summary>Huber loss with δ = 1 (PyTorch's <c>SmoothL1Loss</c>/<c>HuberLoss</c> defaults): gradients of TD errors beyond 1 are clipped to ±1.</summary>
    Huber,

    /// <summary>Mean squared TD error, as in the curriculum's single-backup example.</summary>
    Mse,
}

/// <summary>
/// Hyperparameters of <see cref="Dqn"/>. The defaults are the benchmark's configuration (Q-network 4→128→128→2,
/// replay 10 000, batch 64, one update per step once 64 transitions are stored, target sync every 500 steps,
/// ε 1.0 → 0.05 over 2000 steps, γ 0.99, Huber loss, Adam(1e-3)).
/// </summary>
public sealed record DqnOptions
{
    /// <summary>Widths of the Q-network's hidden layers.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [128, 128];

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Discount factor γ.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Replay capacity; the oldest transitions are overwritten.</summary>
    public int BufferCapacity { get; init; } = 10_000;

    /// <summary>Transitions stored before the first gradient step (at least <see cref="BatchSize"/>).</summary>
    public int LearningStarts { get; init; } = 64;

    /// <summary>Environment steps per gradient step.</summary>
    public int TrainFrequency { get; init; } = 1;

    /// <summary>Environment steps between copies of the online network into the target network.</summary>
    public int TargetUpdateInterval { get; init; } = 500;

    /// <summary>ε at step 0.</summary>
    public double EpsilonStart { get; init; } = 1.0;

    /// <summary>ε after the decay.</summary>
    public double EpsilonEnd { get; init; } = 0.05;

    /// <summary>Steps over which ε falls linearly from <see cref="EpsilonStart"/> to <see cref="EpsilonEnd"/>.</summary>
    public int EpsilonDecaySteps { get; init; } = 2000;

    /// <summary>Double DQN (van Hasselt et al. 2016): the online network picks the next action, the target network values it.</summary>
    public bool DoubleDqn { get; init; }

    /// <summary>The loss on TD errors.</summary>
    public DqnLoss Loss { get; init; } = DqnLoss.Huber;

    /// <summary>When set, gradients are clipped to this total 2-norm before each step.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenSizes);
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"DqnOptions: LearningRate must be positive, got {LearningRate}.");
        if (Gamma is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(Gamma), $"DqnOptions: Gamma must be in [0, 1], got {Gamma}.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"DqnOptions: BatchSize must be positive, got {BatchSize}.");
        if (BufferCapacity < BatchSize)
            throw new ArgumentOutOfRangeException(nameof(BufferCapacity), $"DqnOptions: BufferCapacity {BufferCapacity} is smaller than BatchSize {BatchSize}.");
        if (LearningStarts < BatchSize || LearningStarts > BufferCapacity)
            throw new ArgumentOutOfRangeException(nameof(LearningStarts),
                $"DqnOptions: LearningStarts must be between BatchSize {BatchSize} and BufferCapacity {BufferCapacity}, got {LearningStarts}.");
        if (TrainFrequency <= 0) throw new ArgumentOutOfRangeException(nameof(TrainFrequency), $"DqnOptions: TrainFrequency must be positive, got {TrainFrequency}.");
        if (TargetUpdateInterval <= 0)
            throw new ArgumentOutOfRangeException(nameof(TargetUpdateInterval), $"DqnOptions: TargetUpdateInterval must be positive, got {TargetUpdateInterval}.");
        if (EpsilonStart is < 0 or > 1 || EpsilonEnd is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(EpsilonStart), $"DqnOptions: epsilons must be in [0, 1], got {EpsilonStart} and {EpsilonEnd}.");
        if (EpsilonDecaySteps < 0)
            throw new ArgumentOutOfRangeException(nameof(EpsilonDecaySteps), $"DqnOptions: EpsilonDecaySteps must be non-negative, got {EpsilonDecaySteps}.");
        if (MaxGradNorm is double m && !(m > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), $"DqnOptions: MaxGradNorm must be positive, got {m}.");
    }
}
