using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Shared state of variance and standard deviation: Σ(x − mean)² / (n − correction) over a set of dims, whose
/// derivative with respect to x is 2(x − mean) / (n − correction) (the mean's own dependence cancels out). As in
/// PyTorch, only the forward clamps n − correction at 0: the derivatives divide by it as it is, so where it is negative
/// (more correction than elements) they are finite rather than NaN.
/// </summary>
internal abstract class VarianceFunction : Function
{
    private protected int[] ReduceDims = [];
    private protected bool KeepDim;
    private protected int[] KeptShape = [];
    private protected double Divisor;
    private protected Tensor? Output;

    /// <summary>Runs the kernel and records <typeparamref name="TSelf"/> when needed.</summary>
    private protected static Tensor Run<TSelf>(Tensor x, ReadOnlySpan<int> dims, double correction, bool keepDim, bool sqrt, string op)
        where TSelf : VarianceFunction, new()
    {
        var mask = ReduceKernel.DimMask(dims, x.Rank, op);
        ReductionCommon.RequireFloat(x, op);
        var y = ReduceStatsKernel.Variance(x, mask, correction, keepDim, sqrt, op);
        if (!Tracks(x)) return y;
        var fn = new TSelf
        {
            ReduceDims = dims.ToArray(),
            KeepDim = keepDim,
            KeptShape = ReductionCommon.Kept(x, mask),
            Divisor = ReduceKernel.ReducedCount(x.Dims, mask) - correction,
            Output = y,
        };
        return fn.Record(y, x);
    }

    /// <summary>x − mean(x) over the reduced dims, differentiable so that backward can be differentiated again.</summary>
    private protected Tensor Centered(Tensor x) => x - x.Mean(ReduceDims, keepDim: true);

    /// <summary>The reduced dims' sum of centered x times the tangent: n − correction times the variance's JVP over 2.</summary>
    private protected Tensor CenteredDot(Tensor t) => (Centered(Inputs[0]) * t).Sum(ReduceDims, KeepDim);

    internal override void Release()
    {
        base.Release();
        Output = null;
    }
}

/// <summary>Variance over a set of dims with Bessel-style <c>correction</c> (1 = unbiased), as <c>torch.var</c>.</summary>
internal sealed class Var : VarianceFunction
{
    public override string Name => "Var";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, double correction, bool keepDim) =>
        Run<Var>(x, dims, correction, keepDim, sqrt: false, "Var");

    internal override Tensor?[] Backward(Tensor g) =>
        [ReductionCommon.Spread(g, KeptShape, Inputs[0].Dims) * Centered(Inputs[0]) * (2 / Divisor)];

    // The factor goes in before the sum, as in PyTorch, so that n − correction = 0 gives NaN, not ±infinity.
    internal override Tensor Jvp(Tensor?[] t) => (Centered(Inputs[0]) * t[0]! * (2 / Divisor)).Sum(ReduceDims, KeepDim);
}

/// <summary>Standard deviation over a set of dims with <c>correction</c>, as <c>torch.std</c>.</summary>
internal sealed class Std : VarianceFunction
{
    public override string Name => "Std";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, double correction, bool keepDim) =>
        Run<Std>(x, dims, correction, keepDim, sqrt: true, "Std");

    internal override Tensor?[] Backward(Tensor g) =>
        [ReductionCommon.Spread(ZeroWhereStdIsZero(g / Output!), KeptShape, Inputs[0].Dims) * Centered(Inputs[0]) / Divisor];

    internal override Tensor Jvp(Tensor?[] t) => ZeroWhereStdIsZero(CenteredDot(t[0]!) / (Output! * Divisor));

    /// <summary>
    /// √ has no derivative at 0, where every centered value is 0 too and the chain rule's 0/0 gives NaN; PyTorch
    /// takes 0 there (a constant's std changes by 0 to first order along most directions), and so do both modes.
    /// A std that is NaN (n ≤ correction) keeps its NaN derivative.
    /// </summary>
    private Tensor ZeroWhereStdIsZero(Tensor d) => Tensor.Where(Output!.Eq(0), 0.0, d);
}
