using Nabla.Autograd;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Basic indexing with Python semantics, e.g. <c>x[.., 1]</c>, <c>x[0, 1..^1]</c>, <c>x[TensorIndex.Ellipsis, 0]</c>,
    /// <c>x[TensorIndex.NewAxis, TensorIndex.Slice(0, null, 2)]</c>. The result is a view sharing this tensor's storage.
    /// </summary>
    [System.Runtime.CompilerServices.IndexerName("Indexer")]
    public Tensor this[params TensorIndex[] indices] => Index(indices);

    private Tensor Index(TensorIndex[] indices)
    {
        int consumed = 0, ellipses = 0;
        foreach (var i in indices)
        {
            if (i.Kind is TensorIndex.IndexKind.Select or TensorIndex.IndexKind.Slice) consumed++;
            else if (i.Kind == TensorIndex.IndexKind.Ellipsis) ellipses++;
        }
        if (ellipses > 1) throw new ArgumentException("Indexer: an index can only have a single ellipsis.");
        if (consumed > Rank)
            throw new ArgumentException($"Indexer: too many indices for a tensor of shape {Shape}: {consumed} were given.");
        var y = this;
        int dim = 0;
        foreach (var i in indices)
        {
            switch (i.Kind)
            {
                case TensorIndex.IndexKind.Select:
                    y = y.Select(dim, i.Start!.Value);
                    break;
                case TensorIndex.IndexKind.Slice:
                    y = y.Slice(dim, i.Start, i.End, i.Step);
                    dim++;
                    break;
                case TensorIndex.IndexKind.NewAxis:
                    y = y.Unsqueeze(dim);
                    dim++;
                    break;
                default:
                    dim += Rank - consumed;
                    break;
            }
        }
        return ReferenceEquals(y, this) ? Ops.Alias.Apply(this) : y;
    }

    /// <summary>Elements along <paramref name="dim"/> picked by an int64 <paramref name="index"/> of the output's shape, like <c>torch.gather</c>.</summary>
    public Tensor Gather(int dim, Tensor index) => Ops.Gather.Apply(this, dim, index);

    /// <summary>A copy with <paramref name="src"/> elements written at the <paramref name="index"/> positions along <paramref name="dim"/>, like out-of-place <c>torch.scatter</c>.</summary>
    public Tensor Scatter(int dim, Tensor index, Tensor src) => Ops.Scatter.Apply(this, dim, index, src);

    /// <summary>A copy with <paramref name="src"/> elements added at the <paramref name="index"/> positions along <paramref name="dim"/> (duplicates accumulate), like <c>torch.scatter_add</c>.</summary>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src) => Ops.ScatterAdd.Apply(this, dim, index, src);

    /// <summary>The slices of <paramref name="dim"/> listed by a 1-D int64/int32 <paramref name="index"/>, in order (a copy), like <c>torch.index_select</c>.</summary>
    public Tensor IndexSelect(int dim, Tensor index) => Ops.IndexSelect.Apply(this, dim, index);

    /// <summary>A copy with slice k of <paramref name="source"/> added to slice <c>index[k]</c> of <paramref name="dim"/> (repeats accumulate), like <c>torch.index_add</c>.</summary>
    public Tensor IndexAdd(int dim, Tensor index, Tensor source) => Ops.IndexAdd.Apply(this, dim, index, source);

    /// <summary>A copy with <paramref name="value"/> where the bool <paramref name="mask"/> (broadcast to this shape) is true, like <c>torch.masked_fill</c>.</summary>
    public Tensor MaskedFill(Tensor mask, double value) => Ops.MaskedFill.Apply(this, mask, value);

    /// <summary>The elements where the bool <paramref name="mask"/> is true (both broadcast together), as a 1-D tensor in row-major order, like <c>torch.masked_select</c>.</summary>
    public Tensor MaskedSelect(Tensor mask)
    {
        if (mask.DType != DType.Bool)
            throw new ArgumentException($"MaskedSelect: mask must be a Bool tensor, got {mask.DType}.");
        var shape = Kernels.Strided.BroadcastShapes(Dims, mask.Dims, "MaskedSelect");
        var values = mask.Expand(shape).ToArray<bool>();
        var positions = new List<long>();
        for (int i = 0; i < values.Length; i++)
            if (values[i]) positions.Add(i);
        return Expand(shape).Reshape(-1).IndexSelect(0, FromArray(positions.ToArray()));
    }

    /// <summary>
    /// One-hot encoding of int64 class values: shape (..., C) with C = <paramref name="numClasses"/>, or one more than the
    /// largest value when -1, like <c>F.one_hot</c>. The result is int64.
    /// </summary>
    [NonDifferentiable]
    public static Tensor OneHot(Tensor indices, int numClasses = -1)
    {
        if (indices.DType != DType.Int64)
            throw new ArgumentException($"OneHot: class values must be an Int64 tensor, got {indices.DType}.");
        if (numClasses == -1)
        {
            if (indices.NumElements == 0) throw new ArgumentException("OneHot: cannot infer the number of classes of an empty tensor.");
            numClasses = (int)indices.ToArray<long>().Max() + 1;
        }
        if (numClasses < 1) throw new ArgumentException($"OneHot: numClasses must be positive or -1, got {numClasses}.");
        return Kernels.IndexKernel.OneHot(indices, numClasses);
    }
}
