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
        var y = ReduceKernel.Reduce<SumReduce>(ReductionCommon.Accumulating(x), mask, keepDim, "Sum");
        if (!Tracks(x)) return y;
        var fn = new Sum { _dims = dims.ToArray(), _keepDim = keepDim, _keptShape = ReductionCommon.Kept(x, mask) };
        return fn.Record(y, x);
    }

    internal override Tensor?[] Backward(Tensor g) => [ReductionCommon.Spread(g, _keptShape, Inputs[0].Dims)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Sum(_dims, _keepDim);
}

/// <summary>Arithmetic mean over a set of dimensions (all when none are given); floating-point inputs only.</summary>
internal sealed class Mean : Function
{
    private int[] _dims = [];
    private bool _keepDim;
    private int[] _keptShape = [];
    private int _count;

    public override string Name => "Mean";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, bool keepDim)
    {
        var mask = ReduceKernel.DimMask(dims, x.Rank, "Mean");
        ReductionCommon.RequireFloat(x, "Mean");
        var y = ReduceKernel.Reduce<SumReduce>(x, mask, keepDim, "Mean");
        int count = ReduceKernel.ReducedCount(x.Dims, mask);
        // Over an empty extent the zero sum times 1/0 = inf gives NaN, as in PyTorch.
        ReductionCommon.ScaleInPlace(y, 1.0 / count);
        if (!Tracks(x)) return y;
        var fn = new Mean { _dims = dims.ToArray(), _keepDim = keepDim, _keptShape = ReductionCommon.Kept(x, mask), _count = count };
        return fn.Record(y, x);
    }

    internal override Tensor?[] Backward(Tensor g) => [ReductionCommon.Spread(g, _keptShape, Inputs[0].Dims) / _count];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Mean(_dims, _keepDim);
}
