using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// A Gymnasium-style environment with observations of type <typeparamref name="TObs"/> and actions of type
/// <typeparamref name="TAct"/>. Continuous-state environments use <c>Env&lt;float[], int&gt;</c> (a fresh float32 vector
/// per observation, which callers may keep); tabular ones use <c>Env&lt;int, int&gt;</c> and also implement
/// <see cref="ITabularEnv"/>. Randomness comes from the environment's own generator: <c>Reset(seed)</c> reseeds it
/// as Gymnasium does, <c>Reset()</c> continues its stream, and an environment never seeded seeds itself from entropy.
/// </summary>
/// <typeparam name="TObs">The observation type.</typeparam>
/// <typeparam name="TAct">The action type.</typeparam>
public abstract class Env<TObs, TAct> : IEnv
{
    private Generator? _rng;

    /// <summary>The set of observations.</summary>
    public abstract Space<TObs> ObservationSpace { get; }

    /// <summary>The set of actions.</summary>
    public abstract Space<TAct> ActionSpace { get; }

    Space IEnv.ObservationSpace => ObservationSpace;

    Space IEnv.ActionSpace => ActionSpace;

    /// <inheritdoc />
    public virtual int? MaxEpisodeSteps => null;

    /// <inheritdoc />
    public EnvSpec? Spec { get; internal set; }

    /// <inheritdoc />
    public virtual IEnv Unwrapped => this;

    /// <summary>Starts an episode; a non-null <paramref name="seed"/> first reseeds the environment's generator.</summary>
    public abstract ResetResult<TObs> Reset(long? seed = null);

    /// <summary>Applies <paramref name="action"/>; call <see cref="Reset"/> first and again after the episode is done.</summary>
    public abstract StepResult<TObs> Step(TAct action);

    /// <inheritdoc />
    public abstract string Render();

    /// <summary>The environment's generator (Gymnasium's <c>np_random</c>).</summary>
    protected Generator Rng => _rng ??= new Generator(Random.Shared.NextInt64());

    /// <summary>Reseeds <see cref="Rng"/> when <paramref name="seed"/> is given; call it first in <see cref="Reset"/>.</summary>
    protected void Reseed(long? seed)
    {
        if (seed is long s) _rng = new Generator(s);
    }

    /// <summary>Throws unless <paramref name="action"/> lies in <see cref="ActionSpace"/>.</summary>
    protected void CheckAction(TAct action, string envName)
    {
        if (!ActionSpace.Contains(action))
            throw new ArgumentOutOfRangeException(nameof(action), $"{envName}: action {action} is not in {ActionSpace}.");
    }

    /// <summary>The message for a step taken before the first reset.</summary>
    protected static InvalidOperationException StepBeforeReset(string envName) => new($"{envName}: call Reset before Step.");
}
