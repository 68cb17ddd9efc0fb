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

    /// <summary>A 0-d tensor holding <paramref name="value"/> in the dtype a binary op with <paramref name="like"/> needs.</summary>
    private static Tensor ScalarFor(Tensor like, double value) =>
        Scalar(value, DTypes.PromoteWithScalar(like.DType, value == Math.Floor(value) && !like.DType.IsFloatingPoint() && Math.Abs(value) < 9e15));
}
