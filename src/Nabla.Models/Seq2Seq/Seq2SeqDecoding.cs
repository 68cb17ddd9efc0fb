namespace Nabla.Models.Seq2Seq;

/// <summary>
/// Greedy and beam-search decoding of a <see cref="Seq2SeqModel"/>, without gradients. Both return the generated
/// tokens, their log-probability, the length-normalised score and the attention weights over the source (trimmed to
/// each source's real length).
/// </summary>
public static class Seq2SeqDecoding
{
    /// <summary>The default length limit for a source of <paramref name="sourceLength"/> tokens: room for the task's outputs plus slack.</summary>
    public static int DefaultMaxLength(int sourceLength) => sourceLength + 10;

    /// <summary>
    /// Greedy decoding of a batch of sources (N, S) padded with PAD: every row starts from BOS and takes the argmax
    /// until EOS or <paramref name="maxLength"/> tokens (default <see cref="DefaultMaxLength"/>). Scores use
    /// length penalty <paramref name="alpha"/>.
    /// </summary>
    public static List<DecodedSequence> Greedy(Seq2SeqModel model, Tensor source, int? maxLength = null, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (source.Rank != 2) throw new ArgumentException($"Greedy: source must be (N, S), got {source.Shape}.");
        int n = source.Size(0), limit = maxLength ?? DefaultMaxLength(source.Size(1));
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), $"Greedy: max length must be at least 1, got {limit}.");
        var lengths = SourceLengths(source);
        var tokens = new List<int>[n];
        var attention = new List<float[]>[n];
        var logProb = new double[n];
        var ended = new bool[n];
        for (int i = 0; i < n; i++) (tokens[i], attention[i]) = ([], []);
        using (Tensor.NoGrad())
        using (TensorScope.Begin())
        {
            var state = model.Encode(source);
            var input = Tensor.Full([n], DigitVocabulary.Bos, DType.Int64);
            for (int t = 0; t < limit && !ended.All(e => e); t++)
            {
                var step = model.Decode(state, input);
                var logp = step.Logits.LogSoftmax(1);
                var (values, indices) = logp.Max(1);
                var best = indices.ToArray<long>();
                var bestLogp = values.To(DType.Float64).ToArray<double>();
                var weights = step.Attention?.To(DType.Float32).Contiguous().ToArray<float>();
                int s = step.Attention?.Size(1) ?? 0;
                for (int i = 0; i < n; i++)
                {
                    if (ended[i]) continue;
                    logProb[i] += bestLogp[i];
                    if (weights is not null) attention[i].Add(weights.AsSpan(i * s, lengths[i]).ToArray());
                    if (best[i] == DigitVocabulary.Eos) ended[i] = true;
                    else tokens[i].Add((int)best[i]);
                }
                input = indices;
                state = step.State;
            }
        }
        var results = new List<DecodedSequence>(n);
        for (int i = 0; i < n; i++)
        {
            int length = tokens[i].Count + (ended[i] ? 1 : 0);
            results.Add(new DecodedSequence([.. tokens[i]], ended[i], logProb[i], BeamSearch.NormalizedScore(logProb[i], length, alpha),
                model.HasAttention ? Stack(attention[i], lengths[i]) : null));
        }
        return results;
    }

    /// <summary>Greedy decoding as a token tensor (N, T): the generated tokens, then EOS, then PAD up to the longest row.</summary>
    public static Tensor GreedyTokens(Seq2SeqModel model, Tensor source, int? maxLength = null)
    {
        var decoded = Greedy(model, source, maxLength);
        int width = Math.Max(1, decoded.Max(d => d.Tokens.Length + (d.Ended ? 1 : 0)));
        var data = new long[decoded.Count * width];
        for (int i = 0; i < decoded.Count; i++)
        {
            var d = decoded[i];
            for (int j = 0; j < d.Tokens.Length; j++) data[i * width + j] = d.Tokens[j];
            if (d.Ended) data[i * width + d.Tokens.Length] = DigitVocabulary.Eos;
        }
        return Tensor.FromArray(data, decoded.Count, width);
    }

    /// <summary>
    /// Beam search of width <paramref name="beamWidth"/> for one source (its real tokens, no padding), ranking by
    /// log p / length^<paramref name="alpha"/>; returns every finished hypothesis, best first
    /// (see <see cref="BeamSearch.Search{TState}"/>).
    /// </summary>
    public static List<DecodedSequence> Beam(Seq2SeqModel model, int[] source, int beamWidth, double alpha = 1.0, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (source.Length == 0) throw new ArgumentException("Beam: the source is empty.");
        var ids = Tensor.FromArray(source.Select(t => (long)t).ToArray(), 1, source.Length);
        using (Tensor.NoGrad())
        using (var scope = TensorScope.Begin())
        {
            var results = BeamSearch.Search(model.Encode(ids),
                (state, last) =>
                {
                    var step = model.Decode(state, Tensor.FromArray(last.Select(t => (long)t).ToArray(), last.Length));
                    return (step.Logits.LogSoftmax(1), step.State, step.Attention);
                },
                (state, rows) => state.Select(Tensor.FromArray(rows.Select(r => (long)r).ToArray(), rows.Length)),
                beamWidth, maxLength ?? DefaultMaxLength(source.Length), DigitVocabulary.Bos, DigitVocabulary.Eos, alpha);
            foreach (var r in results)
                if (r.Attention is not null) scope.Keep(r.Attention);
            return results;
        }
    }

    /// <summary>Number of real (non-PAD) tokens in each row of <paramref name="source"/> (N, S).</summary>
    public static int[] SourceLengths(Tensor source)
    {
        using var scope = TensorScope.Begin();
        return source.Ne(DigitVocabulary.Pad).Sum(1).To(DType.Int64).ToArray<long>().Select(l => (int)l).ToArray();
    }

    private static Tensor Stack(List<float[]> rows, int width)
    {
        var flat = new float[rows.Count * width];
        for (int i = 0; i < rows.Count; i++) rows[i].CopyTo(flat, i * width);
        return Tensor.FromArray(flat, rows.Count, width);
    }
}
