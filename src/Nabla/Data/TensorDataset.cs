namespace Nabla.Data;

/// <summary>A dataset over two tensors whose first dimension indexes examples, like <c>torch.utils.data.TensorDataset</c>.</summary>
public sealed class TensorDataset : IDataset
{
    /// <summary>Wraps <paramref name="inputs"/> (N, ...) and <paramref name="targets"/> (N, ...).</summary>
    public TensorDataset(Tensor inputs, Tensor targets)
    {
        if (inputs.Rank == 0 || targets.Rank == 0 || inputs.Dims[0] != targets.Dims[0])
            throw new ArgumentException($"TensorDataset: inputs {inputs.Shape} and targets {targets.Shape} must have the same size in dimension 0.");
        Inputs = inputs.Contiguous();
        Targets = targets.Contiguous();
    }

    /// <summary>All inputs, (N, ...).</summary>
    public Tensor Inputs { get; }

    /// <summary>All targets, (N, ...).</summary>
    public Tensor Targets { get; }

    /// <inheritdoc/>
    public int Count => Inputs.Dims[0];

    /// <inheritdoc/>
    public (Tensor Input, Tensor Target) Get(int index) => (Inputs.Select(0, index), Targets.Select(0, index));

    /// <inheritdoc/>
    public (Tensor Inputs, Tensor Targets) GetBatch(ReadOnlySpan<int> indices)
    {
        var index = Tensor.FromSpan<long>(Array.ConvertAll(indices.ToArray(), i => (long)i), [indices.Length]);
        return (Inputs.IndexSelect(0, index), Targets.IndexSelect(0, index));
    }
}
