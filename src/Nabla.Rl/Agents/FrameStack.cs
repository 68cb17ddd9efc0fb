using Nabla.Rl.Envs;
using Nabla.Rl.Spaces;

namespace Nabla.Rl.Agents;

/// <summary>
/// Observations that are the last <see cref="Frames"/> observations of the inner environment concatenated, oldest
/// first, like Gymnasium's <c>FrameStackObservation</c> flattened: a k·n-float vector for n-float frames. On reset
/// every slot holds the first observation. Gives a feed-forward agent (e.g. <see cref="Dqn"/>) velocities it cannot
/// see in a single frame.
/// </summary>
public sealed class FrameStack : Wrapper<float[], int>
{
    private readonly Box _space;
    private readonly float[] _stack;
    private readonly int _frameSize;

    /// <summary>Stacks <paramref name="frames"/> observations of <paramref name="inner"/>, whose observation space must be a <see cref="Box"/>.</summary>
    public FrameStack(Env<float[], int> inner, int frames) : base(inner)
    {
        if (frames <= 0) throw new ArgumentOutOfRangeException(nameof(frames), $"FrameStack: frames must be positive, got {frames}.");
        if (inner.ObservationSpace is not Box box) throw new ArgumentException($"FrameStack: observation space {inner.ObservationSpace} is not a Box.");
        Frames = frames;
        _frameSize = box.Size;
        var low = new float[frames * _frameSize];
        var high = new float[frames * _frameSize];
        for (int k = 0; k < frames; k++)
            for (int i = 0; i < _frameSize; i++)
            {
                low[k * _frameSize + i] = box.Low[i];
                high[k * _frameSize + i] = box.High[i];
            }
        _space = new Box(low, high);
        _stack = new float[frames * _frameSize];
    }

    /// <summary>Observations stacked.</summary>
    public int Frames { get; }

    /// <inheritdoc />
    public override Space<float[]> ObservationSpace => _space;

    /// <inheritdoc />
    public override ResetResult<float[]> Reset(long? seed = null)
    {
        var (obs, info) = Inner.Reset(seed);
        CheckFrame(obs);
        for (int k = 0; k < Frames; k++) obs.CopyTo(_stack, k * _frameSize);
        return new((float[])_stack.Clone(), info);
    }

    /// <inheritdoc />
    public override StepResult<float[]> Step(int action)
    {
        var r = Inner.Step(action);
        CheckFrame(r.Observation);
        Array.Copy(_stack, _frameSize, _stack, 0, (Frames - 1) * _frameSize);
        r.Observation.CopyTo(_stack, (Frames - 1) * _frameSize);
        return r with { Observation = (float[])_stack.Clone() };
    }

    private void CheckFrame(float[] obs)
    {
        if (obs.Length != _frameSize)
            throw new InvalidOperationException($"FrameStack: the inner environment returned {obs.Length} floats, expected {_frameSize}.");
    }
}
