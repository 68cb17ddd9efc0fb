using Nabla.Rl.Envs;

namespace Nabla.Rl.Tabular;

/// <summary>
/// Model-free evaluation of a fixed policy π[s, a] by temporal differences: TD(0) and n-step TD (Sutton and Barto
/// 6.1 and 7.1). n = 1 is TD(0); n ≥ the episode length is constant-α Monte Carlo.
/// </summary>
public static class TdPrediction
{
    /// <summary>TD(0): after each step, V(S) += α [R + γ V(S′) − V(S)].</summary>
    public static double[] Td0(Env<int, int> env, double[,] policy, TabularOptions options) => NStep(env, policy, 1, options);

    /// <summary>
    /// n-step TD: V(S_τ) += α [G_{τ:τ+n} − V(S_τ)] with G the n-step return
    /// <c>R_{τ+1} + … + γ^{n−1} R_{τ+n} + γ^n V(S_{τ+n})</c>, truncated at the episode's end (bootstrapping from the
    /// last state when the episode was truncated rather than terminated).
    /// </summary>
    public static double[] NStep(Env<int, int> env, double[,] policy, int n, TabularOptions options)
    {
        options.Validate("TdPrediction.NStep");
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"TdPrediction.NStep: n must be positive, got {n}.");
        var (states, actions) = TdUpdates.Sizes(env, "TdPrediction.NStep");
        if (policy.GetLength(0) != states || policy.GetLength(1) != actions)
            throw new ArgumentException($"TdPrediction.NStep: policy is [{policy.GetLength(0)}, {policy.GetLength(1)}] for {states} states and {actions} actions.");
        var v = new double[states];
        if (options.InitialValue != 0) Array.Fill(v, options.InitialValue);
        var rng = new Generator(options.Seed ^ 0x7D7D_4321);
        double alpha = options.Alpha, gamma = options.Gamma;
        var s = new List<int>();
        var r = new List<double> { 0 };
        for (int ep = 0; ep < options.Episodes; ep++)
        {
            s.Clear();
            r.RemoveRange(1, r.Count - 1);
            s.Add(env.Reset(ep == 0 ? options.Seed : null).Observation);
            int end = int.MaxValue;
            bool terminated = false;
            for (int t = 0; ; t++)
            {
                if (t < end)
                {
                    var step = env.Step(TdUpdates.Sample(policy, s[t], rng));
                    s.Add(step.Observation);
                    r.Add(step.Reward);
                    if (step.Done || t + 1 >= options.MaxStepsPerEpisode)
                    {
                        end = t + 1;
                        terminated = step.Terminated;
                    }
                }
                int tau = t - n + 1;
                if (tau >= 0)
                {
                    double g = 0;
                    int last = Math.Min(tau + n, end);
                    for (int i = last; i > tau; i--) g = r[i] + gamma * g;
                    if (tau + n < end || !terminated) g += Math.Pow(gamma, last - tau) * v[s[last]];
                    v[s[tau]] += alpha * (g - v[s[tau]]);
                }
                if (tau == end - 1) break;
            }
        }
        return v;
    }
}
