using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// 2-D max pooling of x (N, C, H, W). The gradient goes to the position of each window's maximum (the first one
/// on ties, as PyTorch), written as a scatter-add of the upstream gradient at the saved indices so that it is
/// itself differentiable.
/// </summary>
internal sealed class MaxPool2d : Function
{
    private PoolGeometry _g = null!;
    private Tensor? _indices;

    public override string Name => "MaxPool2d";

    public static Tensor Apply(Tensor x, PoolGeometry g)
    {
        var (y, idx) = PoolKernel.Max(x, g);
        int[] dims = [x.Dims[0], x.Dims[1], g.OH, g.OW];
        y = y.MoveToShape(dims);
        return Tracks(x) ? new MaxPool2d { _g = g, _indices = idx }.Record(y, x) : y;
    }

    private Tensor FlatIndices => _indices!.View(_g.Planes, _g.OH * _g.OW);

    internal override Tensor?[] Backward(Tensor grad)
    {
        var x = Inputs[0];
        var flat = Tensor.Zeros([_g.Planes, _g.H * _g.W], x.DType)
            .ScatterAdd(1, FlatIndices, grad.Reshape(_g.Planes, _g.OH * _g.OW));
        return [flat.View(x.Dims)];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var x = Inputs[0];
        return t[0]!.Reshape(_g.Planes, _g.H * _g.W).Gather(1, FlatIndices).View(x.Dims[0], x.Dims[1], _g.OH, _g.OW);
    }

    internal override void Release()
    {
        _indices = null;
        base.Release();
    }
}

/// <summary>
/// 2-D average pooling of x (N, C, H, W) over the separable windows of a <see cref="PoolGeometry"/> (plain and
/// adaptive average pooling alike). Linear, so its gradient is its adjoint <see cref="AvgPool2dBackward"/>.
/// </summary>
internal sealed class AvgPool2d : Function
{
    private PoolGeometry _g = null!;

    public override string Name => "AvgPool2d";

    public static Tensor Apply(Tensor x, PoolGeometry g)
    {
        var y = PoolKernel.Avg(x, g).MoveToShape([x.Dims[0], x.Dims[1], g.OH, g.OW]);
        return Tracks(x) ? new AvgPool2d { _g = g }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor grad) => [AvgPool2dBackward.Apply(grad, _g)];

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!, _g);
}

/// <summary>The adjoint of <see cref="AvgPool2d"/>: (N, C, OH, OW) → (N, C, H, W), each value spread evenly over its window.</summary>
internal sealed class AvgPool2dBackward : Function
{
    private PoolGeometry _g = null!;

    public override string Name => "AvgPool2dBackward";

    public static Tensor Apply(Tensor gy, PoolGeometry g)
    {
        var dx = PoolKernel.AvgAdjoint(gy, g).MoveToShape([gy.Dims[0], gy.Dims[1], g.H, g.W]);
        return Tracks(gy) ? new AvgPool2dBackward { _g = g }.Record(dx, gy) : dx;
    }

    internal override Tensor?[] Backward(Tensor grad) => [AvgPool2d.Apply(grad, _g)];

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!, _g);
}
