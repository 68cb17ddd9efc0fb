using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Gaussian error linear unit x·Φ(x), exact (erf) or with the tanh approximation.</summary>
internal sealed class Gelu : PointwiseFunction
{
    private const double SqrtTwoOverPi = 0.7978845608028654;
    private const double Cubic = 0.044715;
    private const double InvSqrtTwoPi = 0.3989422804014327;
    private bool _tanh;

    public override string Name => "Gelu";

    protected override bool PromotesIntegers => false;

    public static Tensor Apply(Tensor x, string approximate)
    {
        bool tanh = approximate switch
        {
            "none" => false,
            "tanh" => true,
            _ => throw new ArgumentException($"Gelu: approximate must be \"none\" or \"tanh\", got \"{approximate}\".", nameof(approximate)),
        };
        var node = new Gelu { _tanh = tanh };
        return tanh ? Run(x, default(TanhFn), node) : Run(x, default(ErfFn), node);
    }

    /// <summary>
    /// The exact form's gradient in one fused pass, g·(Φ(x) + x·φ(x)); the composed derivative when a graph is
    /// being built (second derivatives) or for the tanh form.
    /// </summary>
    internal override Tensor?[] Backward(Tensor g)
    {
        if (_tanh || GradMode.IsEnabled) return base.Backward(g);
        var x = Inputs[0].Contiguous();
        var gd = g.Contiguous();
        var dx = Tensor.Empty(x.Dims, x.DType);
        if (x.DType == DType.Float32) Fused<float>(x, gd, dx);
        else Fused<double>(x, gd, dx);
        return [dx];
    }

    private static void Fused<T>(Tensor x, Tensor g, Tensor dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xs, gs, ds) = (x.Buffer<T>(), g.Buffer<T>(), dx.Buffer<T>());
        int xo = x.Offset, go = g.Offset;
        UnaryKernel.Chunked(dx.NumElements, (s, e) => GeluKernel.Backward<T>(xs.AsSpan(xo + s, e - s), gs.AsSpan(go + s, e - s), ds.AsSpan(s, e - s)));
    }

    protected override Tensor Derivative(Tensor x, Tensor y)
    {
        if (!_tanh)
            return 0.5 * ((x * SpecialMath.InvSqrt2).Erf() + 1.0) + x * (x * x * -0.5).Exp() * InvSqrtTwoPi;
        var x2 = x * x;
        var t = ((x + Cubic * x2 * x) * SqrtTwoOverPi).Tanh();
        return 0.5 * (t + 1.0) + 0.5 * x * (1.0 - t * t) * SqrtTwoOverPi * (1.0 + 3.0 * Cubic * x2);
    }

    private readonly struct ErfFn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => GeluKernel.Forward(x, d);
    }

    private readonly struct TanhFn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => ActivationKernels.GeluTanh(x, d);
    }
}

/// <summary>
/// log(1 + e^(beta·x))/beta, reverting to x where beta·x exceeds <c>threshold</c> (as PyTorch does, for stability).
/// </summary>
internal sealed class Softplus : PointwiseFunction
{
    private double _beta, _threshold;

    public override string Name => "Softplus";

    protected override bool PromotesIntegers => false;

    public static Tensor Apply(Tensor x, double beta, double threshold) =>
        Run(x, new Fn(beta, threshold), new Softplus { _beta = beta, _threshold = threshold });

    protected override Tensor Derivative(Tensor x, Tensor y)
    {
        var bx = x * _beta;
        return Tensor.Where(bx > _threshold, 1.0, bx.Sigmoid());
    }

    private readonly struct Fn(double beta, double threshold) : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T b = T.CreateTruncating(beta), th = T.CreateTruncating(threshold);
            for (int i = 0; i < x.Length; i++)
            {
                var bx = x[i] * b;
                d[i] = bx > th ? x[i] : SpecialMath.Log1p(T.Exp(bx)) / b;
            }
        }
    }
}

/// <summary>SiLU (swish): x·σ(x).</summary>
internal sealed class Silu : PointwiseFunction
{
    public override string Name => "Silu";

    protected override bool PromotesIntegers => false;

    public static Tensor Apply(Tensor x) => Run(x, default(Fn), new Silu());

    protected override Tensor Derivative(Tensor x, Tensor y)
    {
        var s = x.Sigmoid();
        return s * (x * (1.0 - s) + 1.0);
    }

    private readonly struct Fn : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
        {
            TensorPrimitives.Sigmoid(x, d);
            TensorPrimitives.Multiply(x, d, d);
        }
    }
}
