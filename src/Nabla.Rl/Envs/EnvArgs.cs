using System.Globalization;

namespace Nabla.Rl.Envs;

/// <summary>
/// Keyword arguments for <see cref="Gym.Make(string, IReadOnlyDictionary{string, string}?, int?)"/> as text (e.g.
/// <c>is_slippery=false</c> from a command line), read with typed getters; keys no factory reads are an error.
/// </summary>
public sealed class EnvArgs
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly HashSet<string> _read = [];

    /// <summary>Wraps <paramref name="values"/> (null for none).</summary>
    public EnvArgs(IReadOnlyDictionary<string, string>? values) => _values = values ?? new Dictionary<string, string>();

    /// <summary>The boolean under <paramref name="key"/> (<c>true/false/1/0</c>), or <paramref name="fallback"/>.</summary>
    public bool Bool(string key, bool fallback) => Read(key, fallback, s => s.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new FormatException(),
    });

    /// <summary>The integer under <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
    public int Int(string key, int fallback) => Read(key, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>The number under <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
    public double Double(string key, double fallback) => Read(key, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>The text under <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
    public string String(string key, string fallback) => Read(key, fallback, s => s);

    /// <summary>Throws when a key was given that no getter read (a typo or an argument the environment lacks).</summary>
    public void EnsureAllRead(string id)
    {
        foreach (var key in _values.Keys)
            if (!_read.Contains(key))
                throw new ArgumentException($"Gym.Make: '{id}' takes no argument '{key}'" +
                    (_read.Count > 0 ? $" (it reads {string.Join(", ", _read.Order())})." : "."));
    }

    private T Read<T>(string key, T fallback, Func<string, T> parse)
    {
        _read.Add(key);
        if (!_values.TryGetValue(key, out var text)) return fallback;
        try
        {
            return parse(text.Trim());
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"Gym.Make: argument {key}='{text}' is not a valid {typeof(T).Name}.");
        }
    }
}
