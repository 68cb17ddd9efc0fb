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

/// <summary>log(1 + x), accurate for small x (TensorPrimitives.LogP1 is not, so this is a scalar loop).</summary>
internal sealed class Log1p : UnaryFunction<Log1p>
{
    public override string Name => "Log1p";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => 1.0 / (x + 1.0);

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> 
        {
            for (int i = 0; i < x.Length; i++) d[i] = SpecialMath.Log1p(x[i]);
        }
    }
}

/// <summary>e^x − 1, accurate for small x (TensorPrimitives.ExpM1 is not, so this is a scalar loop).</summary>
internal sealed class Expm1 : UnaryFunction<Expm1>
{
    public override string Name => "Expm1";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => y + 1.0;

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> 
        {
            for (int i = 0; i < x.Length; i++) d[i] = SpecialMath.Expm1(x[i]);
        }
    }
}

/// <summary>Square root.</summary>
internal sealed class Sqrt : UnaryFunction<Sqrt>
{
    public override string Name => "Sqrt";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => 0.5 / y;

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sqrt(x, d);
    }
}

/// <summary>1/√x.</summary>
internal sealed class Rsqrt : UnaryFunction<Rsqrt>
{
    public override string Name => "Rsqrt";

    public static Tensor Apply(Tensor x) => Run(x, default(Fn));

    protected override Tensor Derivative(Tensor x, Tensor y) => -0.5 * y * y * y;

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.ReciprocalSqrt(x, d);
    }
}
