using Nabla.Rl.Agents;
using Nabla.Rl.Envs;

namespace Nabla.Rl.Training;

/// <summary>Returns of a policy over evaluation episodes.</summary>
/// <param name="Returns">The undiscounted return of each episode, in order.</param>
public sealed record EvaluationResult(IReadOnlyList<double> Returns)
{
    /// <summary>Mean return.</summary>
    public double Mean => Returns.Count == 0 ? double.NaN : Returns.Average();

    /// <summary>Population standard deviation of the returns.</summary>
    public double Std
    {
        get
        {
            if (Returns.Count == 0) return double.NaN;
            double mean = Mean;
            return Math.Sqrt(Returns.Sum(r => (r - mean) * (r - mean)) / Returns.Count);
        }
    }

    /// <summary>Smallest return.</summary>
    public double Min => Returns.Count == 0 ? double.NaN : Returns.Min();

    /// <summary>Largest return.</summary>
    public double Max => Returns.Count == 0 ? double.NaN : Returns.Max();
}

/// <summary>Greedy evaluation: run a fixed policy for whole episodes and report the returns.</summary>
public static class Evaluation
{
    /// <summary>The number of episodes the CLI and the docs evaluate over.</summary>
    public const int DefaultEpisodes = 100;

    /// <summary>
    /// Runs <paramref name="policy"/> for <paramref name="episodes"/> episodes of <paramref name="env"/> (which should carry
    /// its time limit). The first reset uses <paramref name="seed"/> and later ones continue the environment's stream, as
    /// Gymnasium does, so the same seed gives the same start states.
    /// </summary>
    public static EvaluationResult Evaluate(Env<float[], int> env, IPolicy policy, int episodes = DefaultEpisodes, long seed = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Evaluate(env, (float[] obs) => policy.Act(obs), episodes, seed);
    }

    /// <summary>Evaluates a policy given as a function of the observation; works for tabular environments too.</summary>
    public static EvaluationResult Evaluate<TObs>(Env<TObs, int> env, Func<TObs, int> policy, int episodes = DefaultEpisodes, long seed = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        if (episodes <= 0) throw new ArgumentOutOfRangeException(nameof(episodes), $"Evaluation.Evaluate: episodes must be positive, got {episodes}.");
        if (env.MaxEpisodeSteps is null)
            throw new ArgumentException("Evaluation.Evaluate: the environment has no time limit, so an episode might never end; wrap it in TimeLimit.");
        var returns = new double[episodes];
        for (int e = 0; e < episodes; e++)
        {
            var obs = env.Reset(e == 0 ? seed : null).Observation;
            double total = 0;
            while (true)
            {
                var (next, reward, terminated, truncated, _) = env.Step(policy(obs));
                total += reward;
                if (terminated || truncated) break;
                obs = next;
            }
            returns[e] = total;
        }
        return new EvaluationResult(returns);
    }
}
