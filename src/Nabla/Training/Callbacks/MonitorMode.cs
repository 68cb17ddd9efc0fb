namespace Nabla.Training;

/// <summary>Whether a monitored quantity should go down or up, like Keras's <c>mode</c> argument.</summary>
public enum MonitorMode
{
    /// <summary>Maximise when the key names an accuracy (contains <c>acc</c>), minimise otherwise.</summary>
    Auto,
    /// <summary>Lower is better (losses).</summary>
    Min,
    /// <summary>Higher is better (accuracies).</summary>
    Max,
}

/// <summary>Comparison of monitored values shared by EarlyStopping and ModelCheckpoint.</summary>
internal readonly struct Monitor(string key, MonitorMode mode, double minDelta)
{
    public string Key { get; } = key;

    public bool Maximize { get; } = mode == MonitorMode.Max || (mode == MonitorMode.Auto && key.Contains("acc", StringComparison.Ordinal));

    public double Worst => Maximize ? double.NegativeInfinity : double.PositiveInfinity;

    public bool IsImprovement(double value, double best) =>
        !double.IsNaN(value) && (Maximize ? value - Math.Abs(minDelta) > best : value + Math.Abs(minDelta) < best);

    public double Read(IReadOnlyDictionary<string, double> logs, string callback) =>
        logs.TryGetValue(Key, out var v) ? v
            : throw new KeyNotFoundException($"{callback}: monitored key '{Key}' is not in the logs (have {string.Join(", ", logs.Keys)}).");
}
