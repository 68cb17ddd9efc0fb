namespace Nabla.Models.Text;

/// <summary>
/// Draws negative words from the unigram distribution raised to a power: P(w) = count(w)^p / Σ count^p (p = 0.75 in
/// the paper). Sampling is O(1) per draw with Walker's alias table, exact up to 32-bit resolution, where
/// <c>word2vec.c</c> uses a 1e8-entry lookup table.
/// </summary>
public sealed class Word2VecNegativeSampler
{
    private readonly double[] _probabilities;
    private readonly double[] _accept;
    private readonly int[] _alias;

    /// <summary>Builds the table for <paramref name="counts"/> (index i occurs counts[i] times; zero counts are never drawn).</summary>
    public Word2VecNegativeSampler(IReadOnlyList<long> counts, double power = 0.75)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (!(power > 0)) throw new ArgumentOutOfRangeException(nameof(power), $"Word2VecNegativeSampler: power must be positive, got {power}.");
        int n = counts.Count;
        _probabilities = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            if (counts[i] < 0) throw new ArgumentException($"Word2VecNegativeSampler: count {counts[i]} of index {i} is negative.", nameof(counts));
            _probabilities[i] = Math.Pow(counts[i], power);
            total += _probabilities[i];
        }
        if (!(total > 0)) throw new ArgumentException("Word2VecNegativeSampler: every count is zero.", nameof(counts));
        for (int i = 0; i < n; i++) _probabilities[i] /= total;
        (_accept, _alias) = BuildAlias(_probabilities);
    }

    /// <summary>Number of outcomes (vocabulary size).</summary>
    public int Count => _probabilities.Length;

    /// <summary>P(<paramref name="index"/>).</summary>
    public double Probability(int index) => _probabilities[index];

    /// <summary>One draw using <paramref name="generator"/>.</summary>
    public int Sample(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ulong r = generator.NextUInt64();
        int column = (int)(((r >> 32) * (ulong)_accept.Length) >> 32);
        double u = (uint)r * (1.0 / 4294967296.0);
        return u < _accept[column] ? column : _alias[column];
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with draws, redrawing any equal to <paramref name="exclude"/> (the positive
    /// word, which <c>word2vec.c</c> also never uses as its own negative) up to a few times.
    /// </summary>
    public void Fill(Span<long> destination, Generator generator, long exclude = -1)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            int w = Sample(generator);
            for (int attempt = 0; w == exclude && attempt < 8; attempt++) w = Sample(generator);
            destination[i] = w;
        }
    }

    // Vose's alias method: every column holds its own outcome with probability accept[i], else alias[i].
    private static (double[] Accept, int[] Alias) BuildAlias(double[] p)
    {
        int n = p.Length;
        var accept = new double[n];
        var alias = new int[n];
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            scaled[i] = p[i] * n;
            alias[i] = i;
            (scaled[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            accept[s] = scaled[s];
            alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            (scaled[l] < 1 ? small : large).Push(l);
        }
        // Leftovers are 1 up to rounding.
        while (large.Count > 0) accept[large.Pop()] = 1;
        while (small.Count > 0)
        {
            int s = small.Pop();
            accept[s] = p[s] > 0 ? 1 : 0;
            if (p[s] == 0) alias[s] = FirstPositive(p);
        }
        return (accept, alias);
    }

    private static int FirstPositive(double[] p)
    {
        for (int i = 0; i < p.Length; i++)
            if (p[i] > 0) return i;
        return 0;
    }
}
