namespace Nabla.Rl.Agents;

/// <summary>
/// Experience replay for DQN: a ring of <see cref="Capacity"/> transitions (s, a, r, s′, terminated) in preallocated
/// flat float arrays, observations row-major with <see cref="ObservationSize"/> floats each. When full, each new
/// transition overwrites the oldest. Sampling is uniform with replacement from a caller's seeded generator and
/// allocates nothing.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _observations, _nextObservations, _rewards, _terminated;
    private readonly int[] _actions;
    private int _position;

    /// <summary>An empty buffer for <paramref name="capacity"/> transitions of <paramref name="observationSize"/>-float observations.</summary>
    public ReplayBuffer(int capacity, int observationSize)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), $"ReplayBuffer: capacity must be positive, got {capacity}.");
        if (observationSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(observationSize), $"ReplayBuffer: observationSize must be positive, got {observationSize}.");
        Capacity = capacity;
        ObservationSize = observationSize;
        _observations = new float[(long)capacity * observationSize];
        _nextObservations = new float[(long)capacity * observationSize];
        _rewards = new float[capacity];
        _terminated = new float[capacity];
        _actions = new int[capacity];
    }

    /// <summary>The most transitions held at once.</summary>
    public int Capacity { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Transitions held now (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>The slot the next <see cref="Add"/> writes.</summary>
    public int Position => _position;

    /// <summary>
    /// Stores a transition. <paramref name="terminated"/> is true only when <paramref name="nextObservation"/> is
    /// terminal in the MDP (its value is 0); a time-limit truncation is stored as not terminated so it bootstraps.
    /// </summary>
    public void Add(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated)
    {
        if (observation.Length != ObservationSize || nextObservation.Length != ObservationSize)
            throw new ArgumentException(
                $"ReplayBuffer.Add: observations have {observation.Length} and {nextObservation.Length} floats, expected {ObservationSize}.");
        int o = _position * ObservationSize;
        observation.CopyTo(_observations.AsSpan(o, ObservationSize));
        nextObservation.CopyTo(_nextObservations.AsSpan(o, ObservationSize));
        _actions[_position] = action;
        _rewards[_position] = reward;
        _terminated[_position] = terminated ? 1f : 0f;
        _position = _position + 1 == Capacity ? 0 : _position + 1;
        if (Count < Capacity) Count++;
    }

    /// <summary>Fills <paramref name="indices"/> with slots drawn uniformly with replacement from the <see cref="Count"/> stored.</summary>
    public void SampleIndices(Span<int> indices, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (Count == 0) throw new InvalidOperationException("ReplayBuffer.SampleIndices: the buffer is empty.");
        for (int i = 0; i < indices.Length; i++) indices[i] = (int)generator.NextInt64(0, Count);
    }

    /// <summary>
    /// Copies the transitions at <paramref name="indices"/> into batch arrays: observations and next observations
    /// (batch × ObservationSize, row-major), actions as int64 (for <c>Gather</c>), rewards and terminal flags (1 or 0).
    /// </summary>
    public void Gather(ReadOnlySpan<int> indices, Span<float> observations, Span<long> actions, Span<float> rewards,
        Span<float> nextObservations, Span<float> terminated)
    {
        int b = indices.Length, n = ObservationSize;
        if (observations.Length != b * n || nextObservations.Length != b * n || actions.Length != b || rewards.Length != b || terminated.Length != b)
            throw new ArgumentException($"ReplayBuffer.Gather: batch arrays do not fit {b} transitions of {n} floats.");
        for (int i = 0; i < b; i++)
        {
            int j = indices[i];
            if ((uint)j >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"ReplayBuffer.Gather: index {j} is not below Count {Count}.");
            _observations.AsSpan(j * n, n).CopyTo(observations.Slice(i * n, n));
            _nextObservations.AsSpan(j * n, n).CopyTo(nextObservations.Slice(i * n, n));
            actions[i] = _actions[j];
            rewards[i] = _rewards[j];
            terminated[i] = _terminated[j];
        }
    }

    /// <summary>The stored observation in <paramref name="slot"/>.</summary>
    public ReadOnlySpan<float> Observation(int slot) => _observations.AsSpan(CheckSlot(slot) * ObservationSize, ObservationSize);

    /// <summary>The stored next observation in <paramref name="slot"/>.</summary>
    public ReadOnlySpan<float> NextObservation(int slot) => _nextObservations.AsSpan(CheckSlot(slot) * ObservationSize, ObservationSize);

    /// <summary>The stored (action, reward, terminated) in <paramref name="slot"/>.</summary>
    public (int Action, float Reward, bool Terminated) Transition(int slot) =>
        (_actions[CheckSlot(slot)], _rewards[slot], _terminated[slot] != 0);

    /// <summary>Forgets every transition (the arrays stay allocated).</summary>
    public void Clear()
    {
        Count = 0;
        _position = 0;
    }

    private int CheckSlot(int slot) => (uint)slot < (uint)Count
        ? slot
        : throw new ArgumentOutOfRangeException(nameof(slot), $"ReplayBuffer: slot {slot} is not below Count {Count}.");
}
