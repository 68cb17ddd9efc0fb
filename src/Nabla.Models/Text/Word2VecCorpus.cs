using Nabla.Text;

namespace Nabla.Models.Text;

/// <summary>
/// A training text for word2vec: a <see cref="WordVocabulary"/> of the words seen at least <c>minCount</c> times, their
/// counts, and the sentences as vocabulary indices with the rarer words removed (as <c>word2vec.c</c> drops them).
/// Sentences longer than <see cref="MaxSentenceLength"/> are cut into pieces of that length, as in the original.
/// </summary>
public sealed class Word2VecCorpus
{
    /// <summary>The longest sentence kept whole (<c>MAX_SENTENCE_LENGTH</c> of <c>word2vec.c</c>).</summary>
    public const int MaxSentenceLength = 1000;

    private readonly long[] _counts;
    private readonly int[] _ids;
    private readonly int[] _starts;

    private Word2VecCorpus(WordVocabulary vocabulary, long[] counts, int[] ids, int[] starts)
    {
        Vocabulary = vocabulary;
        _counts = counts;
        _ids = ids;
        _starts = starts;
    }

    /// <summary>
    /// Counts the words of <paramref name="sentences"/>, keeps those seen at least <paramref name="minCount"/> times and
    /// encodes the sentences with them. Windows never cross a sentence boundary.
    /// </summary>
    public static Word2VecCorpus Build(IReadOnlyList<IReadOnlyList<string>> sentences, int minCount = 5, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var vocabulary = new WordVocabulary(sentences.SelectMany(s => s), minCount, lowercase);
        var counts = new long[vocabulary.Count];
        var ids = new List<int>();
        var starts = new List<int> { 0 };
        foreach (var sentence in sentences)
        {
            int length = 0;
            foreach (var token in sentence)
            {
                int id = vocabulary.IndexOf(token);
                if (id == WordVocabulary.UnknownIndex) continue;
                counts[id]++;
                ids.Add(id);
                if (++length == MaxSentenceLength)
                {
                    starts.Add(ids.Count);
                    length = 0;
                }
            }
            if (length > 0) starts.Add(ids.Count);
        }
        return new Word2VecCorpus(vocabulary, counts, [.. ids], [.. starts]);
    }

    /// <summary>
    /// Splits <paramref name="text"/> into documents at lines that hold only <paramref name="separator"/> (the
    /// <c>%</c> lines between fortunes; a text without such lines is one document) and tokenizes each with
    /// <see cref="WordTokenizer"/>, keeping only tokens with a letter or digit unless <paramref name="keepPunctuation"/>.
    /// </summary>
    public static List<IReadOnlyList<string>> TokenizeDocuments(string text, string separator = "%", bool keepPunctuation = false, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(separator);
        var documents = new List<IReadOnlyList<string>>();
        var current = new System.Text.StringBuilder();
        void Flush()
        {
            var tokens = WordTokenizer.Tokenize(current.ToString(), lowercase);
            if (!keepPunctuation) tokens.RemoveAll(t => !t.Any(char.IsLetterOrDigit));
            if (tokens.Count > 0) documents.Add(tokens);
            current.Clear();
        }
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimEnd('\r') == separator) Flush();
            else current.Append(line).Append('\n');
        }
        Flush();
        return documents;
    }

    /// <summary>
    /// The probability that subsampling keeps an occurrence of a word seen <paramref name="count"/> times among
    /// <paramref name="totalWords"/>: min(1, (√(f/t) + 1)·t/f) with f = count/total, i.e. √(t/f) + t/f, the rule of
    /// <c>word2vec.c</c> (the paper's discard probability 1 − √(t/f) plus the t/f term). 1 when <paramref name="sample"/> is 0.
    /// </summary>
    public static double KeepProbability(long count, long totalWords, double sample)
    {
        if (sample <= 0 || count <= 0) return 1;
        double ratio = sample * totalWords / count;
        return Math.Min(1, Math.Sqrt(ratio) + ratio);
    }

    /// <summary>The vocabulary; row i of the embeddings belongs to its token i (row 0, <c>&lt;unk&gt;</c>, is never trained).</summary>
    public WordVocabulary Vocabulary { get; }

    /// <summary>Occurrences of each vocabulary index in the corpus (0 for <c>&lt;unk&gt;</c>).</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Words kept in the training text.</summary>
    public long WordCount => _ids.Length;

    /// <summary>Number of sentences (after cutting long ones).</summary>
    public int SentenceCount => _starts.Length - 1;

    /// <summary>The indices of sentence <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Sentence(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SentenceCount);
        return _ids.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);
    }

    /// <summary>The keep probability of every vocabulary index under threshold <paramref name="sample"/>.</summary>
    public double[] KeepProbabilities(double sample)
    {
        var keep = new double[_counts.Length];
        for (int i = 0; i < keep.Length; i++) keep[i] = KeepProbability(_counts[i], _ids.Length, sample);
        return keep;
    }
}
