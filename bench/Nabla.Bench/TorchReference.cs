using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Nabla.Bench;

/// <summary>Runs the PyTorch side of a workload, <c>/usr/bin/python3 bench/reference/&lt;name&gt;.py --threads N</c>.</summary>
public static class TorchReference
{
    private const string Python = "/usr/bin/python3";

    /// <summary>
    /// Runs the reference once per <see cref="TorchThreading.Candidates"/> configuration of the thread budget and
    /// keeps the fastest: the one with the smallest geometric mean of its speed metrics, each taken as a time
    /// (throughputs inverted). Each configuration's figures go to stderr as it finishes.
    /// </summary>
    public static (OrderedDictionary<string, double> Metrics, TorchThreading Threading) RunBest(Workload workload, int threads)
    {
        (OrderedDictionary<string, double> Metrics, TorchThreading Threading, double Score)? best = null;
        foreach (var threading in TorchThreading.Candidates(threads))
        {
            var metrics = Run(workload.Name, threading);
            double score = workload.ReferenceScore(metrics);
            Console.Error.WriteLine($"[{workload.Name}] PyTorch {threading}: " +
                string.Join(", ", metrics.Select(m => $"{m.Key} {m.Value.ToString("G5", CultureInfo.InvariantCulture)}")));
            if (best is null || score < best.Value.Score) best = (metrics, threading, score);
        }
        return (best!.Value.Metrics, best.Value.Threading);
    }

    /// <summary>
    /// Runs the reference script with one threading configuration and parses the JSON object on the last line of
    /// its output. Throws <see cref="InvalidOperationException"/> with the script's stderr when it fails.
    /// </summary>
    public static OrderedDictionary<string, double> Run(string workload, TorchThreading threading)
    {
        string root = RepoRoot();
        string script = Path.Combine(root, "bench", "reference", workload + ".py");
        if (!File.Exists(script))
            throw new InvalidOperationException($"No PyTorch reference script at {script}.");
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(threading.OmpThreads.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in threading.Environment()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Python} {script} exited with {process.ExitCode}:\n{stderr.Result}");
        string? line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (line is null || JsonNode.Parse(line) is not JsonObject json)
            throw new InvalidOperationException($"{script} printed no JSON object. stderr:\n{stderr.Result}");
        if (!string.IsNullOrWhiteSpace(stderr.Result)) Console.Error.Write(stderr.Result);
        var metrics = new OrderedDictionary<string, double>();
        foreach (var (key, value) in json)
            if (value is not null) metrics[key] = value.GetValue<double>();
        return metrics;
    }

    /// <summary>The directory holding Nabla.slnx, searched upwards from the working directory and then from the executable.</summary>
    public static string RepoRoot()
    {
        foreach (string origin in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Nabla.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Could not find the repository root (a directory containing Nabla.slnx).");
    }
}
