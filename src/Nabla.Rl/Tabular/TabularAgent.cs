using Nabla.Rl.Envs;

namespace Nabla.Rl.Tabular;

/// <summary>The single-transition updates of TD learning, and ε-greedy action choice on a Q table.</summary>
public static class TdUpdates
{
    /// <summary>
    /// TD(0): δ = r + γ V(s′) − V(s) (V(s′) taken as 0 when <paramref name="terminal"/>), then V(s) += α δ. Returns δ.
    /// V(s) = 0.5, r = 1, γ = 0.9, V(s′) = 1, α = 0.1: δ = 1.4 and V(s) becomes 0.64.
    /// </summary>
    public static double Td0(double[] v, int s, double r, int sNext, bool terminal, double alpha, double gamma)
    {
        double delta = r + (terminal ? 0 : gamma * v[sNext]) - v[s];
        v[s] += alpha * delta;
        return delta;
    }

    /// <summary>SARSA: δ = r + γ Q(s′, a′) − Q(s, a), Q(s, a) += α δ. Returns δ. (Q = 2, r = −1, γ = 0.9, Q(s′, a′) = 3, α = 0.5 → 1.85.)</summary>
    public static double Sarsa(double[,] q, int s, int a, double r, int sNext, int aNext, bool terminal, double alpha, double gamma)
    {
        double delta = r + (terminal ? 0 : gamma * q[sNext, aNext]) - q[s, a];
        q[s, a] += alpha * delta;
        return delta;
    }

    /// <summary>Q-learning: δ = r + γ max_a′ Q(s′, a′) − Q(s, a), Q(s, a) += α δ. Returns δ. (Same numbers, Q(s′, ·) = [3, 5] → 2.75.)</summary>
    public static double QLearning(double[,] q, int s, int a, double r, int sNext, bool terminal, double alpha, double gamma)
    {
        double delta = r + (terminal ? 0 : gamma * Max(q, sNext)) - q[s, a];
        q[s, a] += alpha * delta;
        return delta;
    }

    /// <summary>max_a Q(s, a).</summary>
    public static double Max(double[,] q, int s)
    {
        double best = q[s, 0];
        for (int a = 1; a < q.GetLength(1); a++) best = Math.Max(best, q[s, a]);
        return best;
    }

    /// <summary>
    /// An ε-greedy action: uniform with probability ε, otherwise a greedy action with ties broken uniformly at
    /// random (so an all-zero table does not always pick action 0).
    /// </summary>
    public static int EpsilonGreedy(double[,] q, int s, double epsilon, Generator rng)
    {
        int actions = q.GetLength(1);
        if (epsilon > 0 && rng.NextDouble() < epsilon) return (int)rng.NextInt64(0, actions);
        double best = Max(q, s);
        int ties = 0, choice = 0;
        for (int a = 0; a < actions; a++)
            if (q[s, a] == best && rng.NextInt64(0, ++ties) == 0) choice = a;
        return choice;
    }

    /// <summary>An action drawn from row <paramref name="s"/> of the policy table <paramref name="policy"/>.</summary>
    public static int Sample(double[,] policy, int s, Generator rng)
    {
        double u = rng.NextDouble(), cumulative = 0;
        int actions = policy.GetLength(1);
        for (int a = 0; a < actions; a++)
        {
            cumulative += policy[s, a];
            if (u < cumulative) return a;
        }
        for (int a = actions - 1; a >= 0; a--)
            if (policy[s, a] > 0) return a;
        return actions - 1;
    }

    /// <summary>
    /// Runs one episode of the greedy policy for <paramref name="q"/> from a reset (seeded when <paramref name="seed"/>
    /// is given) and returns its undiscounted return and length; stops after <paramref name="maxSteps"/>.
    /// </summary>
    public static (double Return, int Length) GreedyEpisode(Env<int, int> env, double[,] q, long? seed = null, int maxSteps = 10_000)
    {
        var policy = Policies.Greedy(q);
        int s = env.Reset(seed).Observation;
        double total = 0;
        for (int t = 1; t <= maxSteps; t++)
        {
            var r = env.Step(policy[s]);
            total += r.Reward;
            s = r.Observation;
            if (r.Done) return (total, t);
        }
        return (total, maxSteps);
    }

    internal static (int States, int Actions) Sizes(Env<int, int> env, string op)
    {
        if (env.ObservationSpace is not Spaces.Discrete { Start: 0 } states || env.ActionSpace is not Spaces.Discrete { Start: 0 } actions)
            throw new ArgumentException($"{op}: needs Discrete spaces starting at 0, got {env.ObservationSpace} and {env.ActionSpace}.");
        return (states.N, actions.N);
    }
}
