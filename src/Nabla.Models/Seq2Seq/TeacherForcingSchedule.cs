namespace Nabla.Models.Seq2Seq;

/// <summary>
/// The probability of feeding the decoder the true previous token at each training step: constant (1 = teacher
/// forcing) or decaying, as scheduled sampling (Bengio et al. 2015) prescribes — linearly, or by the inverse sigmoid
/// ε_i = k / (k + exp(i / k)), scaled by a starting ratio.
/// </summary>
public sealed class TeacherForcingSchedule
{
    private readonly Func<int, double> _ratio;

    private TeacherForcingSchedule(Func<int, double> ratio, string description)
    {
        _ratio = ratio;
        Description = description;
    }

    /// <summary>A human-readable form, for logs.</summary>
    public string Description { get; }

    /// <summary>The ratio at training step <paramref name="step"/> (0-based).</summary>
    public double Ratio(int step) => _ratio(Math.Max(0, step));

    /// <summary>The same ratio at every step.</summary>
    public static TeacherForcingSchedule Constant(double ratio)
    {
        Check(ratio, nameof(ratio));
        return new TeacherForcingSchedule(_ => ratio, $"constant {ratio}");
    }

    /// <summary>From <paramref name="start"/> at step 0 linearly to <paramref name="end"/> at <paramref name="steps"/>, then constant.</summary>
    public static TeacherForcingSchedule Linear(double start, double end, int steps)
    {
        Check(start, nameof(start));
        Check(end, nameof(end));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return new TeacherForcingSchedule(i => start + (end - start) * Math.Min(1.0, (double)i / steps), $"linear {start} -> {end} over {steps} steps");
    }

    /// <summary><paramref name="start"/> · k / (k + exp(i / k)) with k ≥ 1.</summary>
    public static TeacherForcingSchedule InverseSigmoid(double k, double start = 1.0)
    {
        Check(start, nameof(start));
        if (!(k >= 1)) throw new ArgumentOutOfRangeException(nameof(k), $"TeacherForcingSchedule: inverse sigmoid k must be at least 1, got {k}.");
        return new TeacherForcingSchedule(i => start * k / (k + Math.Exp(i / k)), $"inverse sigmoid k={k:G4} from {start}");
    }

    /// <summary>The inverse sigmoid whose ratio is half of <paramref name="start"/> at step <paramref name="midpoint"/> (k·ln k = midpoint).</summary>
    public static TeacherForcingSchedule InverseSigmoidWithMidpoint(int midpoint, double start = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(midpoint, 1);
        // k·ln k is increasing for k ≥ 1, so bisection finds the unique root.
        double lo = 1, hi = midpoint + 3.0;
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (mid * Math.Log(mid) < midpoint) lo = mid;
            else hi = mid;
        }
        return InverseSigmoid(0.5 * (lo + hi), start);
    }

    private static void Check(double ratio, string name)
    {
        if (!(ratio >= 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(name, $"TeacherForcingSchedule: ratio must be in [0, 1], got {ratio}.");
    }
}
