namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add.Apply(a, b);

    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, double b) => Ops.Add.Apply(a, ScalarFor(a, b));

    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(double a, Tensor b) => Ops.Add.Apply(ScalarFor(b, a), b);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub.Apply(a, b);

    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, double b) => Ops.Sub.Apply(a, ScalarFor(a, b));

    /// <summary>Subtracts from a scalar.</summary>
    public static Tensor operator -(double a, Tensor b) => Ops.Sub.Apply(ScalarFor(b, a), b);

    /// <summary>Elementwise negation.</summary>
    public static Tensor operator -(Tensor x) => Ops.Neg.Apply(x);

    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul.Apply(a, b);

    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => Ops.Mul.Apply(a, ScalarFor(a, b));

    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(double a, Tensor b) => Ops.Mul.Apply(ScalarFor(b, a), b);

    /// <summary>Elementwise true division with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Div.Apply(a, b);

    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => Ops.Div.Apply(a, ScalarFor(a, b));

    /// <summary>Divides a scalar by each element.</summary>
    public static Tensor operator /(double a, Tensor b) => Ops.Div.Apply(ScalarFor(b, a), b);

    /// <summary>Elementwise sum, like <c>torch.add</c>.</summary>
    public Tensor Add(Tensor other) => this + other;

    /// <summary>Elementwise difference, like <c>torch.sub</c>.</summary>
    public Tensor Sub(Tensor other) => this - other;

    /// <summary>Elementwise product, like <c>torch.mul</c>.</summary>
    public Tensor Mul(Tensor other) => this * other;

    /// <summary>Elementwise true division, like <c>torch.div</c>.</summary>
    public Tensor Div(Tensor other) => this / other;

    /// <summary>Elementwise negation.</summary>
    public Tensor Neg() => -this;

    /// <summary>
    /// True for the 0-d tensor that carries a C# number into an op (PyTorch's "wrapped number"): in
    /// <see cref="DTypes.ResultType"/> it ranks below every tensor, so <c>x * 2.0</c> keeps a float32 x in float32.
    /// </summary>
    internal bool IsWrappedScalar { get; private set; }

    /// <summary>
    /// <paramref name="value"/> as a scalar operand: a bool, int64 or float64 0-d tensor marked
    /// <see cref="IsWrappedScalar"/>, which ops cast to the promoted dtype with their other operands.
    /// </summary>
    internal static Tensor WrapScalar(double value, DType dtype)
    {
        var t = Scalar(value, dtype);
        t.IsWrappedScalar = true;
        return t;
    }

    /// <summary>
    /// The scalar operand for a binary op with <paramref name="like"/>. C# gives one <c>double</c> overload, so an
    /// integral value beside an integer or bool tensor counts as an integer scalar (PyTorch's <c>x * 2</c>, which
    /// keeps int32 x as int32); any other value is a floating scalar.
    /// </summary>
    internal static Tensor ScalarFor(Tensor like, double value) =>
        WrapScalar(value, !like.DType.IsFloatingPoint() && IsIntegralScalar(value) ? DType.Int64 : DType.Float64);

    /// <summary>True for a whole number that int64 and double both hold exactly.</summary>
    internal static bool IsIntegralScalar(double value) => value == Math.Floor(value) && Math.Abs(value) < 9e15;
}
