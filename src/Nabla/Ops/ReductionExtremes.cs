using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Shared state of amax and amin over a set of dims: the gradient is shared evenly among the elements equal to the
/// result (ties), as PyTorch's amax/amin and full max/min do.
/// </summary>
internal abstract class ExtremeReduction : Function
{
    private int[] _dims = [];
    private bool[] _mask = [];
    private bool _keepDim;
    private int[] _keptShape = [];
    private Tensor? _output;
    private Tensor? _weights;

    /// <summary>Runs <typeparamref name="TOp"/> and records <typeparamref name="TSelf"/> when needed.</summary>
    private protected static Tensor Run<TSelf, TOp>(Tensor x, ReadOnlySpan<int> dims, bool keepDim, string op)
        where TSelf : ExtremeReduction, new() where TOp : IReduceOp
    {
        var mask = ReduceKernel.DimMask(dims, x.Rank, op);
        ReduceKernel.RequireNonEmpty(x, mask, op);
        var y = ReduceKernel.Reduce<TOp>(x, mask, keepDim, op);
        if (!Tracks(x)) return y;
        var fn = new TSelf { _dims = dims.ToArray(), _mask = mask, _keepDim = keepDim, _keptShape = ReductionCommon.Kept(x, mask), _output = y };
        return fn.Record(y, x);
    }

    private Tensor Weights => _weights ??= Persistent(() => ReduceIndexKernel.TieWeights(Inputs[0], _output!, _mask));

    internal override Tensor?[] Backward(Tensor g) => [ReductionCommon.Spread(g, _keptShape, Inputs[0].Dims) * Weights];

    internal override Tensor Jvp(Tensor?[] t) => (t[0]! * Weights).Sum(_dims, _keepDim);

    internal override void Release()
    {
        base.Release();
        _output = null;
        _weights = null;
    }
}

/// <summary>Maximum over a set of dims, as <c>torch.amax</c> (and <c>torch.max(x)</c> over all elements).</summary>
internal sealed class Amax : ExtremeReduction
{
    public override string Name => "Amax";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, bool keepDim, string op = "Amax") => Run<Amax, MaxReduce>(x, dims, keepDim, op);
}

/// <summary>Minimum over a set of dims, as <c>torch.amin</c> (and <c>torch.min(x)</c> over all elements).</summary>
internal sealed class Amin : ExtremeReduction
{
    public override string Name => "Amin";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, bool keepDim, string op = "Amin") => Run<Amin, MinReduce>(x, dims, keepDim, op);
}

/// <summary>
/// Shared state of max and min along one dim with indices: the gradient goes to the chosen (first) index only,
/// as in <c>torch.max(x, dim)</c>.
/// </summary>
internal abstract class IndexedExtreme : Function
{
    private int _dim;
    private bool _keepDim;
    private int[] _keptShape = [];
    private Tensor? _indices;
    private Tensor? _selection;

    /// <summary>Runs the arg-reduction and records <typeparamref name="TSelf"/> on the values when needed.</summary>
    private protected static (Tensor Values, Tensor Indices) Run<TSelf>(Tensor x, int dim, bool keepDim, bool max, string op)
        where TSelf : IndexedExtreme, new()
    {
        var (values, indices) = ReduceIndexKernel.ArgExtreme(x, dim, keepDim, max, wantValues: true, op);
        var y = values!;
        if (!Tracks(x)) return (y, indices);
        var mask = ReduceKernel.DimMask([dim], x.Rank, op);
        int d = x.Rank == 0 ? 0 : Tensor.NormalizeDim(dim, x.Rank, op);
        var fn = new TSelf { _dim = d, _keepDim = keepDim, _keptShape = ReductionCommon.Kept(x, mask), _indices = indices };
        return (fn.Record(y, x), indices);
    }

    private Tensor Selection => _selection ??= Persistent(() => ReduceIndexKernel.OneHot(_indices!, Inputs[0].Dims, _dim, Inputs[0].DType));

    internal override Tensor?[] Backward(Tensor g) => [ReductionCommon.Spread(g, _keptShape, Inputs[0].Dims) * Selection];

    internal override Tensor Jvp(Tensor?[] t) => (t[0]! * Selection).Sum([_dim], _keepDim);

    internal override void Release()
    {
        base.Release();
        _indices = null;
        _selection = null;
    }
}

/// <summary>Maximum along one dim with the index of its first occurrence, as <c>torch.max(x, dim)</c>.</summary>
internal sealed class Max : IndexedExtreme
{
    public override string Name => "Max";

    public static (Tensor Values, Tensor Indices) Apply(Tensor x, int dim, bool keepDim) => Run<Max>(x, dim, keepDim, max: true, "Max");
}

/// <summary>Minimum along one dim with the index of its first occurrence, as <c>torch.min(x, dim)</c>.</summary>
internal sealed class Min : IndexedExtreme
{
    public override string Name => "Min";

    public static (Tensor Values, Tensor Indices) Apply(Tensor x, int dim, bool keepDim) => Run<Min>(x, dim, keepDim, max: false, "Min");
}

/// <summary>
/// log Σ exp(x) over a set of dims, computed stably by shifting with the max, as <c>torch.logsumexp</c>. Its
/// gradient is the softmax exp(x − y) over the reduced dims.
/// </summary>
internal sealed class LogSumExp : Function
{
    private int[] _dims = [];
    private bool _keepDim;
    private int[] _keptShape = [];
    private Tensor? _output;

    public override string Name => "LogSumExp";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, bool keepDim)
    {
        var mask = ReduceKernel.DimMask(dims, x.Rank, "LogSumExp");
        if (!x.DType.IsFloatingPoint()) x = x.To(DType.Float32);
        var y = ReduceStatsKernel.LogSumExp(x, mask, keepDim, "LogSumExp");
        if (!Tracks(x)) return y;
        var fn = new LogSumExp { _dims = dims.ToArray(), _keepDim = keepDim, _keptShape = ReductionCommon.Kept(x, mask), _output = y };
        return fn.Record(y, x);
    }

    private Tensor Softmax() => (Inputs[0] - _output!.Reshape(_keptShape)).Exp();

    internal override Tensor?[] Backward(Tensor g) => [ReductionCommon.Spread(g, _keptShape, Inputs[0].Dims) * Softmax()];

    internal override Tensor Jvp(Tensor?[] t) => (t[0]! * Softmax()).Sum(_dims, _keepDim);

    internal override void Release()
    {
        base.Release();
        _output = null;
    }
}
