namespace Nabla.Rl.Agents;

/// <summary>The pieces of a softmax policy-gradient loss, shared by <see cref="Reinforce"/> and <see cref="A2c"/>.</summary>
public static class PolicyGradient
{
    /// <summary>log π(aᵢ | sᵢ) for logits (N, A) and int64 actions (N): the log-softmax picked at each action, shape (N).</summary>
    public static Tensor LogProbabilities(Tensor logits, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(actions);
        if (logits.Rank != 2 || actions.Rank != 1 || actions.Size(0) != logits.Size(0))
            throw new ArgumentException($"PolicyGradient.LogProbabilities: logits {logits.Shape} and actions {actions.Shape} must be (N, A) and (N).");
        return logits.LogSoftmax(1).Gather(1, actions.Unsqueeze(1)).Squeeze(1);
    }

    /// <summary>The entropy −Σₐ π(a|s) log π(a|s) of each row of logits (N, A), shape (N).</summary>
    public static Tensor Entropy(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2) throw new ArgumentException($"PolicyGradient.Entropy: logits must be (N, A), got {logits.Shape}.");
        var logp = logits.LogSoftmax(1);
        return -(logp.Exp() * logp).Sum(1);
    }

    /// <summary>
    /// The surrogate loss −mean(log π(aᵢ|sᵢ)·Âᵢ) − c·mean(H(π(·|sᵢ))), whose gradient is the policy gradient with an
    /// entropy bonus of weight <paramref name="entropyCoef"/>; <paramref name="advantages"/> (N) carry no gradient.
    /// </summary>
    public static Tensor Loss(Tensor logits, Tensor actions, Tensor advantages, double entropyCoef = 0)
    {
        ArgumentNullException.ThrowIfNull(advantages);
        var logProbs = LogProbabilities(logits, actions);
        if (advantages.Rank != 1 || advantages.Size(0) != logProbs.Size(0))
            throw new ArgumentException($"PolicyGradient.Loss: advantages {advantages.Shape} do not match logits {logits.Shape}.");
        var loss = -(logProbs * advantages.Detach()).Mean();
        return entropyCoef == 0 ? loss : loss - entropyCoef * Entropy(logits).Mean();
    }

    /// <summary>Writes Gᵢ − b with the batch-mean baseline b = mean(G) into <paramref name="advantages"/> and returns b (e.g. [3, 5, 1] → b = 3, [0, 2, −2]).</summary>
    public static double MeanBaseline(ReadOnlySpan<float> returns, Span<float> advantages)
    {
        if (returns.IsEmpty) throw new ArgumentException("PolicyGradient.MeanBaseline: no returns.");
        if (advantages.Length != returns.Length)
            throw new ArgumentException($"PolicyGradient.MeanBaseline: {returns.Length} returns but room for {advantages.Length} advantages.");
        double b = 0;
        foreach (float g in returns) b += g;
        b /= returns.Length;
        for (int i = 0; i < returns.Length; i++) advantages[i] = (float)(returns[i] - b);
        return b;
    }

    /// <summary>Rescales <paramref name="values"/> in place to mean 0 and standard deviation 1 (unchanged spread when it is below 1e-8).</summary>
    public static void Normalize(Span<float> values)
    {
        if (values.IsEmpty) return;
        double mean = 0, sq = 0;
        foreach (float v in values) mean += v;
        mean /= values.Length;
        foreach (float v in values) sq += (v - mean) * (v - mean);
        double std = Math.Sqrt(sq / values.Length);
        double scale = std > 1e-8 ? 1 / std : 1;
        for (int i = 0; i < values.Length; i++) values[i] = (float)((values[i] - mean) * scale);
    }
}
