namespace Nabla.Models.Seq2Seq;

/// <summary>
/// Token ids of the digit tasks: <see cref="Pad"/> = 0, <see cref="Bos"/> = 1, <see cref="Eos"/> = 2, then the digits
/// 0–9 as ids 3–12 (<see cref="Size"/> = 13).
/// </summary>
public static class DigitVocabulary
{
    /// <summary>Padding: fills batches up to their longest sequence; masked out of attention and of the loss.</summary>
    public const int Pad = 0;

    /// <summary>Beginning of sequence: the decoder's first input.</summary>
    public const int Bos = 1;

    /// <summary>End of sequence: the decoder's last target.</summary>
    public const int Eos = 2;

    /// <summary>The id of digit 0; digit d is <c>FirstDigit + d</c>.</summary>
    public const int FirstDigit = 3;

    /// <summary>Number of token ids.</summary>
    public const int Size = 13;

    /// <summary>The id of digit <paramref name="digit"/> (0–9).</summary>
    public static int Token(int digit) => digit is >= 0 and <= 9
        ? FirstDigit + digit
        : throw new ArgumentOutOfRangeException(nameof(digit), $"DigitVocabulary: digit must be 0-9, got {digit}.");

    /// <summary>Encodes a string of decimal digits as token ids (no BOS/EOS).</summary>
    public static int[] Encode(string digits)
    {
        var tokens = new int[digits.Length];
        for (int i = 0; i < digits.Length; i++)
        {
            char c = digits[i];
            if (c is < '0' or > '9') throw new ArgumentException($"DigitVocabulary: '{c}' at position {i} is not a digit.");
            tokens[i] = FirstDigit + (c - '0');
        }
        return tokens;
    }

    /// <summary>Renders token ids as text: digits as themselves, special tokens as &lt;pad&gt;, &lt;s&gt;, &lt;/s&gt;.</summary>
    public static string Decode(IEnumerable<int> tokens) => string.Concat(tokens.Select(t => t switch
    {
        Pad => "<pad>",
        Bos => "<s>",
        Eos => "</s>",
        >= FirstDigit and < Size => ((char)('0' + t - FirstDigit)).ToString(),
        _ => $"<{t}>",
    }));
}
