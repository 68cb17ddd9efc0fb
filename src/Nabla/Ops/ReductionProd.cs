using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Product along one dimension, as <c>torch.prod(x, dim)</c>. The gradient of each element is the product of the
/// others (<see cref="ProdExceptSelf"/>), computed without dividing by x, so one zero gives the others' product at
/// the zero and zero elsewhere, and two or more zeros give an all-zero gradient, exactly as in PyTorch.
/// Products over several dims are chains of single-dim products.
/// </summary>
internal sealed class Prod : Function
{
    private int _dim;
    private bool _keepDim;
    private int[] _keptShape = [];

    public override string Name => "Prod";

    /// <summary>Product over <paramref name="dims"/> (all when empty).</summary>
    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, bool keepDim)
    {
        var mask = ReduceKernel.DimMask(dims, x.Rank, "Prod");
        if (x.Rank == 0) return ApplyDim(x, 0, keepDim);
        if (dims.Length == 0)
        {
            var all = ApplyDim(x.Reshape(-1), 0, keepDim: false);
            return keepDim ? all.Reshape(ReductionCommon.Kept(x, mask)) : all;
        }
        var y = x;
        for (int d = x.Rank - 1; d >= 0; d--)
            if (mask[d]) y = ApplyDim(y, d, keepDim: true);
        return keepDim ? y : y.Reshape(ReduceKernel.OutputShape(x.Dims, mask, keepDim: false));
    }

    /// <summary>Product along one dimension.</summary>
    public static Tensor ApplyDim(Tensor x, int dim, bool keepDim)
    {
        var mask = ReduceKernel.DimMask([dim], x.Rank, "Prod");
        int d = x.Rank == 0 ? 0 : Tensor.NormalizeDim(dim, x.Rank, "Prod");
        var y = ReduceKernel.Reduce<ProdReduce>(ReductionCommon.Accumulating(x), mask, keepDim, "Prod");
        return Tracks(x) ? new Prod { _dim = d, _keepDim = keepDim, _keptShape = ReductionCommon.Kept(x, mask) }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) =>
        [ReductionCommon.Spread(g, _keptShape, Inputs[0].Dims) * ProdExceptSelf.Apply(Inputs[0], _dim)];

    internal override Tensor Jvp(Tensor?[] t) => (t[0]! * ProdExceptSelf.Apply(Inputs[0], _dim)).Sum([_dim], _keepDim);
}

/// <summary>
/// For each element, the product of the other elements along one dimension (prefix times suffix products).
/// Its own derivative, d out_i / d x_j = Π over k ∉ {i, j} of x_k, is again a product of others: of the (n, n)
/// matrix whose row i is x with x_i replaced by 1, masked off the diagonal; that costs n² but is only built when
/// a gradient of a gradient is taken.
/// </summary>
internal sealed class ProdExceptSelf : Function
{
    private int _dim;

    public override string Name => "ProdExceptSelf";

    public static Tensor Apply(Tensor x, int dim)
    {
        var y = ReduceScanKernel.ProdExceptSelf(x, dim, "Prod");
        return Tracks(x) ? new ProdExceptSelf { _dim = dim }.Record(y, x) : y;
    }

    /// <summary>Sizes (before, n, after) of the input around the scanned dim.</summary>
    private (int Before, int N, int After) Split()
    {
        var dims = Inputs[0].Dims;
        var (before, after) = ReduceKernel.Around(dims, _dim);
        return (before, dims.Length == 0 ? 1 : dims[_dim], after);
    }

    /// <summary>P[a, i, j, b] = Π over k ∉ {i, j} of x[a, k, b] for j ≠ i, and the off-diagonal mask.</summary>
    private (Tensor Pairs, Tensor OffDiagonal) PairProducts()
    {
        var x = Inputs[0];
        var (a, n, b) = Split();
        var eye = Tensor.Eye(n, dtype: x.DType).Reshape(1, n, n, 1);
        var off = 1.0 - eye;
        var rows = x.Reshape(a, 1, n, b).Expand(a, n, n, b) * off + eye;
        return (Apply(rows, 2), off);
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (a, n, b) = Split();
        var (pairs, off) = PairProducts();
        return [(g.Reshape(a, n, 1, b) * pairs * off).Sum(1).Reshape(Inputs[0].Dims)];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (a, n, b) = Split();
        var (pairs, off) = PairProducts();
        return (t[0]!.Reshape(a, 1, n, b) * pairs * off).Sum(2).Reshape(Inputs[0].Dims);
    }
}
