namespace Nabla.Rl.Agents;

/// <summary>
/// A value that moves linearly from <see cref="Start"/> to <see cref="End"/> over <see cref="Duration"/> steps and then
/// stays at <see cref="End"/>, like the ε of DQN's exploration (1.0 → 0.05 over the first steps).
/// </summary>
public sealed class LinearSchedule
{
    /// <summary>Creates the schedule; <paramref name="duration"/> 0 means <paramref name="end"/> from step 0.</summary>
    public LinearSchedule(double start, double end, int duration)
    {
        if (duration < 0) throw new ArgumentOutOfRangeException(nameof(duration), $"LinearSchedule: duration must be non-negative, got {duration}.");
        (Start, End, Duration) = (start, end, duration);
    }

    /// <summary>The value at step 0.</summary>
    public double Start { get; }

    /// <summary>The value from step <see cref="Duration"/> on.</summary>
    public double End { get; }

    /// <summary>The number of steps the change takes.</summary>
    public int Duration { get; }

    /// <summary>The value at <paramref name="step"/> (0-based): Start + (End − Start)·min(1, step / Duration).</summary>
    public double Value(long step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), $"LinearSchedule.Value: step must be non-negative, got {step}.");
        if (Duration == 0 || step >= Duration) return End;
        return Start + (End - Start) * step / Duration;
    }
}
