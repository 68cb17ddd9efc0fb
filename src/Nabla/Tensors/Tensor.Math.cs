namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Elementwise e^x.</summary>
    public Tensor Exp() => Ops.Exp.Apply(this);

    /// <summary>Elementwise natural logarithm.</summary>
    public Tensor Log() => Ops.Log.Apply(this);

    /// <summary>Elementwise log(1 + x), accurate for small x, like <c>torch.log1p</c>.</summary>
    public Tensor Log1p() => Ops.Log1p.Apply(this);

    /// <summary>Elementwise e^x − 1, accurate for small x, like <c>torch.expm1</c>.</summary>
    public Tensor Expm1() => Ops.Expm1.Apply(this);

    /// <summary>Elementwise square root.</summary>
    public Tensor Sqrt() => Ops.Sqrt.Apply(this);

    /// <summary>Elementwise 1/√x, like <c>torch.rsqrt</c>.</summary>
    public Tensor Rsqrt() => Ops.Rsqrt.Apply(this);

    /// <summary>Elementwise sine.</summary>
    public Tensor Sin() => Ops.Sin.Apply(this);

    /// <summary>Elementwise cosine.</summary>
    public Tensor Cos() => Ops.Cos.Apply(this);

    /// <summary>Elementwise tangent.</summary>
    public Tensor Tan() => Ops.Tan.Apply(this);

    /// <summary>Elementwise hyperbolic tangent.</summary>
    public Tensor Tanh() => Ops.Tanh.Apply(this);

    /// <summary>Elementwise logistic sigmoid 1/(1 + e^−x).</summary>
    public Tensor Sigmoid() => Ops.Sigmoid.Apply(this);

    /// <summary>Elementwise error function, like <c>torch.erf</c>.</summary>
    public Tensor Erf() => Ops.Erf.Apply(this);

    /// <summary>Elementwise absolute value (integers keep their dtype); the gradient is sign(x).</summary>
    public Tensor Abs() => Ops.Abs.Apply(this);

    /// <summary>Elementwise sign: −1, 0 or 1 (0 for NaN). Differentiable with a zero gradient, as in PyTorch.</summary>
    public Tensor Sign() => Ops.Sign.Apply(this);

    /// <summary>Elementwise 1/x (integers are promoted to float32).</summary>
    public Tensor Reciprocal() => Ops.Reciprocal.Apply(this);

    /// <summary>Elementwise x² (integers keep their dtype).</summary>
    public Tensor Square() => Ops.Square.Apply(this);

    /// <summary>Elementwise power this^<paramref name="exponent"/> with broadcasting, like <c>torch.pow</c>.</summary>
    public Tensor Pow(Tensor exponent) => Ops.Pow.Apply(this, exponent);

    /// <summary>Elementwise power this^<paramref name="exponent"/> with a floating exponent (integer tensors give float32).</summary>
    public Tensor Pow(double exponent) => Ops.Pow.Apply(this, Wrap(exponent), exponent);

    /// <summary>Elementwise power this^<paramref name="exponent"/> with an integer exponent (integer tensors stay integers).</summary>
    public Tensor Pow(long exponent) => Ops.Pow.Apply(this, Wrap(exponent), exponent);

    /// <summary><paramref name="base"/> raised to each element of <paramref name="exponent"/>, like <c>torch.pow(scalar, tensor)</c>.</summary>
    public static Tensor Pow(double @base, Tensor exponent) => Ops.Pow.Apply(Wrap(@base), exponent);

    /// <summary>An integer <paramref name="base"/> raised to each element of <paramref name="exponent"/>.</summary>
    public static Tensor Pow(long @base, Tensor exponent) => Ops.Pow.Apply(Wrap(@base), exponent);

    /// <summary>Elementwise maximum with broadcasting; NaN wins, and ties split the gradient evenly (<c>torch.maximum</c>).</summary>
    public Tensor Maximum(Tensor other) => Ops.Maximum.Apply(this, other);

    /// <summary>Elementwise minimum with broadcasting; NaN wins, and ties split the gradient evenly (<c>torch.minimum</c>).</summary>
    public Tensor Minimum(Tensor other) => Ops.Minimum.Apply(this, other);

    /// <summary>
    /// Clamps each element into [<paramref name="min"/>, <paramref name="max"/>]; either bound may be omitted but not
    /// both. The gradient passes where min ≤ x ≤ max; with min &gt; max every element becomes max, as in PyTorch.
    /// </summary>
    public Tensor Clamp(double? min = null, double? max = null) => Ops.Clamp.Apply(this, min, max, integralBounds: false, "Clamp");

    /// <summary>
    /// <see cref="Clamp(double?, double?)"/> with integer bounds: integer tensors keep their dtype and bool tensors
    /// give int64, as <c>torch.clamp(x, -2, 3)</c> does.
    /// </summary>
    public Tensor Clamp(long? min = null, long? max = null) => Ops.Clamp.Apply(this, min, max, integralBounds: true, "Clamp");

    /// <summary>Clamps from below: max(x, <paramref name="min"/>), like <c>torch.clamp_min</c>.</summary>
    public Tensor ClampMin(double min) => Ops.Clamp.Apply(this, min, null, integralBounds: false, "ClampMin");

    /// <summary>Clamps from below by an integer bound (integer tensors keep their dtype).</summary>
    public Tensor ClampMin(long min) => Ops.Clamp.Apply(this, min, null, integralBounds: true, "ClampMin");

    /// <summary>Clamps from above: min(x, <paramref name="max"/>), like <c>torch.clamp_max</c>.</summary>
    public Tensor ClampMax(double max) => Ops.Clamp.Apply(this, null, max, integralBounds: false, "ClampMax");

    /// <summary>Clamps from above by an integer bound (integer tensors keep their dtype).</summary>
    public Tensor ClampMax(long max) => Ops.Clamp.Apply(this, null, max, integralBounds: true, "ClampMax");

    /// <summary>
    /// Elements of <paramref name="a"/> where <paramref name="condition"/> (a Bool tensor) holds and of
    /// <paramref name="b"/> elsewhere, all three broadcast together, like <c>torch.where</c>.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Ops.Where.Apply(condition, a, b);

    /// <summary><see cref="Where(Tensor, Tensor, Tensor)"/> with a scalar for the false branch (promoted as a scalar, see <see cref="DTypes.ResultType"/>).</summary>
    public static Tensor Where(Tensor condition, Tensor a, double b) => Ops.Where.Apply(condition, a, Wrap(b));

    /// <summary><see cref="Where(Tensor, Tensor, Tensor)"/> with an integer scalar for the false branch.</summary>
    public static Tensor Where(Tensor condition, Tensor a, long b) => Ops.Where.Apply(condition, a, Wrap(b));

    /// <summary><see cref="Where(Tensor, Tensor, Tensor)"/> with a scalar for the true branch (promoted as a scalar, see <see cref="DTypes.ResultType"/>).</summary>
    public static Tensor Where(Tensor condition, double a, Tensor b) => Ops.Where.Apply(condition, Wrap(a), b);

    /// <summary><see cref="Where(Tensor, Tensor, Tensor)"/> with an integer scalar for the true branch.</summary>
    public static Tensor Where(Tensor condition, long a, Tensor b) => Ops.Where.Apply(condition, Wrap(a), b);
}
