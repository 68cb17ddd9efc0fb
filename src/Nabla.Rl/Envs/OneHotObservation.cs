using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// Presents a discrete-state environment to vector-input agents: state s becomes the one-hot float vector e_s of length
/// <c>N</c>, so DQN and policy-gradient code written for <c>Env&lt;float[], int&gt;</c> runs on FrozenLake or a gridworld.
/// </summary>
public sealed class OneHotObservation : Env<float[], int>
{
    private readonly Env<int, int> _inner;
    private readonly Discrete _states;
    private readonly Box _observationSpace;

    /// <summary>Wraps <paramref name="inner"/>, whose observation space must be <see cref="Discrete"/>.</summary>
    public OneHotObservation(Env<int, int> inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _states = inner.ObservationSpace as Discrete
                  ?? throw new ArgumentException($"OneHotObservation: observation space {inner.ObservationSpace} is not Discrete.");
        _observationSpace = new Box(0f, 1f, _states.N);
    }

    /// <summary>The wrapped environment.</summary>
    public Env<int, int> Inner => _inner;

    /// <inheritdoc />
    public override Space<float[]> ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public override Space<int> ActionSpace => _inner.ActionSpace;

    /// <inheritdoc />
    public override int? MaxEpisodeSteps => _inner.MaxEpisodeSteps;

    /// <inheritdoc />
    public override IEnv Unwrapped => _inner.Unwrapped;

    /// <inheritdoc />
    public override ResetResult<float[]> Reset(long? seed = null)
    {
        var (s, info) = _inner.Reset(seed);
        return new(Encode(s), info);
    }

    /// <inheritdoc />
    public override StepResult<float[]> Step(int action)
    {
        var (s, reward, terminated, truncated, info) = _inner.Step(action);
        return new(Encode(s), reward, terminated, truncated, info);
    }

    /// <inheritdoc />
    public override string Render() => _inner.Render();

    private float[] Encode(int state)
    {
        var x = new float[_states.N];
        x[state - _states.Start] = 1f;
        return x;
    }
}
