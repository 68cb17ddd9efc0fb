using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Sine.</summary>
internal sealed class Sin : UnaryFunction<Sin>
{
    public override string Name => "Sin";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => x.Cos();

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sin(x, d);
    }
}

/// <summary>Cosine.</summary>
internal sealed class Cos : UnaryFunction<Cos>
{
    public override string Name => "Cos";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => -x.Sin();

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Cos(x, d);
    }
}

/// <summary>Tangent.</summary>
internal sealed class Tan : UnaryFunction<Tan>
{
    public override string Name => "Tan";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => y * y + 1.0;

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tan(x, d);
    }
}

/// <summary>Hyperbolic tangent.</summary>
internal sealed class Tanh : UnaryFunction<Tanh>
{
    public override string Name => "Tanh";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => 1.0 - y * y;

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tanh(x, d);
    }
}

/// <summary>Logistic sigmoid 1/(1 + e^−x).</summary>
internal sealed class Sigmoid : UnaryFunction<Sigmoid>
{
    public override string Name => "Sigmoid";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => y * (1.0 - y);

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sigmoid(x, d);
    }
}

/// <summary>Error function, with derivative (2/√π)·e^(−x²).</summary>
internal sealed class Erf : UnaryFunction<Erf>
{
    public override string Name => "Erf";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => (x * x * -1.0).Exp() * 1.1283791670955126;

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => ActivationKernels.Erf(x, d);
    }
}
