namespace Nabla.Rl.Agents;

/// <summary>Returns and advantages from reward sequences: discounted return, reward-to-go, generalised advantage estimation.</summary>
public static class Returns
{
    /// <summary>The discounted return G₀ = Σₜ γᵗ rₜ of one episode (e.g. r = [1, 1, 1], γ = 0.9 gives 2.71).</summary>
    public static double Discounted(ReadOnlySpan<double> rewards, double gamma)
    {
        CheckGamma(gamma, "Returns.Discounted");
        double g = 0;
        for (int t = rewards.Length - 1; t >= 0; t--) g = rewards[t] + gamma * g;
        return g;
    }

    /// <summary>
    /// Reward-to-go Gₜ = rₜ + γGₜ₊₁ for every step of one episode, written into <paramref name="destination"/>
    /// (e.g. r = [1, 0, 2], γ = 1 gives [3, 2, 2]). The episode is taken to end after its last reward.
    /// </summary>
    public static void RewardToGo(ReadOnlySpan<double> rewards, double gamma, Span<double> destination)
    {
        CheckGamma(gamma, "Returns.RewardToGo");
        if (destination.Length != rewards.Length)
            throw new ArgumentException($"Returns.RewardToGo: {rewards.Length} rewards but room for {destination.Length} returns.");
        double g = 0;
        for (int t = rewards.Length - 1; t >= 0; t--) destination[t] = g = rewards[t] + gamma * g;
    }

    /// <summary>Reward-to-go as a new array.</summary>
    public static double[] RewardToGo(ReadOnlySpan<double> rewards, double gamma)
    {
        var g = new double[rewards.Length];
        RewardToGo(rewards, gamma, g);
        return g;
    }

    /// <summary>
    /// Generalised advantage estimation (Schulman et al. 2016) over a rollout of <paramref name="numEnvs"/> environments,
    /// arrays laid out step-major (index t·numEnvs + e): δₜ = rₜ + γ(1 − terminatedₜ)·V(sₜ₊₁) − V(sₜ) and
    /// Aₜ = δₜ + γλ(1 − endₜ)·Aₜ₊₁, with returns Aₜ + V(sₜ) as the critic's targets. <paramref name="nextValues"/>
    /// holds V(sₜ₊₁) of the state actually reached (the final observation when an episode was truncated, so it
    /// bootstraps); <paramref name="episodeEnds"/> marks steps that ended an episode by termination or truncation,
    /// where the trace is cut. λ = 1 gives n-step returns bootstrapped from the rollout's last state; λ = 0 one-step TD.
    /// </summary>
    public static void Gae(ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, ReadOnlySpan<float> nextValues,
        ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> episodeEnds, int numEnvs, double gamma, double lambda,
        Span<float> advantages, Span<float> returns)
    {
        CheckGamma(gamma, "Returns.Gae");
        if (lambda is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(lambda), $"Returns.Gae: lambda must be in [0, 1], got {lambda}.");
        if (numEnvs <= 0) throw new ArgumentOutOfRangeException(nameof(numEnvs), $"Returns.Gae: numEnvs must be positive, got {numEnvs}.");
        int n = rewards.Length;
        if (n % numEnvs != 0 || values.Length != n || nextValues.Length != n || terminated.Length != n || episodeEnds.Length != n
            || advantages.Length != n || returns.Length != n)
            throw new ArgumentException(
                $"Returns.Gae: arrays of lengths {n}, {values.Length}, {nextValues.Length}, {terminated.Length}, {episodeEnds.Length}, " +
                $"{advantages.Length}, {returns.Length} do not all hold steps × {numEnvs} environments.");
        for (int e = 0; e < numEnvs; e++)
        {
            double next = 0;
            for (int i = n - numEnvs + e; i >= 0; i -= numEnvs)
            {
                double delta = rewards[i] + (terminated[i] ? 0 : gamma * nextValues[i]) - values[i];
                next = delta + (episodeEnds[i] ? 0 : gamma * lambda * next);
                advantages[i] = (float)next;
                returns[i] = (float)(next + values[i]);
            }
        }
    }

    private static void CheckGamma(double gamma, string op)
    {
        if (gamma is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(gamma), $"{op}: gamma must be in [0, 1], got {gamma}.");
    }
}
