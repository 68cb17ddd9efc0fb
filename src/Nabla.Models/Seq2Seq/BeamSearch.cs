namespace Nabla.Models.Seq2Seq;

/// <summary>
/// One step of a left-to-right model for beam search: given the states of B hypotheses and the token each consumed
/// last, returns log-probabilities of the next token (B, V), the new states, and optionally attention weights (B, S).
/// </summary>
public delegate (Tensor LogProbs, TState State, Tensor? Attention) BeamStep<TState>(TState state, int[] lastTokens);

/// <summary>
/// Beam search (the curriculum's Algorithm 8) over any step function. At each step every one of the k live
/// hypotheses proposes its top-k next tokens; the k² candidates are sorted by total log-probability (ties: earlier
/// hypothesis, then smaller token id); among the best k, those ending in EOS are saved as finished and the others
/// live on. Finished and length-limited hypotheses are ranked by the length-normalised score
/// log p / length^α, length counting every scored token including EOS. Width 1 is greedy decoding.
/// </summary>
public static class BeamSearch
{
    /// <summary>The length-normalised score <paramref name="logProb"/> / <paramref name="length"/>^<paramref name="alpha"/> (α = 0: the plain sum).</summary>
    public static double NormalizedScore(double logProb, int length, double alpha) =>
        length == 0 || alpha == 0 ? logProb : logProb / Math.Pow(length, alpha);

    /// <summary>
    /// Searches from <paramref name="initial"/> (the state of one hypothesis, which first consumes
    /// <paramref name="startToken"/>) for at most <paramref name="maxLength"/> tokens. <paramref name="select"/>
    /// returns the states of the given rows of a batch of states (rows may repeat). With <paramref name="endToken"/>
    /// null, every hypothesis runs to <paramref name="maxLength"/>. Search stops early once no live hypothesis can
    /// still beat the best finished one (its log-probability can only fall, so its best possible score is
    /// log p / maxLength^α). Returns every finished hypothesis, best score first.
    /// </summary>
    public static List<DecodedSequence> Search<TState>(TState initial, BeamStep<TState> step, Func<TState, int[], TState> select,
        int beamWidth, int maxLength, int startToken, int? endToken, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(select);
        if (beamWidth < 1) throw new ArgumentOutOfRangeException(nameof(beamWidth), $"BeamSearch: beam width must be at least 1, got {beamWidth}.");
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), $"BeamSearch: max length must be at least 1, got {maxLength}.");
        if (!(alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(alpha), $"BeamSearch: length penalty alpha must be non-negative, got {alpha}.");

        var alive = new List<Hypothesis> { new([], 0, []) };
        var finished = new List<DecodedSequence>();
        var state = initial;
        int[] last = [startToken];
        var candidates = new List<(double Score, int Row, int Token)>();
        for (int length = 1; length <= maxLength; length++)
        {
            var (logProbs, next, attention) = step(state, last);
            if (logProbs.Rank != 2 || logProbs.Size(0) != alive.Count)
                throw new ArgumentException($"BeamSearch: step returned log-probabilities {logProbs.Shape}, expected ({alive.Count}, V).");
            int v = logProbs.Size(1);
            var lp = logProbs.To(DType.Float64).Contiguous().ToArray<double>();
            var att = attention?.To(DType.Float32).Contiguous().ToArray<float>();
            int sourceLength = attention is null ? 0 : attention.Size(1);

            candidates.Clear();
            for (int b = 0; b < alive.Count; b++)
                foreach (int token in TopK(lp.AsSpan(b * v, v), beamWidth))
                    candidates.Add((alive[b].LogProb + lp[b * v + token], b, token));
            candidates.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : x.Row != y.Row ? x.Row.CompareTo(y.Row) : x.Token.CompareTo(y.Token));

            var survivors = new List<Hypothesis>();
            var rows = new List<int>();
            for (int i = 0; i < Math.Min(beamWidth, candidates.Count); i++)
            {
                var (score, row, token) = candidates[i];
                var parent = alive[row];
                var rowsOfAttention = att is null ? parent.Attention : [.. parent.Attention, att.AsSpan(row * sourceLength, sourceLength).ToArray()];
                if (token == endToken)
                {
                    finished.Add(Finish(parent.Tokens, true, score, length, alpha, rowsOfAttention, sourceLength));
                    continue;
                }
                var tokens = new int[parent.Tokens.Length + 1];
                parent.Tokens.CopyTo(tokens, 0);
                tokens[^1] = token;
                if (length == maxLength) finished.Add(Finish(tokens, false, score, length, alpha, rowsOfAttention, sourceLength));
                else
                {
                    survivors.Add(new Hypothesis(tokens, score, rowsOfAttention));
                    rows.Add(row);
                }
            }
            if (survivors.Count == 0 || CannotImprove(survivors, finished, maxLength, alpha)) break;
            alive = survivors;
            state = select(next, [.. rows]);
            last = survivors.Select(h => h.Tokens[^1]).ToArray();
        }
        // A stable sort keeps the earlier-finished hypothesis first among equal scores.
        return [.. finished.OrderByDescending(f => f.Score)];
    }

    /// <summary>Indices of the <paramref name="k"/> largest values (ties: smaller index first), largest first.</summary>
    private static int[] TopK(ReadOnlySpan<double> values, int k)
    {
        k = Math.Min(k, values.Length);
        var best = new int[k];
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (count == k && !(x > values[best[k - 1]])) continue;
            int j = count < k ? count++ : k - 1;
            while (j > 0 && x > values[best[j - 1]])
            {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
        }
        return best;
    }

    private static bool CannotImprove(List<Hypothesis> alive, List<DecodedSequence> finished, int maxLength, double alpha)
    {
        if (finished.Count == 0) return false;
        double best = finished.Max(f => f.Score);
        return alive.All(h => NormalizedScore(h.LogProb, maxLength, alpha) <= best);
    }

    private static DecodedSequence Finish(int[] tokens, bool ended, double logProb, int length, double alpha, float[][] attention, int sourceLength)
    {
        Tensor? weights = null;
        if (sourceLength > 0)
        {
            var flat = new float[attention.Length * sourceLength];
            for (int i = 0; i < attention.Length; i++) attention[i].CopyTo(flat, i * sourceLength);
            weights = Tensor.FromArray(flat, attention.Length, sourceLength);
        }
        return new DecodedSequence(tokens, ended, logProb, NormalizedScore(logProb, length, alpha), weights);
    }

    private sealed record Hypothesis(int[] Tokens, double LogProb, float[][] Attention);
}
