using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>e^x.</summary>
internal sealed class Exp : UnaryFunction<Exp>
{
    public override string Name => "Exp";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => y;

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Exp(x, d);
    }
}

/// <summary>Natural logarithm.</summary>
internal sealed class Log : UnaryFunction<Log>
{
    public override string Name => "Log";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => 1.0 / x;

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log(x, d);
    }
}

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
