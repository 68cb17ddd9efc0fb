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
/// Hyperparameters of <see cref="Dqn"/>. The defaults follow rl-baselines3-zoo's CartPole-v1 DQN settings with a
/// 64×64 network instead of 256×256 (several times cheaper) and Adam at 1e-3 instead of 2.3e-3 (which reached the
/// threshold less reliably here): Q-network 4→64→64→2, replay 100 000, batch 64, learning from 1000 stored
/// transitions, 128 gradient steps every 256 environment steps, target sync every 10 steps (so each training phase
/// regresses on the network as it stood after the previous phase), ε 1.0 → 0.04 over 8000 steps, γ 0.99, Huber loss,
/// gradient-norm clip 10. With <c>nabla rl</c>'s default budget of 50 000 steps and its best-checkpoint selection
/// (<see cref="Training.RlRunner.DefaultCheckpointInterval"/>) they solve CartPole-v1 for seeds 0–4
/// (docs/deep-rl.md). The <c>dqn</c> benchmark keeps its own fixed configuration.
/// </summary>
public sealed record DqnOptions
{
    /// <summary>Widths of the Q-network's hidden layers.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64, 64];

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Discount factor γ.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Replay capacity; the oldest transitions are overwritten.</summary>
    public int BufferCapacity { get; init; } = 100_000;

    /// <summary>Transitions stored before the first gradient step (at least <see cref="BatchSize"/>).</summary>
    public int LearningStarts { get; init; } = 1000;

    /// <summary>Environment steps between training phases.</summary>
    public int TrainFrequency { get; init; } = 256;

    /// <summary>Gradient steps in each training phase (every <see cref="TrainFrequency"/> environment steps).</summary>
    public int GradientSteps { get; init; } = 128;

    /// <summary>Environment steps between copies of the online network into the target network.</summary>
    public int TargetUpdateInterval { get; init; } = 10;

    /// <summary>ε at step 0.</summary>
    public double EpsilonStart { get; init; } = 1.0;

    /// <summary>ε after the decay.</summary>
    public double EpsilonEnd { get; init; } = 0.04;

    /// <summary>Steps over which ε falls linearly from <see cref="EpsilonStart"/> to <see cref="EpsilonEnd"/>.</summary>
    public int EpsilonDecaySteps { get; init; } = 8000;

    /// <summary>Double DQN (van Hasselt et al. 2016): the online network picks the next action, the target network values it.</summary>
    public bool DoubleDqn { get; init; }

    /// <summary>The loss on TD errors.</summary>
    public DqnLoss Loss { get; init; } = DqnLoss.Huber;

    /// <summary>When set, gradients are clipped to this total 2-norm before each step.</summary>
    public double? MaxGradNorm { get; init; } = 10;

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
        if (GradientSteps <= 0) throw new ArgumentOutOfRangeException(nameof(GradientSteps), $"DqnOptions: GradientSteps must be positive, got {GradientSteps}.");
        if (TargetUpdateInterval <= 0)
            throw new ArgumentOutOfRangeException(nameof(TargetUpdateInterval), $"DqnOptions: TargetUpdateInterval must be positive, got {TargetUpdateInterval}.");
        if (EpsilonStart is < 0 or > 1 || EpsilonEnd is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(EpsilonStart), $"DqnOptions: epsilons must be in [0, 1], got {EpsilonStart} and {EpsilonEnd}.");
        if (EpsilonDecaySteps < 0)
            throw new ArgumentOutOfRangeException(nameof(EpsilonDecaySteps), $"DqnOptions: EpsilonDecaySteps must be non-negative, got {EpsilonDecaySteps}.");
        if (MaxGradNorm is double m && !(m > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), $"DqnOptions: MaxGradNorm must be positive, got {m}.");
    }
}
