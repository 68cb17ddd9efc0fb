using System.Globalization;
using System.Text;
using Nabla.Rl.Envs;

namespace Nabla.Rl.Bandits;

/// <summary>Learning curves of one bandit algorithm, averaged over independent runs (one entry per step).</summary>
/// <param name="Agent">The algorithm's name.</param>
/// <param name="Runs">How many runs were averaged.</param>
/// <param name="AverageReward">The mean reward received at each step.</param>
/// <param name="CumulativeRegret">The mean expected regret Σ (μ* − μ_{a_t}) up to and including each step.</param>
/// <param name="OptimalActionRate">The fraction of runs that pulled an optimal arm at each step.</param>
public sealed record BanditCurves(string Agent, int Runs, double[] AverageReward, double[] CumulativeRegret, double[] OptimalActionRate)
{
    /// <summary>The mean cumulative regret after the last step.</summary>
    public double FinalRegret => CumulativeRegret[^1];
}

/// <summary>
/// Runs bandit algorithms on fresh bandits (Sutton and Barto's testbed protocol) and tracks expected regret with the
/// true means, <c>L(T) = Σ_t (max_k μ_k − μ_{a_t})</c>, which does not depend on the reward noise.
/// </summary>
public static class BanditExperiment
{
    /// <summary>
    /// <paramref name="runs"/> runs of <paramref name="steps"/> pulls; run r uses <c>bandit(r)</c> and
    /// <c>agent(r, armCount)</c>, so every algorithm can face the same bandits.
    /// </summary>
    public static BanditCurves Run(Func<int, BanditEnv> bandit, Func<int, int, BanditAgent> agent, int runs, int steps)
    {
        ArgumentNullException.ThrowIfNull(bandit);
        ArgumentNullException.ThrowIfNull(agent);
        if (runs <= 0 || steps <= 0) throw new ArgumentOutOfRangeException(nameof(runs), $"BanditExperiment.Run: runs ({runs}) and steps ({steps}) must be positive.");
        var reward = new double[steps];
        var regret = new double[steps];
        var optimal = new double[steps];
        string name = "";
        for (int r = 0; r < runs; r++)
        {
            var env = bandit(r);
            var a = agent(r, env.ArmCount);
            if (a.ArmCount != env.ArmCount) throw new ArgumentException($"BanditExperiment.Run: agent has {a.ArmCount} arms, bandit {env.ArmCount}.");
            name = a.Name;
            double best = env.OptimalMean, total = 0;
            for (int t = 0; t < steps; t++)
            {
                int k = a.SelectArm();
                double x = env.Pull(k);
                a.Update(k, x);
                total += best - env.Means[k];
                reward[t] += x;
                regret[t] += total;
                if (env.Means[k] == best) optimal[t] += 1;
            }
        }
        for (int t = 0; t < steps; t++)
        {
            reward[t] /= runs;
            regret[t] /= runs;
            optimal[t] /= runs;
        }
        return new BanditCurves(name, runs, reward, regret, optimal);
    }

    /// <summary>The expected regret of having pulled arm k <c>counts[k]</c> times: Σ_k n_k (μ* − μ_k).</summary>
    public static double ExpectedRegret(IReadOnlyList<double> means, IReadOnlyList<int> counts)
    {
        if (means.Count != counts.Count) throw new ArgumentException($"BanditExperiment.ExpectedRegret: {means.Count} means, {counts.Count} counts.");
        double best = means.Max(), regret = 0;
        for (int k = 0; k < means.Count; k++) regret += counts[k] * (best - means[k]);
        return regret;
    }

    /// <summary>The expected regret of the uniformly random policy over <paramref name="steps"/>: T (μ* − mean of μ).</summary>
    public static double RandomPolicyRegret(IReadOnlyList<double> means, int steps) => steps * (means.Max() - means.Average());

    /// <summary>Writes the curves as CSV: <c>step</c>, then reward, regret and optimal-action columns per agent.</summary>
    public static void WriteCsv(string path, IReadOnlyList<BanditCurves> curves)
    {
        if (curves.Count == 0) throw new ArgumentException("BanditExperiment.WriteCsv: no curves.");
        var sb = new StringBuilder("step");
        foreach (var c in curves) sb.Append($",{c.Agent} reward,{c.Agent} regret,{c.Agent} optimal");
        sb.Append('\n');
        for (int t = 0; t < curves[0].AverageReward.Length; t++)
        {
            sb.Append(t + 1);
            foreach (var c in curves)
                sb.Append(CultureInfo.InvariantCulture, $",{c.AverageReward[t]:R},{c.CumulativeRegret[t]:R},{c.OptimalActionRate[t]:R}");
            sb.Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }
}
