using System.Numerics;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>max(x, 0); integers keep their dtype. NaN propagates, and the gradient is 0 where the output is ≤ 0 (so 1 at NaN, as in PyTorch).</summary>
internal sealed class Relu : PointwiseFunction
{
    public override string Name => "Relu";

    public static Tensor Apply(Tensor x) =>
        x.DType.IsFloatingPoint() ? Run(x, default(Fn), new Relu()) : UnaryKernel.Numeric(x, default(Fn), "Relu");

    protected override Tensor Derivative(Tensor x, Tensor y) => Mask(!(y <= 0.0), y);

    // One fused pass g·(y > 0) instead of building the mask as a tensor and multiplying.
    internal override Tensor?[] Backward(Tensor g) => [ReluBackward.Apply(g, Y)];

    internal override Tensor Jvp(Tensor?[] t) => ReluBackward.Apply(t[0]!, Y);

    private readonly struct Fn : IFloatUnaryFn, INumericUnaryFn
    {
        void IFloatUnaryFn.Apply<T>(ReadOnlySpan<T> x, Span<T> d) => ActivationKernels.Relu(x, d);

        void INumericUnaryFn.Apply<T>(ReadOnlySpan<T> x, Span<T> d)
        {
            for (int i = 0; i < x.Length; i++) d[i] = x[i] < T.Zero ? T.Zero : x[i];
        }
    }
}

/// <summary>
/// g·[y is not ≤ 0], the gradient of <see cref="Relu"/> given its output y, in one pass. Linear in g; the mask
/// is piecewise constant in y, so y gets no gradient (as the comparison it replaces), and double backward works.
/// </summary>
internal sealed class ReluBackward : Function
{
    public override string Name => "ReluBackward";

    public static Tensor Apply(Tensor g, Tensor y)
    {
        if (g.DType != y.DType) g = g.To(y.DType);
        var d = y.DType == DType.Float32
            ? BinaryKernel.Run<float, float, ActivationKernels.ReluMask>(g, y, "ReluBackward")
            : BinaryKernel.Run<double, double, ActivationKernels.ReluMask>(g, y, "ReluBackward");
        return Tracks(g, y) ? new ReluBackward().Record(d, g, y) : d;
    }

    internal override Tensor?[] Backward(Tensor grad) =>
        [Inputs[0].RequiresGrad ? BinaryOps.SumTo(Apply(grad, Inputs[1]), Inputs[0].Dims) : null, null];

    internal override Tensor Jvp(Tensor?[] t) =>
        t[0] is null ? Tensor.Zeros(Strided.BroadcastShapes(Inputs[0].Dims, Inputs[1].Dims, Name), Inputs[1].DType) : Apply(t[0]!, Inputs[1]);
}

/// <summary>x for x &gt; 0, negativeSlope·x otherwise.</summary>
internal sealed class LeakyRelu : PointwiseFunction
{
    private double _slope;

    public override string Name => "LeakyRelu";

    protected override bool PromotesIntegers => false;

    public static Tensor Apply(Tensor x, double negativeSlope) => Run(x, new Fn(negativeSlope), new LeakyRelu { _slope = negativeSlope });

    protected override Tensor Derivative(Tensor x, Tensor y) => Tensor.Where(x > 0.0, 1.0, Tensor.FullLike(x, _slope));

    private readonly struct Fn(double slope) : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> =>
            ActivationKernels.LeakyRelu(x, d, T.CreateTruncating(slope));
    }
}

/// <summary>x for x &gt; 0, alpha·(e^x − 1) otherwise.</summary>
internal sealed class Elu : PointwiseFunction
{
    private double _alpha;

    public override string Name => "Elu";

    protected override bool PromotesIntegers => false;

    public static Tensor Apply(Tensor x, double alpha) => Run(x, new Fn(alpha), new Elu { _alpha = alpha });

    // For x ≤ 0, d/dx alpha·(e^x − 1) = alpha·e^x = y + alpha; NaN takes the linear branch, as in PyTorch.
    protected override Tensor Derivative(Tensor x, Tensor y) => Tensor.Where(x <= 0.0, y + _alpha, 1.0);

    private readonly struct Fn(double alpha) : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var a = T.CreateTruncating(alpha);
            for (int i = 0; i < x.Length; i++) d[i] = x[i] > T.Zero ? x[i] : a * SpecialMath.Expm1(x[i]);
        }
    }
}

/// <summary>Clamps to [min, max]; as in PyTorch the gradient is zero at and beyond the bounds (and passes at NaN).</summary>
internal sealed class Hardtanh : PointwiseFunction
{
    private double _min, _max;

    public override string Name => "Hardtanh";

    protected override bool PromotesIntegers => false;

    public static Tensor Apply(Tensor x, double min, double max)
    {
        if (min > max) throw new ArgumentException($"Hardtanh: min ({min}) must not exceed max ({max}).");
        // Integer tensors are clamped in their own dtype, as in PyTorch (bool ones are rejected by Run).
        if (x.DType is DType.Int32 or DType.Int64) return Clamp.Apply(x, min, max, integralBounds: true, "Hardtanh");
        return Run(x, new Fn(min, max), new Hardtanh { _min = min, _max = max });
    }

    protected override Tensor Derivative(Tensor x, Tensor y) => Mask(!((x <= _min) | (x >= _max)), x);

    private readonly struct Fn(double min, double max) : IFloatUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T lo = T.CreateTruncating(min), hi = T.CreateTruncating(max);
            for (int i = 0; i < x.Length; i++) d[i] = x[i] < lo ? lo : x[i] > hi ? hi : x[i];
        }
    }
}
