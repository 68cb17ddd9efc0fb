using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Running sum along one dim, as <c>torch.cumsum</c> (integer and bool inputs accumulate in int64). The VJP is the
/// running sum taken from the other end, so the op carries a direction flag.
/// </summary>
internal sealed class Cumsum : Function
{
    private int _dim;
    private bool _reverse;

    public override string Name => "Cumsum";

    public static Tensor Apply(Tensor x, int dim, bool reverse)
    {
        int d = Tensor.NormalizeDim(dim, x.Rank, "Cumsum");
        if (x.Rank == 0) d = 0;
        var y = ReduceScanKernel.Cumsum(ReductionCommon.Accumulating(x), d, reverse, "Cumsum");
        return Tracks(x) ? new Cumsum { _dim = d, _reverse = reverse }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [Apply(g, _dim, !_reverse)];

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!, _dim, _reverse);
}
