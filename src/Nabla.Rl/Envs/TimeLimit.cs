namespace Nabla.Rl.Envs;

/// <summary>
/// Truncates episodes after <see cref="Env{TObs, TAct}.MaxEpisodeSteps"/> steps, like <c>gymnasium.wrappers.TimeLimit</c>:
/// the step that reaches the limit returns <c>Truncated = true</c> (and keeps <c>Terminated</c> as the environment set it).
/// </summary>
/// <typeparam name="TObs">The observation type.</typeparam>
/// <typeparam name="TAct">The action type.</typeparam>
public sealed class TimeLimit<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly int _maxSteps;

    /// <summary>Wraps <paramref name="inner"/> with a limit of <paramref name="maxEpisodeSteps"/> steps per episode.</summary>
    public TimeLimit(Env<TObs, TAct> inner, int maxEpisodeSteps) : base(inner)
    {
        if (maxEpisodeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), $"TimeLimit: maxEpisodeSteps must be positive, got {maxEpisodeSteps}.");
        _maxSteps = maxEpisodeSteps;
    }

    /// <inheritdoc />
    public override int? MaxEpisodeSteps => _maxSteps;

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps { get; private set; }

    /// <inheritdoc />
    public override ResetResult<TObs> Reset(long? seed = null)
    {
        ElapsedSteps = 0;
        return Inner.Reset(seed);
    }

    /// <inheritdoc />
    public override StepResult<TObs> Step(TAct action)
    {
        var r = Inner.Step(action);
        ElapsedSteps++;
        return ElapsedSteps >= _maxSteps ? r with { Truncated = true } : r;
    }
}
