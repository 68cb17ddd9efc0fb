using System.Text.RegularExpressions;

namespace Nabla.Text;

/// <summary>
/// Splits text into words and punctuation: a token is a run of letters, digits or underscores (with inner
/// apostrophes kept, as in <c>don't</c>) or a single character that is neither a word character nor whitespace.
/// Whitespace separates tokens and is dropped.
/// </summary>
public static partial class WordTokenizer
{
    [GeneratedRegex(@"\w+(?:'\w+)*|[^\w\s]")]
    private static partial Regex TokenPattern();

    /// <summary>The tokens of <paramref name="text"/>, lowercased when <paramref name="lowercase"/> is true.</summary>
    public static List<string> Tokenize(string text, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        foreach (Match m in TokenPattern().Matches(text))
            tokens.Add(lowercase ? m.Value.ToLowerInvariant() : m.Value);
        return tokens;
    }
}
