namespace Nabla.Models.Text;

/// <summary>
/// A character vocabulary with BERT's special tokens first: <c>[PAD]</c> = 0, <c>[CLS]</c> = 1, <c>[SEP]</c> = 2,
/// <c>[MASK]</c> = 3, <c>[UNK]</c> = 4 (a character outside the vocabulary), then the distinct characters sorted by
/// code from <see cref="FirstCharacter"/> on.
/// </summary>
public sealed class BertVocabulary
{
    /// <summary>Padding, ignored by attention.</summary>
    public const int Pad = 0;

    /// <summary>The token that opens every sequence.</summary>
    public const int Cls = 1;

    /// <summary>The token that closes every sequence.</summary>
    public const int Sep = 2;

    /// <summary>The token that replaces most chosen positions in masked-language-model training.</summary>
    public const int Mask = 3;

    /// <summary>A character that is not in the vocabulary.</summary>
    public const int Unknown = 4;

    /// <summary>Id of the first character; ids below it are special tokens.</summary>
    public const int FirstCharacter = 5;

    private static readonly string[] SpecialNames = ["[PAD]", "[CLS]", "[SEP]", "[MASK]", "[UNK]"];
    private readonly char[] _chars;
    private readonly Dictionary<char, int> _index;

    /// <summary>A vocabulary of the distinct <paramref name="chars"/>.</summary>
    public BertVocabulary(IEnumerable<char> chars)
    {
        ArgumentNullException.ThrowIfNull(chars);
        _chars = [.. new SortedSet<char>(chars)];
        _index = new Dictionary<char, int>(_chars.Length);
        for (int i = 0; i < _chars.Length; i++) _index[_chars[i]] = FirstCharacter + i;
    }

    /// <summary>The vocabulary of the characters of <paramref name="text"/>.</summary>
    public static BertVocabulary FromText(string text) => new(text);

    /// <summary>Number of ids, special tokens included.</summary>
    public int Count => FirstCharacter + _chars.Length;

    /// <summary>The characters, in id order from <see cref="FirstCharacter"/>.</summary>
    public IReadOnlyList<char> Chars => _chars;

    /// <summary>
    /// Whether <paramref name="id"/> is a structural token (<c>[PAD]</c>, <c>[CLS]</c>, <c>[SEP]</c>, <c>[MASK]</c>),
    /// which masking never chooses; <c>[UNK]</c> stands for a real character and is not.
    /// </summary>
    public static bool IsSpecial(long id) => id is >= 0 and < Unknown;

    /// <summary>The id of <paramref name="c"/>, or <see cref="Unknown"/>.</summary>
    public int IdOf(char c) => _index.TryGetValue(c, out int id) ? id : Unknown;

    /// <summary>The ids of the characters of <paramref name="text"/>, without special tokens.</summary>
    public long[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new long[text.Length];
        for (int i = 0; i < text.Length; i++) ids[i] = IdOf(text[i]);
        return ids;
    }

    /// <summary>The text of one id: its character, or the special token's name such as <c>[MASK]</c>.</summary>
    public string TokenText(long id)
    {
        if ((ulong)id >= (ulong)Count)
            throw new ArgumentOutOfRangeException(nameof(id), $"BertVocabulary: id {id} is outside [0, {Count}).");
        return id < FirstCharacter ? SpecialNames[id] : _chars[id - FirstCharacter].ToString();
    }

    /// <summary>The text of <paramref name="ids"/>, special tokens written by name.</summary>
    public string Decode(ReadOnlySpan<long> ids)
    {
        var sb = new System.Text.StringBuilder(ids.Length);
        foreach (long id in ids) sb.Append(TokenText(id));
        return sb.ToString();
    }
}
