using System.Globalization;

namespace Nabla.Models.Text;

/// <summary>Typed reads of a model's string configuration (<see cref="ICharLanguageModel.Config"/>), with errors that name the key.</summary>
public static class ModelConfig
{
    /// <summary>The value of <paramref name="key"/>; <paramref name="owner"/> names the model in the error when it is missing.</summary>
    public static string String(IReadOnlyDictionary<string, string> config, string key, string owner)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.TryGetValue(key, out var value)
            ? value
            : throw new ArgumentException($"{owner}: the configuration has no '{key}'.");
    }

    /// <summary>The value of <paramref name="key"/> as an integer.</summary>
    public static int Int(IReadOnlyDictionary<string, string> config, string key, string owner)
    {
        var text = String(config, key, owner);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"{owner}: {key} '{text}' is not an integer.");
    }

    /// <summary>The value of <paramref name="key"/> as a finite number.</summary>
    public static double Double(IReadOnlyDictionary<string, string> config, string key, string owner)
    {
        var text = String(config, key, owner);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{owner}: {key} '{text}' is not a finite number.");
    }
}
