using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Nabla.Bench;

/// <summary>Runs the PyTorch side of a workload, <c>/usr/bin/python3 bench/reference/&lt;name&gt;.py --threads N</c>.</summary>
public static class TorchReference
{
    private const string Python = "/usr/bin/python3";

    /// <summary>
    /// Runs the reference script and parses the JSON object on the last line of its output.
    /// Throws <see cref="InvalidOperationException"/> with the script's stderr when it fails.
    /// </summary>
    public static OrderedDictionary<string, double> Run(string workload, int threads)
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
        start.ArgumentList.Add(threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
