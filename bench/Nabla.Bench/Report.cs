using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Bench;

/// <summary>Prints results as a table and writes them as JSON.</summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes the table: workload, metric, Nabla, PyTorch, ratio.</summary>
    public static void PrintTable(TextWriter output, IReadOnlyList<WorkloadResult> results, int threads)
    {
        output.WriteLine($"threads: {threads}. ratio = Nabla time / PyTorch time (below 1.0 = Nabla faster):");
        output.WriteLine("  time and memory metrics: Nabla / PyTorch; throughput (GFLOP/s) and accuracy metrics: PyTorch / Nabla.");
        output.WriteLine("  PyTorch runs in the fastest of its threading configurations within the budget (column 'PyTorch threads').");
        output.WriteLine($"{"workload",-10} {"metric",-14} {"Nabla",12} {"PyTorch",12} {"ratio",8}  PyTorch threads");
        foreach (var result in results)
        {
            var ratios = result.Ratios();
            foreach (var (key, value) in result.Nabla)
            {
                string torch = result.Torch is not null && result.Torch.TryGetValue(key, out double t) ? Format(t) : "-";
                string ratio = ratios.TryGetValue(key, out double r) ? r.ToString("F3", Invariant) : "-";
                output.WriteLine($"{result.Workload.Name,-10} {key,-14} {Format(value),12} {torch,12} {ratio,8}  {result.TorchThreading?.ToString() ?? "-"}");
            }
        }
    }

    /// <summary>
    /// Writes <c>{"name": {metrics..., "torch": {...}, "torch_threading": "omp=2,openblas=1", "ratio": {...}}}</c>
    /// to <paramref name="path"/>.
    /// </summary>
    public static void WriteJson(string path, IReadOnlyList<WorkloadResult> results)
    {
        var root = new JsonObject();
        foreach (var result in results)
        {
            var node = ToJson(result.Nabla);
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

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 100 ? "F1" : "F3", Invariant);
}
