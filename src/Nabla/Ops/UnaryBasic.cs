using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Absolute value; integers keep their dtype (and, as in PyTorch, the minimum value wraps to itself).</summary>
internal sealed class Abs : UnaryFunction<Abs>
{
    public override string Name => "Abs";

    public static Tensor Apply(Tensor x) =>
        x.DType.IsFloatingPoint() ? Run(x, default(Fn)) : UnaryKernel.Numeric(x, default(IntFn), "Abs");

    protected override Tensor Derivative(Tensor x, Tensor y) => x.Sign();

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Abs(x, d);
    }

    // TensorPrimitives.Abs throws on int.MinValue; PyTorch wraps, so integers get a plain loop.
    private readonly struct IntFn : INumericUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, INumber<T>
        {
            for (int i = 0; i < x.Length; i++) d[i] = x[i] < T.Zero ? -x[i] : x[i];
        }
    }
}

/// <summary>
/// −1, 0 or 1 by the sign of each element (NaN gives 0, as in PyTorch 1.13). Its gradient is zero everywhere, so
/// it stays in the graph like PyTorch's <c>sign</c> instead of cutting it.
/// </summary>
internal sealed class Sign : UnaryFunction<Sign>
{
    public override string Name => "Sign";

    public static Tensor Apply(Tensor x) =>
        x.DType.IsFloatingPoint() ? Run(x, default(Fn))
        : x.DType == DType.Bool ? x.Clone()
        : UnaryKernel.Numeric(x, default(Fn), "Sign");

    protected override Tensor Derivative(Tensor x, Tensor y) => Tensor.ZerosLike(x);

    private readonly struct Fn : IFloatUnaryFn, INumericUnaryFn
    {
        void IFloatUnaryFn.Apply<T>(ReadOnlySpan<T> x, Span<T> d) => Signs(x, d);

        void INumericUnaryFn.Apply<T>(ReadOnlySpan<T> x, Span<T> d) => Signs(x, d);

        private static void Signs<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, INumber<T>
        {
            for (int i = 0; i < x.Length; i++)
                d[i] = x[i] > T.Zero ? T.One : x[i] < T.Zero ? -T.One : T.Zero;
        }
    }
}

/// <summary>1/x (integers are promoted to float32).</summary>
internal sealed class Reciprocal : UnaryFunction<Reciprocal>
{
    public override string Name => "Reciprocal";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => -(y * y);

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Reciprocal(x, d);
    }
}

/// <summary>x²; integers keep their dtype and bools give int64, as in PyTorch.</summary>
internal sealed class Square : UnaryFunction<Square>
{
    public override string Name => "Square";

    public static Tensor Apply(Tensor x) =>
        x.DType.IsFloatingPoint() ? Run(x, default(Fn)) : UnaryKernel.Numeric(x.DType == DType.Bool ? x.To(DType.Int64) : x, default(Fn), "Square");

    protected override Tensor Derivative(Tensor x, Tensor y) => 2.0 * x;

    private readonly struct Fn : IFloatUnaryFn, INumericUnaryFn
    {
        void IFloatUnaryFn.Apply<T>(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Multiply(x, x, d);

        void INumericUnaryFn.Apply<T>(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Multiply(x, x, d);
    }
}
