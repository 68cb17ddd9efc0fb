using System.Globalization;

namespace Nabla.Rl;

/// <summary>
/// A value that changes with a counter (episode or environment step): exploration rates ε, step sizes α. Immutable;
/// <see cref="At"/> is cheap and allocation-free.
/// </summary>
public sealed class Schedule
{
    private readonly double _start, _end, _rate;
    private readonly long _steps;
    private readonly Kind _kind;

    private enum Kind { Constant, Linear, Exponential }

    private Schedule(Kind kind, double start, double end, long steps, double rate)
        => (_kind, _start, _end, _steps, _rate) = (kind, start, end, steps, rate);

    /// <summary>Always <paramref name="value"/>.</summary>
    public static Schedule Constant(double value) => new(Kind.Constant, value, value, 0, 0);

    /// <summary>From <paramref name="start"/> to <paramref name="end"/> in a straight line over <paramref name="steps"/> counts, then <paramref name="end"/> (DQN's ε: 1 → 0.1 over the first 10⁶ frames).</summary>
    public static Schedule Linear(double start, double end, long steps)
    {
        if (steps <= 0) throw new ArgumentOutOfRangeException(nameof(steps), $"Schedule.Linear: steps must be positive, got {steps}.");
        return new(Kind.Linear, start, end, steps, 0);
    }

    /// <summary><c>end + (start − end)·decay^t</c>: geometric approach from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static Schedule Exponential(double start, double end, double decay)
    {
        if (!(decay > 0 && decay <= 1)) throw new ArgumentOutOfRangeException(nameof(decay), $"Schedule.Exponential: decay must be in (0, 1], got {decay}.");
        return new(Kind.Exponential, start, end, 0, decay);
    }

    /// <summary>The value at count <paramref name="t"/> (0-based).</summary>
    public double At(long t) => _kind switch
    {
        Kind.Constant => _start,
        Kind.Linear => t >= _steps ? _end : _start + (_end - _start) * ((double)t / _steps),
        _ => _end + (_start - _end) * Math.Pow(_rate, t),
    };

    /// <summary>A short description, e.g. <c>linear(1 -> 0.05 over 1000)</c>.</summary>
    public override string ToString() => _kind switch
    {
        Kind.Constant => _start.ToString("G6", CultureInfo.InvariantCulture),
        Kind.Linear => FormattableString.Invariant($"linear({_start:G6} -> {_end:G6} over {_steps})"),
        _ => FormattableString.Invariant($"exponential({_start:G6} -> {_end:G6}, decay {_rate:G6})"),
    };
}
