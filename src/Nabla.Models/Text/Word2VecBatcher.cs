namespace Nabla.Models.Text;

/// <summary>
/// Turns a <see cref="Word2VecCorpus"/> into training examples, one epoch at a time, in corpus order as
/// <c>word2vec.c</c> reads it: each sentence is subsampled (every occurrence kept with the probability of
/// <see cref="Word2VecCorpus.KeepProbability"/>), then each remaining word is a centre whose window is drawn uniformly
/// from 1..window (the original's random reduced window) or is the full window. Batches are written into
/// caller-owned buffers, so producing them allocates nothing.
/// </summary>
public sealed class Word2VecBatcher
{
    private readonly Word2VecCorpus _corpus;
    private readonly Word2VecNegativeSampler? _sampler;
    private readonly double[] _keep;
    private readonly Generator _generator;
    private readonly int[] _kept = new int[Word2VecCorpus.MaxSentenceLength];
    private int _keptCount;
    private int _sentence;
    private int _position;
    private int _reach;
    private int _next;
    private bool _centreOpen;

    /// <summary>
    /// Examples over <paramref name="corpus"/> with <paramref name="negatives"/> negatives each drawn from
    /// <paramref name="sampler"/> (which may be null when <paramref name="negatives"/> is 0).
    /// </summary>
    public Word2VecBatcher(Word2VecCorpus corpus, Word2VecNegativeSampler? sampler, int window, int negatives,
        double sample, bool dynamicWindow, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(negatives);
        if (negatives > 0 && sampler is null) throw new ArgumentNullException(nameof(sampler), "Word2VecBatcher: negatives need a sampler.");
        _corpus = corpus;
        _sampler = sampler;
        _keep = corpus.KeepProbabilities(sample);
        _generator = generator;
        Window = window;
        Negatives = negatives;
        DynamicWindow = dynamicWindow;
        Reset();
    }

    /// <summary>The largest window.</summary>
    public int Window { get; }

    /// <summary>Negatives per example.</summary>
    public int Negatives { get; }

    /// <summary>Whether windows are drawn from 1..<see cref="Window"/>.</summary>
    public bool DynamicWindow { get; }

    /// <summary>Context slots per CBOW example: 2·<see cref="Window"/>.</summary>
    public int ContextSlots => 2 * Window;

    /// <summary>Corpus words read in this epoch so far (before subsampling; whole sentences at a time).</summary>
    public long WordsRead { get; private set; }

    /// <summary>Starts a new epoch at the first sentence.</summary>
    public void Reset()
    {
        _sentence = 0;
        _keptCount = 0;
        _position = 0;
        _centreOpen = false;
        WordsRead = 0;
    }

    /// <summary>
    /// Writes up to <c>centres.Length</c> skip-gram examples: centre word i, one context word, and
    /// <see cref="Negatives"/> negatives per example in <paramref name="negatives"/> (row-major (B, k)). A centre whose
    /// pairs do not all fit continues in the next batch. Returns the number written; 0 means the epoch is over.
    /// </summary>
    public int NextSkipGram(Span<long> centres, Span<long> contexts, Span<long> negatives)
    {
        int capacity = centres.Length;
        CheckBuffers(capacity, contexts.Length, capacity, negatives.Length, "NextSkipGram");
        int n = 0;
        while (n < capacity && NextCentre())
        {
            int end = Math.Min(_keptCount - 1, _position + _reach);
            while (_next <= end && n < capacity)
            {
                if (_next != _position)
                {
                    centres[n] = _kept[_position];
                    contexts[n] = _kept[_next];
                    DrawNegatives(negatives, n, contexts[n]);
                    n++;
                }
                _next++;
            }
            if (_next > end) CloseCentre();
        }
        return n;
    }

    /// <summary>
    /// Writes up to <c>centres.Length</c> CBOW examples: the context words of each centre in row i of
    /// <paramref name="contexts"/> ((B, <see cref="ContextSlots"/>) row-major) with weight 1/(number of context words)
    /// in <paramref name="weights"/>, unused slots holding index 0 with weight 0; the centre; and its negatives
    /// ((B, k)). Centres without any context word (one-word sentences) are skipped. Returns the number written.
    /// </summary>
    public int NextCbow(Span<long> contexts, Span<float> weights, Span<long> centres, Span<long> negatives)
    {
        int capacity = centres.Length, slots = ContextSlots;
        CheckBuffers(capacity, contexts.Length, capacity * slots, negatives.Length, "NextCbow");
        if (weights.Length != capacity * slots)
            throw new ArgumentException($"Word2VecBatcher.NextCbow: weights length {weights.Length} must be {capacity * slots}.");
        int n = 0;
        while (n < capacity && NextCentre())
        {
            int start = Math.Max(0, _position - _reach), end = Math.Min(_keptCount - 1, _position + _reach);
            var row = contexts.Slice(n * slots, slots);
            int used = 0;
            for (int j = start; j <= end; j++)
                if (j != _position) row[used++] = _kept[j];
            CloseCentre();
            if (used == 0) continue;
            row[used..].Clear();
            var w = weights.Slice(n * slots, slots);
            w[..used].Fill(1f / used);
            w[used..].Clear();
            centres[n] = _kept[_position - 1];
            DrawNegatives(negatives, n, centres[n]);
            n++;
        }
        return n;
    }

    // Moves to the next centre (drawing its window) unless one is open; false at the end of the epoch.
    private bool NextCentre()
    {
        if (_centreOpen) return true;
        while (_position >= _keptCount)
        {
            if (_sentence >= _corpus.SentenceCount) return false;
            LoadSentence(_corpus.Sentence(_sentence++));
        }
        _reach = DynamicWindow ? 1 + (int)_generator.NextInt64(0, Window) : Window;
        _next = Math.Max(0, _position - _reach);
        _centreOpen = true;
        return true;
    }

    private void CloseCentre()
    {
        _position++;
        _centreOpen = false;
    }

    private void LoadSentence(ReadOnlySpan<int> sentence)
    {
        _keptCount = 0;
        _position = 0;
        foreach (int id in sentence)
            if (_keep[id] >= 1 || _generator.NextDouble() < _keep[id]) _kept[_keptCount++] = id;
        WordsRead += sentence.Length;
    }

    private void DrawNegatives(Span<long> negatives, int example, long positive)
    {
        if (Negatives > 0) _sampler!.Fill(negatives.Slice(example * Negatives, Negatives), _generator, positive);
    }

    private void CheckBuffers(int capacity, int contexts, int expectedContexts, int negatives, string op)
    {
        if (capacity == 0) throw new ArgumentException($"Word2VecBatcher.{op}: the batch buffers are empty.");
        if (contexts != expectedContexts)
            throw new ArgumentException($"Word2VecBatcher.{op}: contexts length {contexts} must be {expectedContexts} for {capacity} examples.");
        if (negatives != capacity * Negatives)
            throw new ArgumentException($"Word2VecBatcher.{op}: negatives length {negatives} must be {capacity * Negatives} ({capacity} examples x {Negatives}).");
    }
}
