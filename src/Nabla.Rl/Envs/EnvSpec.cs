namespace Nabla.Rl.Envs;

/// <summary>A registry entry, like <c>gymnasium.envs.registration.EnvSpec</c>.</summary>
/// <param name="Id">The name passed to <see cref="Gym.Make(string, IReadOnlyDictionary{string, string}?, int?)"/>, e.g. <c>CartPole-v1</c>.</param>
/// <param name="MaxEpisodeSteps">The default time limit, applied by a <see cref="TimeLimit{TObs, TAct}"/> wrapper; null for none.</param>
/// <param name="RewardThreshold">The mean return at which the task counts as solved (CartPole-v1: 475); null when undefined.</param>
/// <param name="Description">One line for listings.</param>
public sealed record EnvSpec(string Id, int? MaxEpisodeSteps, double? RewardThreshold, string Description);
