namespace Nabla.Rl.Agents;

/// <summary>A growing data set of (observation, expert action) pairs for imitation learning, observations stored flat.</summary>
public sealed class Demonstrations
{
    private readonly List<float> _observations = [];
    private readonly List<long> _actions = [];

    /// <summary>An empty set for <paramref name="observationSize"/>-float observations.</summary>
    public Demonstrations(int observationSize)
    {
        if (observationSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(observationSize), $"Demonstrations: observationSize must be positive, got {observationSize}.");
        ObservationSize = observationSize;
    }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Labelled pairs held.</summary>
    public int Count => _actions.Count;

    /// <summary>Appends a labelled observation.</summary>
    public void Add(ReadOnlySpan<float> observation, int action)
    {
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"Demonstrations.Add: observation has {observation.Length} floats, expected {ObservationSize}.");
        foreach (float v in observation) _observations.Add(v);
        _actions.Add(action);
    }

    /// <summary>The observations as one (Count × ObservationSize) row-major array (a copy).</summary>
    public float[] Observations() => [.. _observations];

    /// <summary>The labels (a copy).</summary>
    public long[] Actions() => [.. _actions];
}
