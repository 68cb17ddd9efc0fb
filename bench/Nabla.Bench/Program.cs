using System.Diagnostics;
using Nabla.Bench;

const string Usage = "usage: Nabla.Bench [WORKLOAD...] [--threads N] [--nabla-only] [--json FILE]";

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

var known = WorkloadRegistry.All();
var selected = new List<Workload>();
foreach (string name in options.Workloads)
{
    var workload = known.FirstOrDefault(w => w.Name == name);
    if (workload is null)
    {
        Console.Error.WriteLine($"Unknown workload '{name}'. Known workloads: {string.Join(", ", known.Select(w => w.Name))}.");
        return 2;
    }
    selected.Add(workload);
}
if (selected.Count == 0) selected.AddRange(known);

Nabla.Threads.Count = options.Threads;
var peak = FmaPeak.Measure(options.Threads);
var results = new List<WorkloadResult>();
int exitCode = 0;
foreach (var workload in selected)
{
    Console.Error.WriteLine($"[{workload.Name}] Nabla...");
    var nabla = workload.RunNabla();
    // Process-wide high-water mark: workloads share this process, so it covers everything run so far.
    nabla["peak_rss_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    OrderedDictionary<string, double>? torch = null;
    TorchThreading? threading = null;
    if (!options.NablaOnly)
    {
        Console.Error.WriteLine($"[{workload.Name}] PyTorch...");
        try
        {
            (torch, threading) = TorchReference.RunBest(workload, options.Threads);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"[{workload.Name}] PyTorch side failed: {e.Message}");
            exitCode = 1;
        }
    }
    results.Add(new WorkloadResult(workload, nabla, torch, threading));
}

Report.PrintTable(Console.Out, results, options.Threads, peak);
if (options.JsonPath is not null) Report.WriteJson(options.JsonPath, results, peak);
return exitCode;
