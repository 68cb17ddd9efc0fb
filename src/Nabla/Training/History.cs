namespace Nabla.Training;

/// <summary>
/// What <see cref="Trainer.Fit"/> returns, like Keras's <c>History</c>: for each logged key (<c>loss</c>, metric names,
/// <c>val_loss</c>, <c>val_</c>metric, <c>lr</c>) the value of every completed epoch.
/// </summary>
public sealed class History
{
    /// <summary>The epoch indices (0-based) in the order they ran.</summary>
    public List<int> Epochs { get; } = [];

    /// <summary>Per-key lists of epoch values, like Keras's <c>history.history</c>.</summary>
    public Dictionary<string, List<double>> Values { get; } = [];

    /// <summary>Why training stopped before the last epoch (set by a callback), or null.</summary>
    public string? StopReason { get; internal set; }

    /// <summary>The per-epoch values of <paramref name="key"/>.</summary>
    public IReadOnlyList<double> this[string key] =>
        Values.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"History: no key '{key}' (have {string.Join(", ", Values.Keys)}).");

    internal void Add(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        Epochs.Add(epoch);
        foreach (var (k, v) in logs)
        {
            if (!Values.TryGetValue(k, out var list)) Values[k] = list = [];
            list.Add(v);
        }
    }
}
