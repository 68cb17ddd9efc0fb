namespace Nabla.Rl.Envs;

/// <summary>
/// What <see cref="Env{TObs, TAct}.Step"/> returns, as Gymnasium's 5-tuple: deconstruct it as
/// <c>var (obs, reward, terminated, truncated, info) = env.Step(a);</c>.
/// </summary>
/// <typeparam name="TObs">The observation type.</typeparam>
/// <param name="Observation">The observation after the step (when the episode ended, the final observation).</param>
/// <param name="Reward">The reward for the step.</param>
/// <param name="Terminated">The episode reached a terminal state of the MDP (bootstrap with value 0 from here).</param>
/// <param name="Truncated">The episode was cut short from outside the MDP, e.g. by the time limit (bootstrap from the observation).</param>
/// <param name="Info">Diagnostics, e.g. <c>prob</c> for tabular environments; <see cref="EnvInfo.Empty"/> when there are none.</param>
public readonly record struct StepResult<TObs>(TObs Observation, double Reward, bool Terminated, bool Truncated, IReadOnlyDictionary<string, object> Info)
{
    /// <summary>Whether the episode is over, by termination or truncation.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>What <see cref="Env{TObs, TAct}.Reset"/> returns: deconstruct it as <c>var (obs, info) = env.Reset(seed);</c>.</summary>
/// <typeparam name="TObs">The observation type.</typeparam>
/// <param name="Observation">The first observation of the episode.</param>
/// <param name="Info">Diagnostics; <see cref="EnvInfo.Empty"/> when there are none.</param>
public readonly record struct ResetResult<TObs>(TObs Observation, IReadOnlyDictionary<string, object> Info);

/// <summary>Shared info dictionaries, so steps without diagnostics allocate nothing.</summary>
public static class EnvInfo
{
    /// <summary>An empty, read-only info dictionary.</summary>
    public static IReadOnlyDictionary<string, object> Empty { get; } = new Dictionary<string, object>();
}
