namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add.Apply(a, b);

    /// <summary>Adds a scalar (a floating scalar: an integer tensor gives float32).</summary>
    public static Tensor operator +(Tensor a, double b) => Ops.Add.Apply(a, Wrap(b));

    /// <summary>Adds a scalar (an integer scalar: the tensor's dtype is kept, a bool tensor gives int64).</summary>
    public static Tensor operator +(Tensor a, long b) => Ops.Add.Apply(a, Wrap(b));

    /// <summary>Adds a scalar (a floating scalar).</summary>
    public static Tensor operator +(double a, Tensor b) => Ops.Add.Apply(Wrap(a), b);

    /// <summary>Adds a scalar (an integer scalar).</summary>
    public static Tensor operator +(long a, Tensor b) => Ops.Add.Apply(Wrap(a), b);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub.Apply(a, b);

    /// <summary>Subtracts a scalar (a floating scalar: an integer tensor gives float32).</summary>
    public static Tensor operator -(Tensor a, double b) => Ops.Sub.Apply(a, Wrap(b));

    /// <summary>Subtracts a scalar (an integer scalar: the tensor's dtype is kept, a bool tensor gives int64).</summary>
    public static Tensor operator -(Tensor a, long b) => Ops.Sub.Apply(a, Wrap(b));

    /// <summary>Subtracts from a scalar (a floating scalar).</summary>
    public static Tensor operator -(double a, Tensor b) => Ops.Sub.Apply(Wrap(a), b);

    /// <summary>Subtracts from a scalar (an integer scalar).</summary>
    public static Tensor operator -(long a, Tensor b) => Ops.Sub.Apply(Wrap(a), b);

    /// <summary>Elementwise negation.</summary>
    public static Tensor operator -(Tensor x) => Ops.Neg.Apply(x);

    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul.Apply(a, b);

    /// <summary>Multiplies by a scalar (a floating scalar: an integer tensor gives float32).</summary>
    public static Tensor operator *(Tensor a, double b) => Ops.Mul.Apply(a, Wrap(b));

    /// <summary>Multiplies by a scalar (an integer scalar: the tensor's dtype is kept, a bool tensor gives int64).</summary>
    public static Tensor operator *(Tensor a, long b) => Ops.Mul.Apply(a, Wrap(b));

    /// <summary>Multiplies by a scalar (a floating scalar).</summary>
    public static Tensor operator *(double a, Tensor b) => Ops.Mul.Apply(Wrap(a), b);

    /// <summary>Multiplies by a scalar (an integer scalar).</summary>
    public static Tensor operator *(long a, Tensor b) => Ops.Mul.Apply(Wrap(a), b);

    /// <summary>Elementwise true division with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Div.Apply(a, b);

    /// <summary>Divides by a scalar (a floating scalar: an integer tensor gives float32).</summary>
    public static Tensor operator /(Tensor a, double b) => Ops.Div.Apply(a, Wrap(b));

    /// <summary>Divides by a scalar (an integer scalar: the tensor's dtype is kept, a bool tensor gives int64).</summary>
    public static Tensor operator /(Tensor a, long b) => Ops.Div.Apply(a, Wrap(b));

    /// <summary>Divides a scalar by each element (a floating scalar).</summary>
    public static Tensor operator /(double a, Tensor b) => Ops.Div.Apply(Wrap(a), b);

    /// <summary>Divides a scalar by each element (an integer scalar).</summary>
    public static Tensor operator /(long a, Tensor b) => Ops.Div.Apply(Wrap(a), b);

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

    /// <summary>A floating scalar operand (PyTorch's Python float): it lifts an integer or bool tensor to float32.</summary>
    internal static Tensor Wrap(double value) => WrapScalar(value, DType.Float64);

    /// <summary>An integer scalar operand (PyTorch's Python int): it keeps an integer tensor's dtype.</summary>
    internal static Tensor Wrap(long value)
    {
        var t = Allocate([], DType.Int64, zero: false);
        t.Buffer<long>()[0] = value;
        t.IsWrappedScalar = true;
        return t;
    }
}
