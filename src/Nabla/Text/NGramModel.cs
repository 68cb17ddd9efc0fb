namespace Nabla.Text;

/// <summary>
/// An n-gram language model (order 1–4) over token ids in [0, V) with add-k smoothing:
/// <c>P(w | c) = (count(c, w) + k) / (count(c) + k·V)</c>, where c is the preceding order − 1 tokens. Positions
/// before the start of a sequence are filled with a start symbol that is not part of the vocabulary (it is never
/// predicted), so every token of a sequence, the first included, is scored and counted.
/// </summary>
public sealed class NGramModel
{
    private const int Bits = 21;
    private const long Start = 0;

    private readonly Dictionary<long, long> _contextCounts = [];
    private readonly Dictionary<(long Context, int Token), long> _counts = [];
    private readonly long _contextMask;

    /// <summary>An untrained model of <paramref name="order"/> over <paramref name="vocabularySize"/> tokens with add-<paramref name="k"/> smoothing (k = 1: Laplace).</summary>
    public NGramModel(int order, int vocabularySize, double k = 1.0)
    {
        if (order is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(order), $"NGramModel: order {order} is outside [1, 4].");
        if (vocabularySize < 1 || vocabularySize >= (1 << Bits) - 1)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), $"NGramModel: vocabulary size {vocabularySize} is outside [1, {(1 << Bits) - 2}].");
        if (!(k > 0) || double.IsInfinity(k))
            throw new ArgumentOutOfRangeException(nameof(k), $"NGramModel: smoothing k = {k} must be positive and finite.");
        Order = order;
        VocabularySize = vocabularySize;
        K = k;
        _contextMask = (1L << (Bits * (order - 1))) - 1;
    }

    /// <summary>Trains a model of <paramref name="order"/> on the sequence <paramref name="tokens"/>.</summary>
    public static NGramModel Train(ReadOnlySpan<long> tokens, int order, int vocabularySize, double k = 1.0)
    {
        var model = new NGramModel(order, vocabularySize, k);
        model.Fit(tokens);
        return model;
    }

    /// <summary>Trains a model of <paramref name="order"/> on the int64 or int32 token tensor <paramref name="tokens"/> (N).</summary>
    public static NGramModel Train(Tensor tokens, int order, int vocabularySize, double k = 1.0) =>
        Train(TextTensors.ToInt64(tokens, "NGramModel.Train"), order, vocabularySize, k);

    /// <summary>n, the number of tokens in each counted n-gram (context of n − 1 tokens).</summary>
    public int Order { get; }

    /// <summary>V, the number of token ids.</summary>
    public int VocabularySize { get; }

    /// <summary>The smoothing pseudo-count added to every n-gram.</summary>
    public double K { get; }

    /// <summary>Total number of tokens counted.</summary>
    public long TokenCount { get; private set; }

    /// <summary>Adds the n-grams of the sequence <paramref name="tokens"/> (started with the start symbol) to the counts.</summary>
    public void Fit(ReadOnlySpan<long> tokens)
    {
        Validate(tokens, "NGramModel.Fit");
        long context = Start;
        foreach (long t in tokens)
        {
            int token = (int)t;
            _contextCounts[context] = _contextCounts.GetValueOrDefault(context) + 1;
            _counts[(context, token)] = _counts.GetValueOrDefault((context, token)) + 1;
            context = Advance(context, token);
        }
        TokenCount += tokens.Length;
    }

    /// <summary>
    /// How often <paramref name="token"/> followed <paramref name="context"/> in training. The context holds up to
    /// order − 1 preceding tokens (only the last order − 1 are used); a shorter one is taken as the start of a sequence.
    /// </summary>
    public long Count(ReadOnlySpan<long> context, long token)
    {
        CheckToken(token, "NGramModel.Count");
        return _counts.GetValueOrDefault((Key(context), (int)token));
    }

    /// <summary>How often the context <paramref name="context"/> (as in <see cref="Count(ReadOnlySpan{long}, long)"/>) preceded any token in training.</summary>
    public long ContextCount(ReadOnlySpan<long> context) => _contextCounts.GetValueOrDefault(Key(context));

    /// <summary>The smoothed probability of <paramref name="token"/> after <paramref name="context"/>.</summary>
    public double Probability(ReadOnlySpan<long> context, long token)
    {
        CheckToken(token, "NGramModel.Probability");
        return Probability(Key(context), (int)token);
    }

    /// <summary>The smoothed distribution over the next token after <paramref name="context"/>, float64 (V), summing to 1.</summary>
    public Tensor Distribution(ReadOnlySpan<long> context)
    {
        var p = new double[VocabularySize];
        FillDistribution(Key(context), p);
        return Tensor.FromArray(p, p.Length);
    }

    /// <summary>Sum over the tokens of <paramref name="tokens"/> (a sequence started with the start symbol) of ln P(token | context).</summary>
    public double LogLikelihood(ReadOnlySpan<long> tokens)
    {
        Validate(tokens, "NGramModel.LogLikelihood");
        double sum = 0;
        long context = Start;
        foreach (long t in tokens)
        {
            sum += Math.Log(Probability(context, (int)t));
            context = Advance(context, (int)t);
        }
        return sum;
    }

    /// <summary>Mean negative log-likelihood per token of <paramref name="tokens"/>, in nats.</summary>
    public double CrossEntropy(ReadOnlySpan<long> tokens)
    {
        if (tokens.IsEmpty) throw new ArgumentException("NGramModel.CrossEntropy: the sequence is empty.");
        return -LogLikelihood(tokens) / tokens.Length;
    }

    /// <summary>exp(<see cref="CrossEntropy"/>): the perplexity of the model on <paramref name="tokens"/>.</summary>
    public double Perplexity(ReadOnlySpan<long> tokens) => Math.Exp(CrossEntropy(tokens));

    /// <summary>
    /// Samples <paramref name="length"/> tokens, each drawn from the smoothed distribution of the preceding tokens
    /// with <paramref name="generator"/>; the context starts from <paramref name="prompt"/> (after the start symbol),
    /// which is not part of the result.
    /// </summary>
    public long[] Sample(int length, Generator generator, ReadOnlySpan<long> prompt = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Validate(prompt, "NGramModel.Sample");
        long context = Start;
        foreach (long t in prompt) context = Advance(context, (int)t);
        var result = new long[length];
        var p = new double[VocabularySize];
        for (int i = 0; i < length; i++)
        {
            FillDistribution(context, p);
            double u = generator.NextDouble();
            int token = VocabularySize - 1;
            double cumulative = 0;
            for (int w = 0; w < p.Length; w++)
            {
                cumulative += p[w];
                if (u < cumulative) { token = w; break; }
            }
            result[i] = token;
            context = Advance(context, token);
        }
        return result;
    }

    private double Probability(long context, int token) =>
        (_counts.GetValueOrDefault((context, token)) + K) / (_contextCounts.GetValueOrDefault(context) + K * VocabularySize);

    private void FillDistribution(long context, double[] p)
    {
        double denominator = _contextCounts.GetValueOrDefault(context) + K * VocabularySize;
        for (int w = 0; w < p.Length; w++)
            p[w] = (_counts.GetValueOrDefault((context, w)) + K) / denominator;
    }

    // A context key packs the last order − 1 tokens as (id + 1) in 21-bit fields; 0 fields are the start symbol.
    private long Advance(long context, int token) => ((context << Bits) | (token + 1L)) & _contextMask;

    private long Key(ReadOnlySpan<long> context)
    {
        long key = Start;
        foreach (long t in context)
        {
            CheckToken(t, "NGramModel context");
            key = Advance(key, (int)t);
        }
        return key;
    }

    private void Validate(ReadOnlySpan<long> tokens, string op)
    {
        foreach (long t in tokens) CheckToken(t, op);
    }

    private void CheckToken(long token, string op)
    {
        if ((ulong)token >= (ulong)VocabularySize)
            throw new ArgumentOutOfRangeException(nameof(token), $"{op}: token {token} is outside the vocabulary [0, {VocabularySize}).");
    }
}
