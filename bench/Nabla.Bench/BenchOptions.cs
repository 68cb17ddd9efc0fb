using System.Globalization;

namespace Nabla.Bench;

/// <summary>Parsed command line: <c>[WORKLOAD...] [--threads N] [--nabla-only] [--json FILE]</c>.</summary>
/// <param name="Workloads">Names to run; empty means all.</param>
/// <param name="Threads">Thread count for both sides.</param>
/// <param name="NablaOnly">Skip the PyTorch side.</param>
/// <param name="JsonPath">Where to write JSON, or null.</param>
public sealed record BenchOptions(IReadOnlyList<string> Workloads, int Threads, bool NablaOnly, string? JsonPath)
{
    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> on malformed input.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var names = new List<string>();
        int threads = 2;
        bool nablaOnly = false;
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads":
                    if (i + 1 >= args.Length || !int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out threads) || threads < 1)
                        throw new ArgumentException("--threads needs a positive integer.");
                    break;
                case "--nabla-only":
                    nablaOnly = true;
                    break;
                case "--json":
                    if (i + 1 >= args.Length) throw new ArgumentException("--json needs a file name.");
                    json = args[++i];
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unknown option {args[i]}.");
                    names.Add(args[i]);
                    break;
            }
        }
        return new BenchOptions(names, threads, nablaOnly, json);
    }
}
