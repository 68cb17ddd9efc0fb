namespace Nabla.Bench;

/// <summary>
/// One benchmark workload. The Nabla side runs in this process; the PyTorch side is
/// <c>bench/reference/&lt;Name&gt;.py</c>, which must print the same metric keys as JSON.
/// </summary>
public abstract class Workload
{
    /// <summary>Name used on the command line, in JSON and for the reference script.</summary>
    public abstract string Name { get; }

    /// <summary>Runs the Nabla side (warm-up excluded from timing) and returns its metrics in display order.</summary>
    public abstract OrderedDictionary<string, double> RunNabla();

    /// <summary>How the ratio of <paramref name="metric"/> is formed. Defaults to a time-like metric.</summary>
    public virtual MetricDirection DirectionOf(string metric) => MetricDirection.LowerIsBetter;

    /// <summary>The ratio reported for one metric: below 1.0 means Nabla is better.</summary>
    public double Ratio(string metric, double nabla, double torch) =>
        DirectionOf(metric) == MetricDirection.HigherIsBetter ? torch / nabla : nabla / torch;
}
