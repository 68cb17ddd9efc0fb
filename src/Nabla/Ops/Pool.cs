using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// 2-D max pooling of x (N, C, H, W). The gradient goes to the position of each window's maximum (the first one
/// on ties, as PyTorch), saved as int32 in-plane indices; the scatter that routes it, <see cref="MaxPool2dBackward"/>,
/// and the gather that forward mode needs, <see cref="MaxPool2dGather"/>, are each other's adjoints, so
/// gradients of any order stay differentiable.
/// </summary>
internal sealed class MaxPool2d : Function
{
    private PoolGeometry _g = null!;
    private Tensor? _indices;

    public override string Name => "MaxPool2d";

    public static Tensor Apply(Tensor x, PoolGeometry g)
    {
        bool tracks = Tracks(x);
        var (y, idx) = PoolKernel.Max(x, g, withIndices: tracks);
        return tracks ? new MaxPool2d { _g = g, _indices = idx }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor grad) => [MaxPool2dBackward.Apply(grad, _indices!, _g)];

    internal override Tensor Jvp(Tensor?[] t) => MaxPool2dGather.Apply(t[0]!, _indices!, _g);

    internal override void Release()
    {
        _indices = null;
        base.Release();
    }
}

/// <summary>Scatters gy (N, C, OH, OW) into a zero (N, C, H, W) at saved in-plane max-pooling indices (adding on overlaps).</summary>
internal sealed class MaxPool2dBackward : Function
{
    private PoolGeometry _g = null!;
    private Tensor _indices = null!;

    public override string Name => "MaxPool2dBackward";

    public static Tensor Apply(Tensor gy, Tensor indices, PoolGeometry g)
    {
        var dx = PoolKernel.MaxScatter(gy, indices, g);
        return Tracks(gy) ? new MaxPool2dBackward { _g = g, _indices = indices }.Record(dx, gy) : dx;
    }

    internal override Tensor?[] Backward(Tensor grad) => [MaxPool2dGather.Apply(grad, _indices, _g)];

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!, _indices, _g);

    internal override void Release()
    {
        _indices = null!;
        base.Release();
    }
}

/// <summary>Reads x (N, C, H, W) at saved in-plane max-pooling indices, giving (N, C, OH, OW): the adjoint of <see cref="MaxPool2dBackward"/>.</summary>
internal sealed class MaxPool2dGather : Function
{
    private PoolGeometry _g = null!;
    private Tensor _indices = null!;

    public override string Name => "MaxPool2dGather";

    public static Tensor Apply(Tensor x, Tensor indices, PoolGeometry g)
    {
        var y = PoolKernel.MaxGather(x, indices, g);
        return Tracks(x) ? new MaxPool2dGather { _g = g, _indices = indices }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor grad) => [MaxPool2dBackward.Apply(grad, _indices, _g)];

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!, _indices, _g);

    internal override void Release()
    {
        _indices = null!;
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
