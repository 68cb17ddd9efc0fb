using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Slices of one dimension picked by a 1-D integer index, as <c>torch.index_select</c> (a copy).</summary>
internal sealed class IndexSelect : Function
{
    private int _dim;
    private Tensor? _index;

    public override string Name => "IndexSelect";

    public static Tensor Apply(Tensor x, int dim, Tensor index)
    {
        int d = Tensor.NormalizeDim(dim, x.Rank, "IndexSelect");
        var values = Indices(x, d, index, "IndexSelect");
        var y = IndexKernel.IndexSelect(x, d, values);
        return Tracks(x) ? new IndexSelect { _dim = d, _index = index }.Record(y, x) : y;
    }

    /// <summary>The checked index values of a 1-D (or 0-d) Int64/Int32 index into dimension <paramref name="dim"/> of <paramref name="x"/>.</summary>
    internal static long[] Indices(Tensor x, int dim, Tensor index, string op)
    {
        if (index.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"{op}: index must be an Int64 or Int32 tensor, got {index.DType}.");
        if (x.Rank == 0)
            throw new ArgumentException($"{op}: input must have at least one dimension, got a 0-d tensor.");
        if (index.Rank > 1)
            throw new ArgumentException($"{op}: index must be 1-D, got shape {index.Shape}.");
        return IndexKernel.Indices(index, x.Dims[dim], dim, allowNegative: false, op);
    }

    internal override Tensor?[] Backward(Tensor g) => [Tensor.ZerosLike(Inputs[0]).IndexAdd(_dim, _index!, g)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.IndexSelect(_dim, _index!);

    internal override void Release()
    {
        _index = null;
        base.Release();
    }
}

/// <summary>
/// Out-of-place <c>torch.index_add</c>: a copy of the input with slice k of the source added to slice <c>index[k]</c>
/// along a dimension; repeated indices accumulate.
/// </summary>
internal sealed class IndexAdd : Function
{
    private int _dim;
    private Tensor? _index;

    public override string Name => "IndexAdd";

    public static Tensor Apply(Tensor self, int dim, Tensor index, Tensor source)
    {
        int d = Tensor.NormalizeDim(dim, self.Rank, "IndexAdd");
        var values = IndexSelect.Indices(self, d, index, "IndexAdd");
        if (source.DType != self.DType)
            throw new ArgumentException($"IndexAdd: source dtype {source.DType} does not match input dtype {self.DType}.");
        var expected = (int[])self.Dims.Clone();
        expected[d] = values.Length;
        if (!source.Dims.AsSpan().SequenceEqual(expected))
            throw new ArgumentException($"IndexAdd: source shape {source.Shape} must be {Shape.Format(expected)} for input shape {self.Shape} and {values.Length} indices along dimension {d}.");
        var y = IndexKernel.IndexAdd(self, d, values, source, "IndexAdd");
        return Tracks(self, source) ? new IndexAdd { _dim = d, _index = index }.Record(y, self, source) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (self, source) = (Inputs[0], Inputs[1]);
        return [self.RequiresGrad ? g : null, source.RequiresGrad ? g.IndexSelect(_dim, _index!).Reshape(source.Dims) : null];
    }

    internal override Tensor Jvp(Tensor?[] t) =>
        (t[0] ?? Tensor.ZerosLike(Inputs[0])).IndexAdd(_dim, _index!, t[1] ?? Tensor.ZerosLike(Inputs[1]));

    internal override void Release()
    {
        _index = null;
        base.Release();
    }
}

/// <summary>A copy of the input with a constant wherever a broadcast bool mask is true, as <c>torch.masked_fill</c>.</summary>
internal sealed class MaskedFill : Function
{
    private Tensor? _mask;

    public override string Name => "MaskedFill";

    public static Tensor Apply(Tensor x, Tensor mask, double value)
    {
        var dense = BroadcastMask(x, mask, "MaskedFill");
        var y = IndexKernel.MaskedFill(x, dense.Buffer<bool>(), dense.Offset, value);
        return Tracks(x) ? new MaskedFill { _mask = mask }.Record(y, x) : y;
    }

    /// <summary>The mask broadcast to the input's shape as a dense bool tensor; errors name the op and both shapes.</summary>
    internal static Tensor BroadcastMask(Tensor x, Tensor mask, string op)
    {
        if (mask.DType != DType.Bool)
            throw new ArgumentException($"{op}: mask must be a Bool tensor, got {mask.DType}.");
        var shape = Strided.BroadcastShapes(x.Dims, mask.Dims, op);
        if (!shape.AsSpan().SequenceEqual(x.Dims))
            throw new ArgumentException($"{op}: mask shape {mask.Shape} cannot be broadcast to input shape {x.Shape}.");
        var view = mask.Borrow(x.Dims, Strided.BroadcastStrides(mask, x.Dims), mask.Offset);
        return view.IsContiguous ? view : view.DenseCopy();
    }

    internal override Tensor?[] Backward(Tensor g) => [g.MaskedFill(_mask!, 0)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.MaskedFill(_mask!, 0);

    internal override void Release()
    {
        _mask = null;
        base.Release();
    }
}
