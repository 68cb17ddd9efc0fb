namespace Nabla.Rl.Training;

/// <summary>The outcome of <see cref="RlRunner.Run"/>: the learning curve, the final greedy evaluation and what produced them.</summary>
public sealed record RlRunResult
{
    /// <summary>The environment id.</summary>
    public required string EnvId { get; init; }

    /// <summary>The agent name.</summary>
    public required string Agent { get; init; }

    /// <summary>The seed.</summary>
    public required long Seed { get; init; }

    /// <summary>The budget spent: environment steps, expert labels (bc, dagger) or, for tabular agents, the steps of their episodes.</summary>
    public required long Steps { get; init; }

    /// <summary>Training episodes and evaluations along the way.</summary>
    public required LearningCurve Curve { get; init; }

    /// <summary>The greedy policy's returns over the final evaluation episodes.</summary>
    public required EvaluationResult Evaluation { get; init; }

    /// <summary>Wall-clock seconds of training (evaluation excluded).</summary>
    public required double TrainSeconds { get; init; }

    /// <summary>With checkpointing: the step whose weights were restored and its checkpoint mean return; null otherwise.</summary>
    public EvaluationPoint? RestoredCheckpoint { get; init; }

    /// <summary>The hyperparameters used, by name, as text.</summary>
    public required IReadOnlyDictionary<string, string> Hyperparameters { get; init; }
}
