using Nabla.Rl.Envs;

namespace Nabla.Rl.Tabular;

/// <summary>
/// Tabular policies as (states, actions) probability tables <c>π[s, a]</c>, and conversions from deterministic policies
/// and action values.
/// </summary>
public static class Policies
{
    /// <summary>The equiprobable random policy π(a|s) = 1/|A|.</summary>
    public static double[,] Uniform(int stateCount, int actionCount)
    {
        var pi = new double[stateCount, actionCount];
        for (int s = 0; s < stateCount; s++)
            for (int a = 0; a < actionCount; a++) pi[s, a] = 1.0 / actionCount;
        return pi;
    }

    /// <summary>The equiprobable random policy for <paramref name="model"/>.</summary>
    public static double[,] Uniform(TabularModel model) => Uniform(model.StateCount, model.ActionCount);

    /// <summary>The table of the deterministic policy <paramref name="actions"/>[s].</summary>
    public static double[,] Deterministic(int[] actions, int actionCount)
    {
        var pi = new double[actions.Length, actionCount];
        for (int s = 0; s < actions.Length; s++)
        {
            if ((uint)actions[s] >= (uint)actionCount)
                throw new ArgumentOutOfRangeException(nameof(actions), $"Policies.Deterministic: action {actions[s]} in state {s} is not in [0, {actionCount}).");
            pi[s, actions[s]] = 1;
        }
        return pi;
    }

    /// <summary>The greedy actions argmax_a q[s, a], ties to the lowest action.</summary>
    public static int[] Greedy(double[,] q)
    {
        int states = q.GetLength(0), actions = q.GetLength(1);
        var best = new int[states];
        for (int s = 0; s < states; s++)
        {
            int b = 0;
            for (int a = 1; a < actions; a++)
                if (q[s, a] > q[s, b]) b = a;
            best[s] = b;
        }
        return best;
    }

    /// <summary>
    /// The ε-greedy table for <paramref name="q"/>: the greedy action gets 1 − ε + ε/|A|, every other ε/|A|
    /// (ε = 0.1, 4 actions: 0.925 and 0.025).
    /// </summary>
    public static double[,] EpsilonGreedy(double[,] q, double epsilon)
    {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"Policies.EpsilonGreedy: epsilon {epsilon} is not in [0, 1].");
        int states = q.GetLength(0), actions = q.GetLength(1);
        var greedy = Greedy(q);
        var pi = new double[states, actions];
        for (int s = 0; s < states; s++)
            for (int a = 0; a < actions; a++) pi[s, a] = epsilon / actions + (a == greedy[s] ? 1 - epsilon : 0);
        return pi;
    }
}
