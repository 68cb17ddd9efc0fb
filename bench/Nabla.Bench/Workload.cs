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

    /// <summary>Whether <paramref name="metric"/> measures speed (a time or a throughput), as opposed to memory or accuracy.</summary>
    public virtual bool IsSpeedMetric(string metric) => metric != "peak_rss_mb";

    /// <summary>
    /// How slow a set of reference figures is, for picking a reference's best threading: the geometric mean of the
    /// speed metrics, each as a time (throughputs inverted). Lower is faster.
    /// </summary>
    public double ReferenceScore(OrderedDictionary<string, double> metrics)
    {
        double logSum = 0;
        int count = 0;
        foreach (var (key, value) in metrics)
        {
            if (!IsSpeedMetric(key)) continue;
            double time = DirectionOf(key) == MetricDirection.HigherIsBetter ? 1 / value : value;
            logSum += Math.Log(time);
            count++;
        }
        return count == 0 ? 0 : Math.Exp(logSum / count);
    }

    /// <summary>The ratio reported for one metric: below 1.0 means Nabla is better.</summary>
    public double Ratio(string metric, double nabla, double torch) =>
        DirectionOf(metric) == MetricDirection.HigherIsBetter ? torch / nabla : nabla / torch;
}
