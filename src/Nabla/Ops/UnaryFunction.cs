using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Base of elementwise ops with parameters (slopes, bounds): the op supplies its kernel and its derivative f'(x) as a tensor
/// expression of x and y, and VJP (g·f') and JVP (t·f') follow from that one definition. The node is built by
/// the caller so it can carry the parameters its derivative needs.
/// </summary>
internal abstract class PointwiseFunction : Function
{
    private Tensor? _y;

    /// <summary>The op's output.</summary>
    protected Tensor Y => _y!;

    /// <summary>dy/dx as a tensor expression of x and y.</summary>
    protected abstract Tensor Derivative(Tensor x, Tensor y);

    internal override Tensor?[] Backward(Tensor g) => [g * Derivative(Inputs[0], Y)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]! * Derivative(Inputs[0], Y);

    internal override void Release()
    {
        base.Release();
        _y = null;
    }

    /// <summary>
    /// False for the activations PyTorch defines on floating-point tensors only (leaky_relu, elu, gelu...): integer
    /// and bool inputs are errors there, where math functions such as exp promote them to float32.
    /// </summary>
    protected virtual bool PromotesIntegers => true;

    /// <summary>Runs the kernel (integers are promoted to float32 or rejected) and records <paramref name="node"/> when needed.</summary>
    protected static Tensor Run<TFn>(Tensor x, TFn fn, PointwiseFunction node) where TFn : struct, IFloatUnaryFn
    {
        if (!x.DType.IsFloatingPoint())
        {
            if (!node.PromotesIntegers)
                throw new ArgumentException($"{node.Name}: expected a floating-point tensor, got {x.DType} with shape {x.Shape}.");
            x = x.To(DType.Float32);
        }
        var y = UnaryKernel.Float(x, fn, node.Name);
        if (!Tracks(x)) return y;
        node._y = y;
        return node.Record(y, x);
    }

    /// <summary>A float mask of <paramref name="condition"/> in the dtype of <paramref name="like"/>.</summary>
    protected static Tensor Mask(Tensor condition, Tensor like) => condition.To(like.DType);
}

/// <summary>A <see cref="PointwiseFunction"/> without parameters, so its node can be created generically.</summary>
internal abstract class UnaryFunction<TSelf> : PointwiseFunction where TSelf : UnaryFunction<TSelf>, new()
{
    /// <summary>Runs the kernel (integer inputs are promoted to float32, as in PyTorch) and records the op.</summary>
    protected static Tensor Run<TFn>(Tensor x, TFn fn) where TFn : struct, IFloatUnaryFn => Run(x, fn, new TSelf());
}
