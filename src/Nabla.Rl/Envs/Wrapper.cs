using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// An environment that forwards everything to <see cref="Inner"/>; subclasses override what they change, like
/// <c>gymnasium.Wrapper</c>.
/// </summary>
/// <typeparam name="TObs">The observation type.</typeparam>
/// <typeparam name="TAct">The action type.</typeparam>
public abstract class Wrapper<TObs, TAct> : Env<TObs, TAct>
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected Wrapper(Env<TObs, TAct> inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The wrapped environment.</summary>
    public Env<TObs, TAct> Inner { get; }

    /// <inheritdoc />
    public override Space<TObs> ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public override Space<TAct> ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public override int? MaxEpisodeSteps => Inner.MaxEpisodeSteps;

    /// <inheritdoc />
    public override IEnv Unwrapped => Inner.Unwrapped;

    /// <inheritdoc />
    public override ResetResult<TObs> Reset(long? seed = null) => Inner.Reset(seed);

    /// <inheritdoc />
    public override StepResult<TObs> Step(TAct action) => Inner.Step(action);

    /// <inheritdoc />
    public override string Render() => Inner.Render();
}
