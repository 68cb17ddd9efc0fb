namespace Nabla.Bench;

/// <summary>The figures one workload produced: Nabla's, and PyTorch's when it ran.</summary>
/// <param name="Workload">The workload that ran.</param>
/// <param name="Nabla">Nabla's metrics, including <c>peak_rss_mb</c>.</param>
/// <param name="Torch">PyTorch's metrics, or null with <c>--nabla-only</c>.</param>
/// <param name="TorchThreading">The threading configuration that gave PyTorch's metrics, or null when PyTorch did not run.</param>
public sealed record WorkloadResult(
    Workload Workload, OrderedDictionary<string, double> Nabla, OrderedDictionary<string, double>? Torch, TorchThreading? TorchThreading)
{
    /// <summary>Ratios for the metrics both sides report; below 1.0 means Nabla is better.</summary>
    public OrderedDictionary<string, double> Ratios()
    {
        var ratios = new OrderedDictionary<string, double>();
        if (Torch is null) return ratios;
        foreach (var (key, value) in Nabla)
            if (Torch.TryGetValue(key, out double torch)) ratios[key] = Workload.Ratio(key, value, torch);
        return ratios;
    }
}
