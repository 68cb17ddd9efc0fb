namespace Nabla.Data;

/// <summary>
/// A dataset whose inputs pass through a batch transform (see <see cref="Transforms"/>) each time they are fetched;
/// targets are unchanged. Single examples are transformed as batches of one.
/// </summary>
public sealed class TransformedDataset : IDataset
{
    /// <summary>Wraps <paramref name="dataset"/>, applying <paramref name="transform"/> to input batches (N, ...).</summary>
    public TransformedDataset(IDataset dataset, Func<Tensor, Tensor> transform) => (Dataset, Transform) = (dataset, transform);

    /// <summary>The underlying dataset.</summary>
    public IDataset Dataset { get; }

    /// <summary>The transform applied to input batches.</summary>
    public Func<Tensor, Tensor> Transform { get; }

    /// <inheritdoc/>
    public int Count => Dataset.Count;

    /// <inheritdoc/>
    public (Tensor Input, Tensor Target) Get(int index)
    {
        var (x, y) = Dataset.Get(index);
        return (Transform(x.Unsqueeze(0)).Squeeze(0), y);
    }

    /// <inheritdoc/>
    public (Tensor Inputs, Tensor Targets) GetBatch(ReadOnlySpan<int> indices)
    {
        var (x, y) = Dataset.GetBatch(indices);
        return (Transform(x), y);
    }
}
