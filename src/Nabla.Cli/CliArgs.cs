using System.Globalization;
using Nabla.IO;

namespace Nabla.Cli;

/// <summary>Command-line arguments: positional words and <c>--name value</c> options (a bare <c>--flag</c> means "true").</summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(a);
                continue;
            }
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            _options[name] = value ?? "true";
        }
    }

    public List<string> Positional { get; } = [];

    public string? String(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public int Int(string name, int fallback) => String(name) is { } s ? Parse(name, s, int.Parse) : fallback;

    public double Double(string name, double fallback) => String(name) is { } s ? Parse(name, s, double.Parse) : fallback;

    public bool Flag(string name) => String(name) is { } s && s != "false";

    /// <summary>
    /// A file the command will write when it finishes (<c>--save</c>), checked now, so a path that cannot be written fails
    /// before the training whose result it was to hold rather than after it.
    /// </summary>
    public string? OutputPath(string name)
    {
        if (String(name) is not { } path) return null;
        try
        {
            AtomicFile.EnsureWritable(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException($"--{name}: {e.Message}");
        }
        return path;
    }

    /// <summary>Fails on options no command read, so a typo is an error rather than silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }

    private static T Parse<T>(string name, string text, Func<string, IFormatProvider, T> parse)
    {
        try
        {
            return parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new CliException($"--{name}: '{text}' is not a valid {typeof(T).Name.ToLowerInvariant()}");
        }
    }
}

/// <summary>A usage error: printed without a stack trace, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);
