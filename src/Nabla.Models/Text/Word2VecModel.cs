using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nabla.Autograd;
using Nabla.IO;
using Nabla.Text;

namespace Nabla.Models.Text;

/// <summary>A word and its cosine similarity to a query.</summary>
/// <param name="Word">The vocabulary word.</param>
/// <param name="Similarity">Cosine similarity in [−1, 1].</param>
public readonly record struct Word2VecNeighbour(string Word, double Similarity);

/// <summary>
/// Trained word2vec embeddings: the input vectors (the word vectors, as <c>word2vec.c</c> exports them) and the
/// output vectors, one row per <see cref="Vocabulary"/> index, with cosine-similarity queries.
/// </summary>
public sealed class Word2VecModel
{
    private const string Format = "nabla.word2vec";
    private readonly long[] _counts;
    private Tensor? _normalized;

    /// <summary>
    /// Wraps (V, D) <paramref name="inputEmbeddings"/> and <paramref name="outputEmbeddings"/> (float32) for
    /// <paramref name="vocabulary"/>, whose order must follow <paramref name="counts"/> (most frequent first, ties in
    /// ordinal order, every word but <c>&lt;unk&gt;</c> counted at least once), as a <see cref="Word2VecCorpus"/> builds it.
    /// </summary>
    public Word2VecModel(WordVocabulary vocabulary, IReadOnlyList<long> counts, Tensor inputEmbeddings, Tensor outputEmbeddings, Word2VecMode mode)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(inputEmbeddings);
        ArgumentNullException.ThrowIfNull(outputEmbeddings);
        int v = vocabulary.Count;
        if (inputEmbeddings.Rank != 2 || inputEmbeddings.Size(0) != v || inputEmbeddings.Shape != outputEmbeddings.Shape
            || inputEmbeddings.DType != DType.Float32 || outputEmbeddings.DType != DType.Float32)
            throw new ArgumentException(
                $"Word2VecModel: embeddings must both be float32 ({v}, D) for a vocabulary of {v}, got {inputEmbeddings.DType} {inputEmbeddings.Shape} and {outputEmbeddings.DType} {outputEmbeddings.Shape}.");
        if (counts.Count != v) throw new ArgumentException($"Word2VecModel: {counts.Count} counts for a vocabulary of {v}.", nameof(counts));
        for (int i = 1; i < v; i++)
        {
            bool ordered = i == 1 || counts[i - 1] > counts[i] || (counts[i - 1] == counts[i] && string.CompareOrdinal(vocabulary[i - 1], vocabulary[i]) < 0);
            if (counts[i] < 1 || !ordered)
                throw new ArgumentException($"Word2VecModel: count {counts[i]} of '{vocabulary[i]}' (index {i}) does not fit the vocabulary order.", nameof(counts));
        }
        Vocabulary = vocabulary;
        _counts = [.. counts];
        _counts[WordVocabulary.UnknownIndex] = 0;
        InputEmbeddings = inputEmbeddings.Detach().Contiguous();
        OutputEmbeddings = outputEmbeddings.Detach().Contiguous();
        Mode = mode;
    }

    /// <summary>The vocabulary; row i of the embeddings belongs to token i.</summary>
    public WordVocabulary Vocabulary { get; }

    /// <summary>Training-corpus count of each vocabulary index (0 for <c>&lt;unk&gt;</c>).</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>The architecture the vectors were trained with.</summary>
    public Word2VecMode Mode { get; }

    /// <summary>The (V, D) input vectors: the word vectors every query uses.</summary>
    public Tensor InputEmbeddings { get; }

    /// <summary>The (V, D) output (context) vectors.</summary>
    public Tensor OutputEmbeddings { get; }

    /// <summary>Embedding size D.</summary>
    public int Dimension => InputEmbeddings.Size(1);

    /// <summary>Whether <paramref name="word"/> has a trained vector (it is in the vocabulary and is not <c>&lt;unk&gt;</c>).</summary>
    public bool Contains(string word) => Vocabulary.IndexOf(word) != WordVocabulary.UnknownIndex;

    /// <summary>A copy of the (D) input vector of <paramref name="word"/>.</summary>
    public Tensor Vector(string word) => InputEmbeddings.Select(0, IndexOf(word)).Clone();

    /// <summary>Cosine similarity of the vectors of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public double Similarity(string a, string b)
    {
        var n = Normalized();
        return n.Select(0, IndexOf(a)).MatMul(n.Select(0, IndexOf(b))).Item();
    }

    /// <summary>The <paramref name="topN"/> words closest to <paramref name="word"/> by cosine similarity, itself excluded.</summary>
    public IReadOnlyList<Word2VecNeighbour> MostSimilar(string word, int topN = 10) =>
        MostSimilar(Normalized().Select(0, IndexOf(word)), topN, [word]);

    /// <summary>
    /// The <paramref name="topN"/> words whose vectors have the largest cosine similarity to the (D)
    /// <paramref name="vector"/>, leaving out <paramref name="exclude"/> and <c>&lt;unk&gt;</c>: one matrix–vector
    /// product with the row-normalised (V, D) table.
    /// </summary>
    public IReadOnlyList<Word2VecNeighbour> MostSimilar(Tensor vector, int topN = 10, IReadOnlyCollection<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        if (vector.Rank != 1 || vector.Size(0) != Dimension)
            throw new ArgumentException($"Word2VecModel.MostSimilar: the query must be ({Dimension}), got {vector.Shape}.");
        using var scope = TensorScope.Begin();
        Tensor similarities;
        using (GradMode.NoGrad())
        {
            var q = vector.Detach().To(DType.Float32);
            similarities = Normalized().MatMul(q / q.Square().Sum().Sqrt().ClampMin(1e-12)).Contiguous();
        }
        var skip = new HashSet<int> { WordVocabulary.UnknownIndex };
        if (exclude is not null)
            foreach (var w in exclude) skip.Add(Vocabulary.IndexOf(w));
        var s = similarities.Data<float>();
        var heap = new PriorityQueue<int, float>(topN + 1);
        for (int i = 0; i < s.Length && topN > 0; i++)
        {
            if (skip.Contains(i)) continue;
            if (heap.Count < topN) heap.Enqueue(i, s[i]);
            else if (heap.TryPeek(out _, out float least) && s[i] > least) heap.EnqueueDequeue(i, s[i]);
        }
        var result = new Word2VecNeighbour[heap.Count];
        for (int k = result.Length - 1; k >= 0; k--)
        {
            int i = heap.Dequeue();
            result[k] = new Word2VecNeighbour(Vocabulary[i], s[i]);
        }
        return result;
    }

    /// <summary>
    /// "<paramref name="a"/> is to <paramref name="b"/> as <paramref name="c"/> is to ?": the words nearest to
    /// b̂ − â + ĉ (unit vectors, the 3CosAdd rule of <c>word2vec.c</c>'s analogy tool), leaving out a, b and c.
    /// </summary>
    public IReadOnlyList<Word2VecNeighbour> Analogy(string a, string b, string c, int topN = 1)
    {
        var n = Normalized();
        var query = n.Select(0, IndexOf(b)) - n.Select(0, IndexOf(a)) + n.Select(0, IndexOf(c));
        return MostSimilar(query, topN, [a, b, c]);
    }

    /// <summary>
    /// Saves both tables, the counts and, in the safetensors metadata, the vocabulary (a JSON array of the tokens in
    /// index order), the mode and the lowercase flag.
    /// </summary>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["input_embeddings"] = InputEmbeddings,
            ["output_embeddings"] = OutputEmbeddings,
            ["counts"] = Tensor.FromArray(_counts),
        };
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["mode"] = Mode == Word2VecMode.SkipGram ? "skipgram" : "cbow",
            ["lowercase"] = Vocabulary.Lowercase ? "true" : "false",
            ["vocabulary"] = TokensToJson(Vocabulary.Tokens),
        };
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>Loads a file written by <see cref="Save"/>, rebuilding the vocabulary from its tokens and counts.</summary>
    public static Word2VecModel Load(string path)
    {
        var tensors = Safetensors.Load(path, out var metadata);
        if (metadata.GetValueOrDefault("format") != Format)
            throw new InvalidDataException($"Word2VecModel.Load: '{path}' is not a word2vec file (metadata format is '{metadata.GetValueOrDefault("format")}').");
        string Required(string key) => metadata.TryGetValue(key, out var value)
            ? value : throw new InvalidDataException($"Word2VecModel.Load: '{path}' has no '{key}' metadata.");
        Tensor Get(string name) => tensors.TryGetValue(name, out var t)
            ? t : throw new InvalidDataException($"Word2VecModel.Load: '{path}' has no tensor '{name}'.");
        var tokens = JsonToTokens(Required("vocabulary"), path);
        var counts = Get("counts").ToArray<long>();
        if (counts.Length != tokens.Length)
            throw new InvalidDataException($"Word2VecModel.Load: {counts.Length} counts for {tokens.Length} tokens in '{path}'.");
        if (Array.FindIndex(counts, c => c < 0) is var negative and >= 0)
            throw new InvalidDataException($"Word2VecModel.Load: token '{tokens[negative]}' has count {counts[negative]} in '{path}'.");
        // From the counts directly: repeating each token count times would let a hostile count (say 10^15) hang the load.
        var vocabulary = WordVocabulary.FromCounts(tokens.Skip(1).Zip(counts.Skip(1), KeyValuePair.Create), minCount: 1, lowercase: Required("lowercase") == "true");
        if (!vocabulary.Tokens.SequenceEqual(tokens, StringComparer.Ordinal))
            throw new InvalidDataException($"Word2VecModel.Load: the vocabulary of '{path}' does not follow its counts.");
        var mode = Required("mode") switch
        {
            "skipgram" => Word2VecMode.SkipGram,
            "cbow" => Word2VecMode.Cbow,
            var m => throw new InvalidDataException($"Word2VecModel.Load: unknown mode '{m}' in '{path}'."),
        };
        try
        {
            return new Word2VecModel(vocabulary, counts, Get("input_embeddings"), Get("output_embeddings"), mode);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Word2VecModel.Load: '{path}' does not hold a usable model: {e.Message}", e);
        }
    }

    private int IndexOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        int i = Vocabulary.IndexOf(word);
        return i != WordVocabulary.UnknownIndex ? i : throw new ArgumentException($"Word2VecModel: '{word}' is not in the vocabulary ({Vocabulary.Count} words).", nameof(word));
    }

    // Computed once: rows divided by their norms (zero rows stay zero).
    private Tensor Normalized()
    {
        if (_normalized is not null) return _normalized;
        using (TensorScope.Suspend())
        using (GradMode.NoGrad())
        {
            var e = InputEmbeddings;
            return _normalized = (e / e.Square().Sum(1, keepDim: true).Sqrt().ClampMin(1e-12)).Contiguous();
        }
    }

    private static string TokensToJson(IReadOnlyList<string> tokens)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping keeps tokens such as <unk> readable in the header; it is still valid JSON.
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var t in tokens) writer.WriteStringValue(t);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string[] JsonToTokens(string json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return [.. doc.RootElement.EnumerateArray().Select(e => e.GetString() ?? throw new InvalidDataException($"Word2VecModel.Load: a null token in '{path}'."))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"Word2VecModel.Load: the vocabulary metadata of '{path}' is not a JSON array of strings ({e.Message}).");
        }
    }
}
