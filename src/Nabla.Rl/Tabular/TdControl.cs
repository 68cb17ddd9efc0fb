using Nabla.Rl.Envs;

namespace Nabla.Rl.Tabular;

/// <summary>
/// On-line TD control with an ε-greedy behaviour policy (Sutton and Barto ch. 6): SARSA (on-policy, learns the
/// value of the ε-greedy policy it follows) and Q-learning (off-policy, learns the greedy policy's values).
/// Terminal transitions bootstrap with 0; truncated ones bootstrap from the next state.
/// </summary>
public static class TdControl
{
    /// <summary>SARSA: Q(S, A) += α [R + γ Q(S′, A′) − Q(S, A)], A′ chosen ε-greedily before the update.</summary>
    public static TabularResult Sarsa(Env<int, int> env, TabularOptions options) => Run(env, options, sarsa: true);

    /// <summary>Q-learning: Q(S, A) += α [R + γ max_a Q(S′, a) − Q(S, A)].</summary>
    public static TabularResult QLearning(Env<int, int> env, TabularOptions options) => Run(env, options, sarsa: false);

    private static TabularResult Run(Env<int, int> env, TabularOptions o, bool sarsa)
    {
        string op = sarsa ? "TdControl.Sarsa" : "TdControl.QLearning";
        o.Validate(op);
        var (states, actions) = TdUpdates.Sizes(env, op);
        var q = new double[states, actions];
        if (o.InitialValue != 0)
            for (int s = 0; s < states; s++)
                for (int a = 0; a < actions; a++) q[s, a] = o.InitialValue;
        var rng = new Generator(o.Seed ^ 0x5A5A_1234);
        var returns = new double[o.Episodes];
        var lengths = new int[o.Episodes];
        for (int ep = 0; ep < o.Episodes; ep++)
        {
            double eps = o.Epsilon.At(ep), total = 0;
            int s = env.Reset(ep == 0 ? o.Seed : null).Observation;
            int a = TdUpdates.EpsilonGreedy(q, s, eps, rng);
            int t = 0;
            while (true)
            {
                var (next, r, terminated, truncated, _) = env.Step(a);
                t++;
                total += r;
                int aNext = terminated ? 0 : TdUpdates.EpsilonGreedy(q, next, eps, rng);
                if (sarsa) TdUpdates.Sarsa(q, s, a, r, next, aNext, terminated, o.Alpha, o.Gamma);
                else TdUpdates.QLearning(q, s, a, r, next, terminated, o.Alpha, o.Gamma);
                if (terminated || truncated || t >= o.MaxStepsPerEpisode) break;
                (s, a) = (next, aNext);
            }
            returns[ep] = total;
            lengths[ep] = t;
        }
        return new TabularResult(q, returns, lengths);
    }
}
