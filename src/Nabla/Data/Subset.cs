namespace Nabla.Data;

/// <summary>The examples of a dataset at given indices, like <c>torch.utils.data.Subset</c>.</summary>
public sealed class Subset : IDataset
{
    private readonly int[] _indices;

    /// <summary>A view of <paramref name="dataset"/> at <paramref name="indices"/> (copied; each in [0, Count)).</summary>
    public Subset(IDataset dataset, ReadOnlySpan<int> indices)
    {
        foreach (int i in indices)
            if ((uint)i >= (uint)dataset.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Subset: index {i} is out of range for a dataset of {dataset.Count} examples.");
        Dataset = dataset;
        _indices = indices.ToArray();
    }

    /// <summary>The underlying dataset.</summary>
    public IDataset Dataset { get; }

    /// <summary>The indices into <see cref="Dataset"/>.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <inheritdoc/>
    public int Count => _indices.Length;

    /// <inheritdoc/>
    public (Tensor Input, Tensor Target) Get(int index) => Dataset.Get(_indices[index]);

    /// <inheritdoc/>
    public (Tensor Inputs, Tensor Targets) GetBatch(ReadOnlySpan<int> indices)
    {
        var mapped = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++) mapped[i] = _indices[indices[i]];
        return Dataset.GetBatch(mapped);
    }
}
