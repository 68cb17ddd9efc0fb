using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// What every environment has whatever its observation and action types: spaces, the episode limit, text rendering.
/// Step and reset are on the typed <see cref="Env{TObs, TAct}"/>; <see cref="Gym.Make{TObs, TAct}"/> returns that.
/// </summary>
public interface IEnv
{
    /// <summary>The set of observations (<see cref="Box"/> of float vectors, or <see cref="Discrete"/> states).</summary>
    Space ObservationSpace { get; }

    /// <summary>The set of actions.</summary>
    Space ActionSpace { get; }

    /// <summary>The step after which episodes are truncated (set by <see cref="TimeLimit{TObs, TAct}"/>); null when there is none.</summary>
    int? MaxEpisodeSteps { get; }

    /// <summary>The registry entry this environment was made from by <see cref="Gym.Make(string, IReadOnlyDictionary{string, string}?, int?)"/>; null when constructed directly.</summary>
    EnvSpec? Spec { get; }

    /// <summary>The innermost environment under any wrappers.</summary>
    IEnv Unwrapped { get; }

    /// <summary>The current state as text (Gymnasium's "ansi" render mode).</summary>
    string Render();
}
