namespace Nabla.Text;

/// <summary>
/// A word vocabulary: index 0 is <see cref="UnknownToken"/>, then the tokens seen at least <c>minCount</c> times,
/// most frequent first (ties in ordinal order). Tokens outside it encode to index 0.
/// </summary>
public sealed class WordVocabulary
{
    /// <summary>The token that stands for every word outside the vocabulary.</summary>
    public const string UnknownToken = "<unk>";

    /// <summary>Index of <see cref="UnknownToken"/>.</summary>
    public const int UnknownIndex = 0;

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _index;

    /// <summary>Builds the vocabulary of <paramref name="tokens"/>, keeping those seen at least <paramref name="minCount"/> times.</summary>
    public WordVocabulary(IEnumerable<string> tokens, int minCount = 1, bool lowercase = true)
        : this(CountTokens(tokens, lowercase), minCount, lowercase) { }

    /// <summary>
    /// Builds the vocabulary from token counts (as a model file stores them), keeping tokens counted at least
    /// <paramref name="minCount"/> times: the same vocabulary as the constructor given each token that many times, at
    /// a cost that does not grow with the counts. Tokens equal after normalization add their counts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the counts of one token overflow.</exception>
    public static WordVocabulary FromCounts(IEnumerable<KeyValuePair<string, long>> counts, int minCount = 1, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var merged = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (token, count) in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            string key = Normalize(token, lowercase);
            long sum = merged.GetValueOrDefault(key);
            if (count > long.MaxValue - sum)
                throw new ArgumentOutOfRangeException(nameof(counts), $"WordVocabulary.FromCounts: the counts of '{key}' overflow a long.");
            merged[key] = sum + count;
        }
        return new WordVocabulary(merged, minCount, lowercase);
    }

    private WordVocabulary(Dictionary<string, long> counts, int minCount, bool lowercase)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        Lowercase = lowercase;
        counts.Remove(UnknownToken);
        var kept = new List<KeyValuePair<string, long>>();
        foreach (var kv in counts)
            if (kv.Value >= minCount) kept.Add(kv);
        kept.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        _tokens = new string[kept.Count + 1];
        _tokens[UnknownIndex] = UnknownToken;
        for (int i = 0; i < kept.Count; i++) _tokens[i + 1] = kept[i].Key;
        _index = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < _tokens.Length; i++) _index[_tokens[i]] = i;
    }

    private static Dictionary<string, long> CountTokens(IEnumerable<string> tokens, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            var token = Normalize(t, lowercase);
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        return counts;
    }

    /// <summary>The vocabulary of the <see cref="WordTokenizer"/> tokens of <paramref name="text"/>.</summary>
    public static WordVocabulary FromText(string text, int minCount = 1, bool lowercase = true) =>
        new(WordTokenizer.Tokenize(text, lowercase), minCount, lowercase);

    /// <summary>Whether tokens are lowercased before lookup.</summary>
    public bool Lowercase { get; }

    /// <summary>Number of tokens, <see cref="UnknownToken"/> included.</summary>
    public int Count => _tokens.Length;

    /// <summary>The tokens in index order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The token at <paramref name="index"/>.</summary>
    public string this[int index] => (uint)index < (uint)_tokens.Length
        ? _tokens[index]
        : throw new ArgumentOutOfRangeException(nameof(index), $"WordVocabulary: index {index} is outside [0, {Count}).");

    /// <summary>Whether <paramref name="token"/> (after lowercasing when <see cref="Lowercase"/>) is in the vocabulary.</summary>
    public bool Contains(string token) => _index.ContainsKey(Normalize(token));

    /// <summary>Index of <paramref name="token"/>, or <see cref="UnknownIndex"/> when it is not in the vocabulary.</summary>
    public int IndexOf(string token) => _index.TryGetValue(Normalize(token), out int i) ? i : UnknownIndex;

    /// <summary>Indices of <paramref name="tokens"/>.</summary>
    public long[] EncodeTokens(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var ids = new long[tokens.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = IndexOf(tokens[i]);
        return ids;
    }

    /// <summary>Indices of the tokens of <paramref name="text"/> as an int64 tensor (N).</summary>
    public Tensor Encode(string text)
    {
        var ids = EncodeTokens(WordTokenizer.Tokenize(text, Lowercase));
        return Tensor.FromArray(ids, ids.Length);
    }

    /// <summary>The tokens of <paramref name="ids"/>.</summary>
    public string[] DecodeTokens(ReadOnlySpan<long> ids)
    {
        var tokens = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if ((ulong)ids[i] >= (ulong)_tokens.Length)
                throw new ArgumentOutOfRangeException(nameof(ids), $"WordVocabulary: index {ids[i]} is outside [0, {Count}).");
            tokens[i] = _tokens[ids[i]];
        }
        return tokens;
    }

    /// <summary>The tokens of an int64 or int32 index tensor (any shape, row-major order) joined by single spaces.</summary>
    public string Decode(Tensor ids) => string.Join(' ', DecodeTokens(TextTensors.ToInt64(ids, "WordVocabulary.Decode")));

    private string Normalize(string token) => Normalize(token, Lowercase);

    private static string Normalize(string token, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(token);
        return lowercase ? token.ToLowerInvariant() : token;
    }
}
