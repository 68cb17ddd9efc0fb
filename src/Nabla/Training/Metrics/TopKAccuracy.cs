namespace Nabla.Training;

/// <summary>
/// Fraction of examples whose true class is among the <see cref="K"/> highest scores, like
/// <c>keras.metrics.SparseTopKCategoricalAccuracy</c>. Outputs (N, C); targets class indices (N) or one-hot rows (N, C).
/// Ties are resolved in the example's favour: it counts as correct when fewer than K classes score strictly higher.
/// </summary>
public sealed class TopKAccuracy : Metric
{
    private long _correct, _total;
    private int[] _classes = [];

    /// <summary>Creates the metric for the top <paramref name="k"/> classes.</summary>
    public TopKAccuracy(int k = 5, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
        Name = name ?? $"top{k}_accuracy";
    }

    /// <summary>How many of the highest-scoring classes count as a hit.</summary>
    public int K { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override void Reset() => (_correct, _total) = (0, 0);

    /// <inheritdoc/>
    public override void Update(Tensor output, Tensor target)
    {
        var (rows, columns) = RowsColumns(output, "TopKAccuracy");
        if (output.Rank != 2) throw new ArgumentException($"TopKAccuracy: expected outputs of shape (N, C), got {output.Shape}.");
        var classes = TargetClasses(target, rows, columns, "TopKAccuracy", ref _classes);
        var o = HostValues(output);
        for (int i = 0; i < rows; i++)
        {
            int c = classes[i];
            if (c < 0 || c >= columns) throw new ArgumentException($"TopKAccuracy: target class {c} is out of range for {columns} classes.");
            double score = o[i * columns + c];
            int higher = 0;
            for (int j = 0; j < columns; j++)
                if (o[i * columns + j] > score) higher++;
            if (higher < K) _correct++;
        }
        _total += rows;
    }

    /// <inheritdoc/>
    public override double Result() => _total == 0 ? double.NaN : (double)_correct / _total;
}
