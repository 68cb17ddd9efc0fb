using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>A recorded view of the same data: gradient and tangent pass straight through.</summary>
internal sealed class Alias : Function
{
    public override string Name => "Alias";

    public static Tensor Apply(Tensor x)
    {
        var y = x.NewView(x.Dims, x.Strides, x.Offset);
        return Tracks(x) ? new Alias().Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor grad) => [grad];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!;
}

/// <summary>Dense copy (<c>torch.clone</c>, and <see cref="Tensor.Contiguous"/> of a strided view).</summary>
internal sealed class Clone : Function
{
    public override string Name => "Clone";

    public static Tensor Apply(Tensor x)
    {
        var y = x.DenseCopy();
        return Tracks(x) ? new Clone().Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor grad) => [grad];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Clone();
}

/// <summary>
/// Element type conversion. Differentiable between floating-point types (the gradient is cast back); casts to
/// integer or bool types produce tensors outside the graph, as in PyTorch.
/// </summary>
internal sealed class Cast : Function
{
    private DType _from, _to;

    public override string Name => "Cast";

    public static Tensor Apply(Tensor x, DType to)
    {
        var y = CastKernel.Cast(x, to);
        if (!to.IsFloatingPoint() || !Tracks(x)) return y;
        return new Cast { _from = x.DType, _to = to }.Record(y, x);
    }

    internal override Tensor?[] Backward(Tensor grad) => [grad.To(_from)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.To(_to);
}
