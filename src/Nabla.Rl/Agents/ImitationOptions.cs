namespace Nabla.Rl.Agents;

/// <summary>How <see cref="Imitation"/> trains its classifier and, for DAgger, how it spends the label budget.</summary>
public sealed record ImitationOptions
{
    /// <summary>Widths of the classifier's hidden layers.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64, 64];

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Minibatch size (the whole data set when it is smaller).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Gradient steps per training of the classifier (the same whatever the data size, so budgets compare fairly).</summary>
    public int TrainSteps { get; init; } = 1500;

    /// <summary>DAgger rounds: round 0 labels expert states, each later round labels the states the current learner visits.</summary>
    public int DaggerRounds { get; init; } = 5;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenSizes);
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"ImitationOptions: LearningRate must be positive, got {LearningRate}.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"ImitationOptions: BatchSize must be positive, got {BatchSize}.");
        if (TrainSteps <= 0) throw new ArgumentOutOfRangeException(nameof(TrainSteps), $"ImitationOptions: TrainSteps must be positive, got {TrainSteps}.");
        if (DaggerRounds <= 0) throw new ArgumentOutOfRangeException(nameof(DaggerRounds), $"ImitationOptions: DaggerRounds must be positive, got {DaggerRounds}.");
    }
}
