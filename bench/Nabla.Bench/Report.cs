using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Bench;

/// <summary>Prints results as a table and writes them as JSON.</summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes the FMA peak, then the table: workload, metric, Nabla, PyTorch, ratio, Nabla's fraction of the peak, PyTorch's threading.</summary>
    public static void PrintTable(TextWriter output, IReadOnlyList<WorkloadResult> results, int threads, FmaPeak peak)
    {
        output.WriteLine($"FMA peak, float32, {peak.Threads} threads: {Format(peak.Gflops256)} GFLOP/s with 256-bit vectors, " +
            $"{Format(peak.Gflops512)} with 512-bit; 'of peak' is Nabla's GFLOP/s over the higher.");
        output.WriteLine($"threads: {threads}. ratio = Nabla time / PyTorch time (below 1.0 = Nabla faster):");
        output.WriteLine("  time and memory metrics: Nabla / PyTorch; throughput (GFLOP/s) and accuracy metrics: PyTorch / Nabla.");
        output.WriteLine("  PyTorch runs in the fastest of its threading configurations within the budget (column 'PyTorch threads').");
        output.WriteLine($"{"workload",-10} {"metric",-14} {"Nabla",12} {"PyTorch",12} {"ratio",8} {"of peak",8}  PyTorch threads");
        foreach (var result in results)
        {
            var ratios = result.Ratios();
            foreach (var (key, value) in result.Nabla)
            {
                string torch = result.Torch is not null && result.Torch.TryGetValue(key, out double t) ? Format(t) : "-";
                string ratio = ratios.TryGetValue(key, out double r) ? r.ToString("F3", Invariant) : "-";
                string ofPeak = IsGflops(key) ? peak.Fraction(value).ToString("P1", Invariant) : "-";
                output.WriteLine($"{result.Workload.Name,-10} {key,-14} {Format(value),12} {torch,12} {ratio,8} {ofPeak,8}  {result.TorchThreading?.ToString() ?? "-"}");
            }
        }
    }

    /// <summary>
    /// Writes <c>{"fma_peak": {...}, "name": {metrics..., "peak_fraction": {...}, "torch": {...},
    /// "torch_threading": "omp=2,openblas=1", "ratio": {...}}}</c> to <paramref name="path"/>.
    /// </summary>
    public static void WriteJson(string path, IReadOnlyList<WorkloadResult> results, FmaPeak peak)
    {
        var root = new JsonObject
        {
            ["fma_peak"] = new JsonObject
            {
                ["gflops_256"] = Math.Round(peak.Gflops256, 1),
                ["gflops_512"] = Math.Round(peak.Gflops512, 1),
                ["threads"] = peak.Threads,
            },
        };
        foreach (var result in results)
        {
            var node = ToJson(result.Nabla);
            var fractions = new OrderedDictionary<string, double>();
            foreach (var (key, value) in result.Nabla)
                if (IsGflops(key) && peak.Best > 0) fractions[key] = peak.Fraction(value);
            if (fractions.Count > 0) node["peak_fraction"] = ToJson(fractions);
            if (result.Torch is not null)
            {
                node["torch"] = ToJson(result.Torch);
                node["torch_threading"] = result.TorchThreading?.ToString();
                node["ratio"] = ToJson(result.Ratios());
            }
            root[result.Workload.Name] = node;
        }
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static JsonObject ToJson(OrderedDictionary<string, double> metrics)
    {
        var node = new JsonObject();
        foreach (var (key, value) in metrics) node[key] = Math.Round(value, 4);
        return node;
    }

    private static bool IsGflops(string metric) => metric.StartsWith("gflops_", StringComparison.Ordinal);

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 100 ? "F1" : "F3", Invariant);
}
