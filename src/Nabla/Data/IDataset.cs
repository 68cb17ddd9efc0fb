namespace Nabla.Data;

/// <summary>
/// A map-style dataset of (input, target) examples, like <c>torch.utils.data.Dataset</c>. Batches are fetched in one
/// call so in-memory datasets can gather them with a single copy instead of stacking examples one by one.
/// </summary>
public interface IDataset
{
    /// <summary>Number of examples.</summary>
    int Count { get; }

    /// <summary>The example at <paramref name="index"/>.</summary>
    (Tensor Input, Tensor Target) Get(int index);

    /// <summary>The examples at <paramref name="indices"/>, stacked along a new first dimension.</summary>
    (Tensor Inputs, Tensor Targets) GetBatch(ReadOnlySpan<int> indices)
    {
        var inputs = new Tensor[indices.Length];
        var targets = new Tensor[indices.Length];
        for (int i = 0; i < indices.Length; i++) (inputs[i], targets[i]) = Get(indices[i]);
        return (Tensor.Stack(inputs), Tensor.Stack(targets));
    }
}
