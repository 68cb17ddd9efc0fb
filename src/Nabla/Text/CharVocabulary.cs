namespace Nabla.Text;

/// <summary>
/// A character vocabulary: sorted distinct characters, index = position. Characters outside it encode to the
/// unknown character when one was given, otherwise encoding them is an error.
/// </summary>
public sealed class CharVocabulary
{
    private readonly char[] _chars;
    private readonly Dictionary<char, int> _index;

    /// <summary>A vocabulary of the distinct <paramref name="chars"/> (plus <paramref name="unknown"/> when given), sorted by code.</summary>
    public CharVocabulary(IEnumerable<char> chars, char? unknown = null)
    {
        ArgumentNullException.ThrowIfNull(chars);
        var set = new SortedSet<char>(chars);
        if (unknown is char u) set.Add(u);
        _chars = [.. set];
        _index = new Dictionary<char, int>(_chars.Length);
        for (int i = 0; i < _chars.Length; i++) _index[_chars[i]] = i;
        Unknown = unknown;
        UnknownIndex = unknown is char uc ? _index[uc] : null;
    }

    /// <summary>The vocabulary of the characters in <paramref name="text"/>.</summary>
    public static CharVocabulary FromText(string text, char? unknown = null) => new(text, unknown);

    /// <summary>Number of characters.</summary>
    public int Count => _chars.Length;

    /// <summary>The characters in index order.</summary>
    public IReadOnlyList<char> Chars => _chars;

    /// <summary>The character that stands for characters outside the vocabulary, if any.</summary>
    public char? Unknown { get; }

    /// <summary>Index of <see cref="Unknown"/>, if any.</summary>
    public int? UnknownIndex { get; }

    /// <summary>The character at <paramref name="index"/>.</summary>
    public char this[int index] => (uint)index < (uint)_chars.Length
        ? _chars[index]
        : throw new ArgumentOutOfRangeException(nameof(index), $"CharVocabulary: index {index} is outside [0, {Count}).");

    /// <summary>Whether <paramref name="c"/> is in the vocabulary.</summary>
    public bool Contains(char c) => _index.ContainsKey(c);

    /// <summary>Index of <paramref name="c"/>, or of <see cref="Unknown"/> when it is not in the vocabulary.</summary>
    public int IndexOf(char c)
    {
        if (_index.TryGetValue(c, out int i)) return i;
        return UnknownIndex ?? throw new ArgumentException(
            $"CharVocabulary: character U+{(int)c:X4} is not in the vocabulary and no unknown character was given.");
    }

    /// <summary>Indices of the characters of <paramref name="text"/>.</summary>
    public long[] EncodeToArray(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new long[text.Length];
        for (int i = 0; i < text.Length; i++) ids[i] = IndexOf(text[i]);
        return ids;
    }

    /// <summary>Indices of the characters of <paramref name="text"/> as an int64 tensor (N).</summary>
    public Tensor Encode(string text)
    {
        var ids = EncodeToArray(text);
        return Tensor.FromArray(ids, ids.Length);
    }

    /// <summary>The text of <paramref name="ids"/>.</summary>
    public string Decode(ReadOnlySpan<long> ids)
    {
        var chars = new char[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if ((ulong)ids[i] >= (ulong)_chars.Length)
                throw new ArgumentOutOfRangeException(nameof(ids), $"CharVocabulary: index {ids[i]} is outside [0, {Count}).");
            chars[i] = _chars[ids[i]];
        }
        return new string(chars);
    }

    /// <summary>The text of an int64 or int32 index tensor of any shape, read in row-major order.</summary>
    public string Decode(Tensor ids) => Decode(TextTensors.ToInt64(ids, "CharVocabulary.Decode"));
}
