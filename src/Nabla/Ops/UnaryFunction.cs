using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Base of elementwise unary ops y = f(x): the op supplies its kernel and its derivative f'(x) as a tensor
/// expression of x and y; VJP (g·f') and JVP (t·f') follow from that one definition.
/// </summary>
internal abstract class UnaryFunction<TSelf> : Function where TSelf : UnaryFunction<TSelf>, new()
{
    private Tensor? _y;

    /// <summary>The op's output, saved for derivatives that are cheaper in terms of y (exp, tanh, sigmoid).</summary>
    protected Tensor Y => _y!;

    /// <summary>dy/dx as a tensor expression; recorded when the backward pass is itself differentiated.</summary>
    protected abstract Tensor Derivative(Tensor x, Tensor y);

    internal override Tensor?[] Backward(Tensor g) => [g * Derivative(Inputs[0], Y)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]! * Derivative(Inputs[0], Y);

    internal override void Release()
    {
        base.Release();
        _y = null;
    }

    /// <summary>Runs the kernel (integer inputs are promoted to float32, as in PyTorch) and records the op.</summary>
    protected static Tensor Run<TFn>(Tensor x, TFn fn) where TFn : struct, IFloatUnaryFn
    {
        if (!x.DType.IsFloatingPoint()) x = x.To(DType.Float32);
        var y = UnaryKernel.Float(x, fn, typeof(TSelf).Name);
        return Function.Tracks(x) ? new TSelf { _y = y }.Record(y, x) : y;
    }
}
