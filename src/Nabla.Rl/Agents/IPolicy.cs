namespace Nabla.Rl.Agents;

/// <summary>A deterministic (greedy) policy over float-vector observations and discrete actions, for evaluation and imitation.</summary>
public interface IPolicy
{
    /// <summary>The action the policy takes in <paramref name="observation"/>.</summary>
    int Act(ReadOnlySpan<float> observation);
}
