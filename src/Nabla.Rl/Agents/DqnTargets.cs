namespace Nabla.Rl.Agents;

/// <summary>DQN's bootstrapped regression targets, computed from the next states' Q-values.</summary>
public static class DqnTargets
{
    /// <summary>
    /// Writes yᵢ = rᵢ + γ(1 − doneᵢ)·Q_target(s′ᵢ, a*ᵢ) into <paramref name="targets"/>, where a*ᵢ maximises
    /// Q_target(s′ᵢ, ·) (DQN) or, when <paramref name="nextOnlineQ"/> is not empty, Q_online(s′ᵢ, ·) (Double DQN).
    /// Q-value spans are row-major (batch × <paramref name="actionCount"/>); doneᵢ is 1 for terminal next states.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> rewards, ReadOnlySpan<float> terminated, ReadOnlySpan<float> nextTargetQ,
        ReadOnlySpan<float> nextOnlineQ, int actionCount, double gamma, Span<float> targets)
    {
        int b = rewards.Length;
        if (actionCount <= 0) throw new ArgumentOutOfRangeException(nameof(actionCount), $"DqnTargets.Compute: actionCount must be positive, got {actionCount}.");
        if (terminated.Length != b || targets.Length != b || nextTargetQ.Length != b * actionCount
            || (!nextOnlineQ.IsEmpty && nextOnlineQ.Length != b * actionCount))
            throw new ArgumentException(
                $"DqnTargets.Compute: {b} rewards, {terminated.Length} flags, {targets.Length} targets, {nextTargetQ.Length} target Q-values and " +
                $"{nextOnlineQ.Length} online Q-values do not fit a batch of {b} with {actionCount} actions.");
        bool isDouble = !nextOnlineQ.IsEmpty;
        for (int i = 0; i < b; i++)
        {
            var row = nextTargetQ.Slice(i * actionCount, actionCount);
            float next = isDouble ? row[ActionSelection.Argmax(nextOnlineQ.Slice(i * actionCount, actionCount))] : Max(row);
            targets[i] = (float)(rewards[i] + gamma * (1 - terminated[i]) * next);
        }
    }

    private static float Max(ReadOnlySpan<float> row)
    {
        float m = row[0];
        for (int j = 1; j < row.Length; j++) m = Math.Max(m, row[j]);
        return m;
    }
}
