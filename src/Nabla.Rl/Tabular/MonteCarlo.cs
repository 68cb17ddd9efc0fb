using Nabla.Rl.Envs;

namespace Nabla.Rl.Tabular;

/// <summary>
/// Monte Carlo prediction and control (Sutton and Barto ch. 5): values are averages of sampled returns, updated
/// when an episode ends. First-visit averages the return after each state's first occurrence in an episode,
/// every-visit after all occurrences.
/// </summary>
public static class MonteCarlo
{
    /// <summary>
    /// Monte Carlo prediction from recorded episodes: V(s) is the average of the returns following visits of s.
    /// States [A, A, B] with rewards [1, 2, 3] and γ = 1: first-visit V(A) = 6, every-visit V(A) = 5.5, V(B) = 3.
    /// </summary>
    public static double[] Evaluate(IEnumerable<Episode> episodes, int stateCount, double gamma, bool firstVisit)
    {
        var v = new double[stateCount];
        var n = new int[stateCount];
        foreach (var e in episodes) Accumulate(e, gamma, firstVisit, v, n, null);
        return v;
    }

    /// <summary>Monte Carlo prediction of policy π[s, a] by running <see cref="TabularOptions.Episodes"/> episodes on <paramref name="env"/>.</summary>
    public static double[] Predict(Env<int, int> env, double[,] policy, TabularOptions options, bool firstVisit = true)
    {
        options.Validate("MonteCarlo.Predict");
        var (states, _) = TdUpdates.Sizes(env, "MonteCarlo.Predict");
        var rng = new Generator(options.Seed ^ 0x3C3C_9876);
        var v = new double[states];
        var n = new int[states];
        for (int ep = 0; ep < options.Episodes; ep++)
        {
            var e = Generate(env, ep == 0 ? options.Seed : null, options.MaxStepsPerEpisode, s => TdUpdates.Sample(policy, s, rng));
            Accumulate(e, options.Gamma, firstVisit, v, n, options.ConstantAlphaMonteCarlo ? options.Alpha : null);
        }
        return v;
    }

    /// <summary>
    /// On-policy first-visit Monte Carlo control for ε-soft policies (Sutton and Barto 5.4): act ε-greedily in Q,
    /// and at each episode's end move Q(s, a) to the average of the returns that followed the first visit of (s, a).
    /// </summary>
    public static TabularResult Control(Env<int, int> env, TabularOptions options)
    {
        options.Validate("MonteCarlo.Control");
        var (states, actions) = TdUpdates.Sizes(env, "MonteCarlo.Control");
        var q = new double[states, actions];
        if (options.InitialValue != 0)
            for (int s = 0; s < states; s++)
                for (int a = 0; a < actions; a++) q[s, a] = options.InitialValue;
        var counts = new int[states, actions];
        var rng = new Generator(options.Seed ^ 0x1E1E_5555);
        var returns = new double[options.Episodes];
        var lengths = new int[options.Episodes];
        var seen = new HashSet<(int, int)>();
        for (int ep = 0; ep < options.Episodes; ep++)
        {
            double eps = options.Epsilon.At(ep);
            var e = Generate(env, ep == 0 ? options.Seed : null, options.MaxStepsPerEpisode, s => TdUpdates.EpsilonGreedy(q, s, eps, rng));
            returns[ep] = e.Return;
            lengths[ep] = e.Length;
            var g = Returns.Discounted(e.Rewards, options.Gamma);
            seen.Clear();
            var firstIndex = new List<int>();
            for (int t = 0; t < e.Length; t++)
                if (seen.Add((e.States[t], e.Actions[t]))) firstIndex.Add(t);
            foreach (int t in firstIndex)
            {
                int s = e.States[t], a = e.Actions[t];
                double step = options.ConstantAlphaMonteCarlo ? options.Alpha : 1.0 / ++counts[s, a];
                q[s, a] += step * (g[t] - q[s, a]);
            }
        }
        return new TabularResult(q, returns, lengths);
    }

    /// <summary>Runs one episode choosing actions with <paramref name="policy"/> and records it.</summary>
    public static Episode Generate(Env<int, int> env, long? seed, int maxSteps, Func<int, int> policy)
    {
        var states = new List<int>();
        var actions = new List<int>();
        var rewards = new List<double>();
        int s = env.Reset(seed).Observation;
        bool terminated = false;
        for (int t = 0; t < maxSteps; t++)
        {
            int a = policy(s);
            var r = env.Step(a);
            states.Add(s);
            actions.Add(a);
            rewards.Add(r.Reward);
            s = r.Observation;
            if (r.Done)
            {
                terminated = r.Terminated;
                break;
            }
        }
        return new Episode(states.ToArray(), actions.ToArray(), rewards.ToArray(), terminated);
    }

    private static void Accumulate(Episode e, double gamma, bool firstVisit, double[] v, int[] n, double? alpha)
    {
        var g = Returns.Discounted(e.Rewards, gamma);
        for (int t = 0; t < e.Length; t++)
        {
            int s = e.States[t];
            if (firstVisit && Array.IndexOf(e.States, s, 0, t) >= 0) continue;
            n[s]++;
            v[s] += (alpha ?? 1.0 / n[s]) * (g[t] - v[s]);
        }
    }
}
