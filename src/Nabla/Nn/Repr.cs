using System.Globalization;

namespace Nabla.Nn;

/// <summary>Formats constructor arguments for <c>ExtraRepr</c> the way Python prints them, so summaries read like PyTorch's.</summary>
internal static class Repr
{
    /// <summary>A float as Python prints it: 0.1, 1e-05, 1.0.</summary>
    public static string Float(double v)
    {
        var s = v.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
        if (s.Contains('e'))
        {
            // Python writes at least two exponent digits (1e-05) and no plus sign (1e+20).
            int e = s.IndexOf('e');
            string mantissa = s[..e], exponent = s[(e + 1)..].TrimStart('+');
            bool negative = exponent.StartsWith('-');
            string digits = exponent.TrimStart('-').PadLeft(2, '0');
            return $"{mantissa}e{(negative ? "-" : "+")}{digits}";
        }
        return s.Contains('.') || s.Contains("Infinity") || s == "NaN" ? s : s + ".0";
    }

    /// <summary>A bool as Python prints it.</summary>
    public static string Bool(bool v) => v ? "True" : "False";

    /// <summary>A tuple of ints as Python prints it: (10,) or (2, 5).</summary>
    public static string Tuple(int[] values) =>
        values.Length == 1 ? $"({values[0]},)" : "(" + string.Join(", ", values) + ")";
}
