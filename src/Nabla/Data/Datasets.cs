namespace Nabla.Data;

/// <summary>Dataset utilities from <c>torch.utils.data</c>.</summary>
public static class Datasets
{
    /// <summary>
    /// Splits <paramref name="dataset"/> into non-overlapping random subsets of the given lengths, which must sum to
    /// its size, like <c>torch.utils.data.random_split</c>: one random permutation, cut into consecutive pieces.
    /// </summary>
    public static Subset[] RandomSplit(IDataset dataset, int[] lengths, Generator? generator = null)
    {
        long total = 0;
        foreach (int l in lengths)
        {
            if (l < 0) throw new ArgumentException($"RandomSplit: lengths [{string.Join(", ", lengths)}] contain a negative length.");
            total += l;
        }
        if (total != dataset.Count)
            throw new ArgumentException($"RandomSplit: lengths [{string.Join(", ", lengths)}] sum to {total}, not the dataset size {dataset.Count}.");
        var perm = Permutation(dataset.Count, generator ?? Generator.Default);
        var result = new Subset[lengths.Length];
        int offset = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            result[i] = new Subset(dataset, perm.AsSpan(offset, lengths[i]));
            offset += lengths[i];
        }
        return result;
    }

    /// <summary>
    /// Splits by fractions summing to 1, like <c>random_split</c> given fractions: each piece gets
    /// floor(N · fraction) examples and the remainder is dealt one at a time to the pieces in order.
    /// </summary>
    public static Subset[] RandomSplit(IDataset dataset, double[] fractions, Generator? generator = null)
    {
        double sum = 0;
        foreach (double f in fractions)
        {
            if (!(f >= 0 && f <= 1)) throw new ArgumentException($"RandomSplit: fraction {f} is not in [0, 1].");
            sum += f;
        }
        if (Math.Abs(sum - 1) > 1e-9)
            throw new ArgumentException($"RandomSplit: fractions [{string.Join(", ", fractions)}] sum to {sum}, not 1.");
        var lengths = new int[fractions.Length];
        int assigned = 0;
        for (int i = 0; i < fractions.Length; i++) assigned += lengths[i] = (int)Math.Floor(dataset.Count * fractions[i]);
        for (int i = 0; assigned < dataset.Count; i = (i + 1) % lengths.Length, assigned++) lengths[i]++;
        return RandomSplit(dataset, lengths, generator);
    }

    /// <summary>A uniformly random permutation of 0 … <paramref name="n"/>−1 (Fisher–Yates).</summary>
    internal static int[] Permutation(int n, Generator generator)
    {
        var perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        lock (generator)
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)generator.NextInt64(0, i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
        return perm;
    }
}
