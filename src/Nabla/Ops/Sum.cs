using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Sum over a set of dimensions (all when none are given), optionally keeping them as size 1.</summary>
internal sealed class Sum : Function
{
    private int[] _dims = [];
    private bool _keepDim;
    private int[] _keptShape = [];

    public override string Name => "Sum";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, bool keepDim)
    {
        var mask = ReduceKernel.DimMask(dims, x.Rank, "Sum");
        var source = x.DType == DType.Bool ? x.To(DType.Int64) : x;
        var y = ReduceKernel.Reduce<SumReduce>(source, mask, keepDim, "Sum");
        if (!Tracks(x)) return y;
        var fn = new Sum { _dims = dims.ToArray(), _keepDim = keepDim, _keptShape = ReduceKernel.OutputShape(x.Dims, mask, keepDim: true) };
        return fn.Record(y, x);
    }

    internal override Tensor?[] Backward(Tensor g) => [g.Reshape(_keptShape).Expand(Inputs[0].Dims)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Sum(_dims, _keepDim);
}
