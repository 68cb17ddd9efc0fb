namespace Nabla.Rl.Envs;

/// <summary>One outcome of taking an action, as an entry of Gymnasium's <c>P[s][a]</c> list.</summary>
/// <param name="Probability">The probability of this outcome.</param>
/// <param name="NextState">The state reached.</param>
/// <param name="Reward">The reward received.</param>
/// <param name="Terminated">Whether the episode ends here (dynamic programming then bootstraps with value 0).</param>
public readonly record struct Transition(double Probability, int NextState, double Reward, bool Terminated);

/// <summary>
/// The full model p(s′, r | s, a) of a finite MDP: for each state and action, the list of outcomes. Environments with
/// terminal states model them as absorbing, <c>(1, s, 0, terminated)</c>, as Gymnasium's FrozenLake does.
/// </summary>
public sealed class TabularModel
{
    private readonly Transition[][][] _p;

    /// <summary>
    /// Builds the model from <paramref name="p"/>[s][a] = outcomes; the probabilities of each list must sum to 1 and the
    /// next states must lie in [0, stateCount).
    /// </summary>
    public TabularModel(Transition[][][] p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Length == 0) throw new ArgumentException("TabularModel: no states.");
        StateCount = p.Length;
        ActionCount = p[0].Length;
        if (ActionCount == 0) throw new ArgumentException("TabularModel: no actions.");
        for (int s = 0; s < StateCount; s++)
        {
            if (p[s].Length != ActionCount)
                throw new ArgumentException($"TabularModel: state {s} has {p[s].Length} actions, state 0 has {ActionCount}.");
            for (int a = 0; a < ActionCount; a++)
            {
                double total = 0;
                foreach (var t in p[s][a])
                {
                    if (t.NextState < 0 || t.NextState >= StateCount)
                        throw new ArgumentException($"TabularModel: P[{s}][{a}] leads to state {t.NextState}, outside [0, {StateCount}).");
                    if (!(t.Probability >= 0)) throw new ArgumentException($"TabularModel: P[{s}][{a}] has probability {t.Probability}.");
                    total += t.Probability;
                }
                if (Math.Abs(total - 1) > 1e-9)
                    throw new ArgumentException($"TabularModel: the probabilities of P[{s}][{a}] sum to {total}, not 1.");
            }
        }
        _p = p;
    }

    /// <summary>The number of states.</summary>
    public int StateCount { get; }

    /// <summary>The number of actions.</summary>
    public int ActionCount { get; }

    /// <summary>The outcomes of action <paramref name="a"/> in state <paramref name="s"/> (Gymnasium's <c>P[s][a]</c>).</summary>
    public IReadOnlyList<Transition> this[int s, int a] => _p[s][a];

    /// <summary>The expected immediate reward r(s, a) = Σ p · r.</summary>
    public double ExpectedReward(int s, int a)
    {
        double r = 0;
        foreach (var t in _p[s][a]) r += t.Probability * t.Reward;
        return r;
    }
}

/// <summary>A finite-MDP environment with integer states that exposes its model for dynamic programming.</summary>
public interface ITabularEnv
{
    /// <summary>The transition model p(s′, r | s, a).</summary>
    TabularModel Model { get; }

    /// <summary>The probability of starting in each state (sums to 1).</summary>
    IReadOnlyList<double> InitialStateDistribution { get; }
}
