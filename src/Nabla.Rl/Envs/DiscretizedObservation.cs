using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// Turns float observations into one integer state by binning each dimension with NumPy's <c>digitize</c> rule (bin i
/// holds <c>edges[i−1] ≤ x &lt; edges[i]</c>, so d edges make d + 1 bins) and combining the bins row-major, so tabular
/// methods run on continuous environments; a dimension with no edges is ignored (one bin). The curriculum's CartPole
/// table ignores position and speed and bins θ at {−0.2, 0, 0.2} and θ̇ at {−3, 3}: 1 × 1 × 4 × 3 = 12 states.
/// </summary>
public sealed class DiscretizedObservation : Env<int, int>
{
    private readonly Env<float[], int> _inner;
    private readonly double[][] _edges;
    private readonly int[] _strides;
    private readonly Discrete _observationSpace;

    /// <summary>Wraps <paramref name="inner"/> with one sorted edge list per observation dimension.</summary>
    public DiscretizedObservation(Env<float[], int> inner, IReadOnlyList<double[]> edges)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (inner.ObservationSpace is not Box box || box.Size != edges.Count)
            throw new ArgumentException($"DiscretizedObservation: {edges.Count} edge lists for observation space {inner.ObservationSpace}.");
        _edges = edges.Select(e => (double[])e.Clone()).ToArray();
        _strides = new int[_edges.Length];
        int n = 1;
        for (int d = _edges.Length - 1; d >= 0; d--)
        {
            for (int i = 1; i < _edges[d].Length; i++)
                if (!(_edges[d][i - 1] < _edges[d][i]))
                    throw new ArgumentException($"DiscretizedObservation: edges of dimension {d} are not increasing.");
            _strides[d] = n;
            n *= _edges[d].Length + 1;
        }
        _observationSpace = new Discrete(n);
    }

    /// <summary>The curriculum's CartPole table (seed000 §7.5): θ at −0.2, 0, 0.2 and θ̇ at −3, 3; 12 states.</summary>
    public static IReadOnlyList<double[]> CurriculumCartPoleEdges => [[], [], [-0.2, 0, 0.2], [-3, 3]];

    /// <summary>
    /// Finer CartPole bins (x at ±0.8; ẋ at −0.5, 0, 0.5; θ at 0, ±0.02, ±0.05, ±0.1; θ̇ at 0, ±0.1, ±0.5, ±1;
    /// 3 × 4 × 8 × 8 = 768 states) with which tabular Q-learning balances CartPole-v1 for the full 500 steps.
    /// </summary>
    public static IReadOnlyList<double[]> CartPoleEdges =>
        [[-0.8, 0.8], [-0.5, 0, 0.5], [-0.1, -0.05, -0.02, 0, 0.02, 0.05, 0.1], [-1, -0.5, -0.1, 0, 0.1, 0.5, 1]];

    /// <summary>The number of bins of each dimension (edges + 1).</summary>
    public IReadOnlyList<int> BinCounts => _edges.Select(e => e.Length + 1).ToArray();

    /// <summary>The wrapped environment.</summary>
    public Env<float[], int> Inner => _inner;

    /// <inheritdoc />
    public override Space<int> ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public override Space<int> ActionSpace => _inner.ActionSpace;

    /// <inheritdoc />
    public override int? MaxEpisodeSteps => _inner.MaxEpisodeSteps;

    /// <inheritdoc />
    public override IEnv Unwrapped => _inner.Unwrapped;

    /// <summary>The state index of <paramref name="observation"/>.</summary>
    public int StateOf(ReadOnlySpan<float> observation)
    {
        int s = 0;
        for (int d = 0; d < _edges.Length; d++)
        {
            var e = _edges[d];
            int bin = 0;
            while (bin < e.Length && observation[d] >= e[bin]) bin++;
            s += bin * _strides[d];
        }
        return s;
    }

    /// <summary>The bin of each dimension for state <paramref name="state"/>.</summary>
    public int[] BinsOf(int state)
    {
        var bins = new int[_edges.Length];
        for (int d = 0; d < _edges.Length; d++)
        {
            bins[d] = state / _strides[d];
            state %= _strides[d];
        }
        return bins;
    }

    /// <inheritdoc />
    public override ResetResult<int> Reset(long? seed = null)
    {
        var (obs, info) = _inner.Reset(seed);
        return new(StateOf(obs), info);
    }

    /// <inheritdoc />
    public override StepResult<int> Step(int action)
    {
        var (obs, reward, terminated, truncated, info) = _inner.Step(action);
        return new(StateOf(obs), reward, terminated, truncated, info);
    }

    /// <inheritdoc />
    public override string Render() => _inner.Render();
}
