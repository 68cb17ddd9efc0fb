using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// A finite MDP environment driven by its <see cref="TabularModel"/>, like Gymnasium's toy-text environments: reset
/// samples the initial state distribution, step samples the outcome of <c>P[s][a]</c> and reports its probability as
/// <c>info["prob"]</c>. Subclasses supply the model and the rendering.
/// </summary>
public abstract class DiscreteEnv : Env<int, int>, ITabularEnv
{
    private readonly double[] _initial;
    private readonly Discrete _observationSpace, _actionSpace;
    private readonly Dictionary<double, IReadOnlyDictionary<string, object>> _infoByProb = [];
    private int _state = -1;

    /// <summary>Wraps <paramref name="model"/>, starting episodes from <paramref name="initialStateDistribution"/>.</summary>
    protected DiscreteEnv(TabularModel model, double[] initialStateDistribution)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        if (initialStateDistribution.Length != model.StateCount)
            throw new ArgumentException($"DiscreteEnv: initial distribution has {initialStateDistribution.Length} entries for {model.StateCount} states.");
        if (initialStateDistribution.Any(p => !(p >= 0)) || Math.Abs(initialStateDistribution.Sum() - 1) > 1e-9)
            throw new ArgumentException("DiscreteEnv: the initial state distribution must be non-negative and sum to 1.");
        _initial = (double[])initialStateDistribution.Clone();
        _observationSpace = new Discrete(model.StateCount);
        _actionSpace = new Discrete(model.ActionCount);
    }

    /// <inheritdoc />
    public TabularModel Model { get; }

    /// <inheritdoc />
    public IReadOnlyList<double> InitialStateDistribution => _initial;

    /// <inheritdoc />
    public override Space<int> ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public override Space<int> ActionSpace => _actionSpace;

    /// <summary>The current state; setting it starts an episode from that state.</summary>
    public int State
    {
        get => _state;
        set
        {
            if (!_observationSpace.Contains(value))
                throw new ArgumentOutOfRangeException(nameof(value), $"{GetType().Name}: state {value} is not in {_observationSpace}.");
            _state = value;
        }
    }

    /// <summary>The last action taken, or −1 at the start of an episode (for rendering).</summary>
    protected int LastAction { get; private set; } = -1;

    /// <inheritdoc />
    public override ResetResult<int> Reset(long? seed = null)
    {
        Reseed(seed);
        _state = Categorical(_initial);
        LastAction = -1;
        return new(_state, InfoFor(1.0));
    }

    /// <inheritdoc />
    public override StepResult<int> Step(int action)
    {
        CheckAction(action, GetType().Name);
        if (_state < 0) throw StepBeforeReset(GetType().Name);
        var outcomes = Model[_state, action];
        var t = outcomes[0];
        if (outcomes.Count > 1)
        {
            double u = Rng.NextDouble(), cumulative = 0;
            for (int i = 0; i < outcomes.Count; i++)
            {
                t = outcomes[i];
                cumulative += t.Probability;
                if (u < cumulative) break;
            }
        }
        _state = t.NextState;
        LastAction = action;
        return new(t.NextState, t.Reward, t.Terminated, false, InfoFor(t.Probability));
    }

    private int Categorical(double[] p)
    {
        double u = Rng.NextDouble(), cumulative = 0;
        for (int i = 0; i < p.Length; i++)
        {
            cumulative += p[i];
            if (u < cumulative) return i;
        }
        return Array.FindLastIndex(p, x => x > 0);
    }

    private IReadOnlyDictionary<string, object> InfoFor(double prob)
    {
        if (!_infoByProb.TryGetValue(prob, out var info))
            _infoByProb[prob] = info = new Dictionary<string, object> { ["prob"] = prob };
        return info;
    }
}
