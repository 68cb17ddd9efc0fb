namespace Nabla.Rl.Training;

/// <summary>One finished training episode: the environment step at which it ended (counted from 1), its return and length.</summary>
/// <param name="Step">Total environment steps taken when the episode ended.</param>
/// <param name="Return">The undiscounted sum of the episode's rewards.</param>
/// <param name="Length">The episode's number of steps.</param>
public readonly record struct EpisodeRecord(long Step, double Return, int Length);

/// <summary>A greedy evaluation made during training.</summary>
/// <param name="Step">Total environment steps taken when it ran.</param>
/// <param name="MeanReturn">Mean return of the greedy policy over the evaluation episodes.</param>
public readonly record struct EvaluationPoint(long Step, double MeanReturn);

/// <summary>What a training run records: every finished episode in order, and any evaluations made along the way.</summary>
public sealed class LearningCurve
{
    private readonly List<EpisodeRecord> _episodes = [];
    private readonly List<EvaluationPoint> _evaluations = [];

    /// <summary>Finished training episodes, in order.</summary>
    public IReadOnlyList<EpisodeRecord> Episodes => _episodes;

    /// <summary>Evaluations made during training, in order.</summary>
    public IReadOnlyList<EvaluationPoint> Evaluations => _evaluations;

    /// <summary>Called after each <see cref="AddEpisode"/>, e.g. to print progress.</summary>
    public event Action<EpisodeRecord>? EpisodeFinished;

    /// <summary>Records an episode that ended at <paramref name="step"/>.</summary>
    public void AddEpisode(long step, double episodeReturn, int length)
    {
        var record = new EpisodeRecord(step, episodeReturn, length);
        _episodes.Add(record);
        EpisodeFinished?.Invoke(record);
    }

    /// <summary>Records an evaluation at <paramref name="step"/>.</summary>
    public void AddEvaluation(long step, double meanReturn) => _evaluations.Add(new EvaluationPoint(step, meanReturn));

    /// <summary>The mean return of the last <paramref name="count"/> episodes (fewer when fewer exist; NaN when none).</summary>
    public double RecentMeanReturn(int count = 20)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), $"LearningCurve.RecentMeanReturn: count must be positive, got {count}.");
        int n = Math.Min(count, _episodes.Count);
        if (n == 0) return double.NaN;
        double sum = 0;
        for (int i = _episodes.Count - n; i < _episodes.Count; i++) sum += _episodes[i].Return;
        return sum / n;
    }

    /// <summary>
    /// The mean return of the episodes that ended in (<paramref name="fromStep"/>, <paramref name="toStep"/>]; NaN
    /// when none did. Compares stretches of training, e.g. the first and last thousand steps.
    /// </summary>
    public double MeanReturnBetween(long fromStep, long toStep)
    {
        double sum = 0;
        int n = 0;
        foreach (var e in _episodes)
            if (e.Step > fromStep && e.Step <= toStep)
            {
                sum += e.Return;
                n++;
            }
        return n == 0 ? double.NaN : sum / n;
    }
}
