using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// 2-D convolution (cross-correlation, as PyTorch) of x (N, C, H, W) with w (O, C/groups, KH, KW) plus an
/// optional bias (O). The three bilinear products of a convolution — this one, <see cref="ConvTranspose2d"/> and
/// <see cref="Conv2dWeightGrad"/> — are each other's adjoints, so every gradient is again one of them and
/// backward passes stay differentiable.
/// </summary>
internal sealed class Conv2d : Function
{
    private ConvGeometry _g;

    public override string Name => "Conv2d";

    public static Tensor Apply(Tensor x, Tensor w, Tensor? bias, ConvGeometry g)
    {
        var y = ConvKernel.Forward(x, w, bias, g);
        if (bias is null) return Tracks(x, w) ? new Conv2d { _g = g }.Record(y, x, w) : y;
        return Tracks([x, w, bias]) ? new Conv2d { _g = g }.Record(y, x, w, bias) : y;
    }

    internal override Tensor?[] Backward(Tensor grad)
    {
        var (x, w) = (Inputs[0], Inputs[1]);
        var result = new Tensor?[Inputs.Length];
        if (x.RequiresGrad) result[0] = ConvTranspose2d.Apply(grad, w, _g);
        if (w.RequiresGrad) result[1] = Conv2dWeightGrad.Apply(x, grad, _g);
        if (Inputs.Length == 3 && Inputs[2].RequiresGrad) result[2] = Conv2dBiasGrad.Apply(grad);
        return result;
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (x, w) = (Inputs[0], Inputs[1]);
        var dy = BinaryOps.AddTangents(t[0] is null ? null : Apply(t[0]!, w, null, _g), t[1] is null ? null : Apply(x, t[1]!, null, _g));
        if (t.Length == 3 && t[2] is not null) dy = BinaryOps.AddTangents(dy, t[2]!.View(1, _g.O, 1, 1).Expand(_g.OutputDims));
        return dy ?? Tensor.Zeros(_g.OutputDims, x.DType);
    }
}

/// <summary>
/// The adjoint of <see cref="Conv2d"/> in its input: maps gy (N, O, OH, OW) and w (O, C/groups, KH, KW) to
/// (N, C, H, W) by GEMM and col2im. It is the gradient of a convolution's input and the transposed convolution.
/// </summary>
internal sealed class ConvTranspose2d : Function
{
    private ConvGeometry _g;

    public override string Name => "ConvTranspose2d";

    public static Tensor Apply(Tensor gy, Tensor w, ConvGeometry g)
    {
        g = g.WithBatch(gy.Dims[0]);
        var dx = ConvKernel.Transposed(gy, w, g);
        return Tracks(gy, w) ? new ConvTranspose2d { _g = g }.Record(dx, gy, w) : dx;
    }

    internal override Tensor?[] Backward(Tensor grad)
    {
        var (gy, w) = (Inputs[0], Inputs[1]);
        return
        [
            gy.RequiresGrad ? Conv2d.Apply(grad, w, null, _g) : null,
            w.RequiresGrad ? Conv2dWeightGrad.Apply(grad, gy, _g) : null,
        ];
    }

    internal override Tensor Jvp(Tensor?[] t) =>
        BinaryOps.AddTangents(t[0] is null ? null : Apply(t[0]!, Inputs[1], _g), t[1] is null ? null : Apply(Inputs[0], t[1]!, _g))
        ?? Tensor.Zeros(_g.InputDims, Inputs[0].DType);
}

/// <summary>
/// The adjoint of <see cref="Conv2d"/> in its weight: maps x (N, C, H, W) and gy (N, O, OH, OW) to
/// (O, C/groups, KH, KW) = Σₙ gyₙ · im2col(xₙ)ᵀ. It is the gradient of a convolution's weight.
/// </summary>
internal sealed class Conv2dWeightGrad : Function
{
    private ConvGeometry _g;

    public override string Name => "Conv2dWeightGrad";

    public static Tensor Apply(Tensor x, Tensor gy, ConvGeometry g)
    {
        g = g.WithBatch(x.Dims[0]);
        var dw = ConvKernel.WeightGrad(x, gy, g);
        return Tracks(x, gy) ? new Conv2dWeightGrad { _g = g }.Record(dw, x, gy) : dw;
    }

    internal override Tensor?[] Backward(Tensor grad)
    {
        var (x, gy) = (Inputs[0], Inputs[1]);
        return
        [
            x.RequiresGrad ? ConvTranspose2d.Apply(gy, grad, _g) : null,
            gy.RequiresGrad ? Conv2d.Apply(x, grad, null, _g) : null,
        ];
    }

    internal override Tensor Jvp(Tensor?[] t) =>
        BinaryOps.AddTangents(t[0] is null ? null : Apply(t[0]!, Inputs[1], _g), t[1] is null ? null : Apply(Inputs[0], t[1]!, _g))
        ?? Tensor.Zeros(_g.WeightDims, Inputs[0].DType);
}

/// <summary>
/// The gradient of a convolution's bias: gy (N, O, OH, OW) summed to (O) in one pass per channel. Linear; its
/// adjoint is the broadcast of a per-channel value back over the batch and positions.
/// </summary>
internal sealed class Conv2dBiasGrad : Function
{
    public override string Name => "Conv2dBiasGrad";

    public static Tensor Apply(Tensor gy)
    {
        var db = ConvKernel.BiasGrad(gy);
        return Tracks(gy) ? new Conv2dBiasGrad().Record(db, gy) : db;
    }

    internal override Tensor?[] Backward(Tensor grad) => [grad.View(1, grad.Dims[0], 1, 1).Expand(Inputs[0].Dims)];

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!);
}
