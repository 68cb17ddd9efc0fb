namespace Nabla.Rl.Tabular;

/// <summary>
/// One episode of a tabular environment in Sutton and Barto's indexing: state S_t, action A_t and the reward
/// R_{t+1} that followed, for t = 0 .. T − 1.
/// </summary>
/// <param name="States">S_0 .. S_{T−1}.</param>
/// <param name="Actions">A_0 .. A_{T−1}.</param>
/// <param name="Rewards">R_1 .. R_T.</param>
/// <param name="Terminated">Whether it ended in a terminal state (false: truncated).</param>
public sealed record Episode(int[] States, int[] Actions, double[] Rewards, bool Terminated)
{
    /// <summary>The number of steps T.</summary>
    public int Length => States.Length;

    /// <summary>The undiscounted return Σ R.</summary>
    public double Return => Rewards.Sum();
}

/// <summary>Discounted returns.</summary>
public static class Returns
{
    /// <summary>
    /// G_t = R_{t+1} + γ G_{t+1} for every t (reward-to-go): rewards [1, 1, 1] with γ = 0.9 give [2.71, 1.9, 1].
    /// </summary>
    public static double[] Discounted(ReadOnlySpan<double> rewards, double gamma)
    {
        var g = new double[rewards.Length];
        double running = 0;
        for (int t = rewards.Length - 1; t >= 0; t--) g[t] = running = rewards[t] + gamma * running;
        return g;
    }
}
