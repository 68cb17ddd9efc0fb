using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// a^b with broadcasting, and its scalar forms (tensor^scalar, scalar^tensor). Gradients follow PyTorch: the base
/// gets b·a^(b−1) except where b = 0 (0, so 0^0 has no NaN gradient); the exponent gets a^b·ln a except where
/// a = 0 and b ≥ 0 (0 instead of NaN). Integer operands stay integers, as in PyTorch.
/// </summary>
internal sealed class Pow : Function
{
    private Tensor? _y;

    public override string Name => "Pow";

    /// <summary>Tensor to tensor power.</summary>
    public static Tensor Apply(Tensor a, Tensor b)
    {
        (a, b) = BinaryOps.Promote(a, b);
        if (a.DType == DType.Bool)
            throw new ArgumentException($"Pow: not supported for two Bool operands (shapes {a.Shape} and {b.Shape}), as in PyTorch; cast one to an integer dtype.");
        var y = BinaryKernel.Apply<PowOp>(a, b, "Pow");
        return Tracks(a, b) ? new Pow { _y = y }.Record(y, a, b) : y;
    }

    /// <summary>
    /// Tensor to scalar power, <paramref name="e"/> being the wrapped scalar holding <paramref name="exponent"/>;
    /// exponents 2 and 0.5 take the square and square-root kernels, as in PyTorch.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor e, double exponent)
    {
        var dt = DTypes.ResultType(x, e);
        if (!dt.IsFloatingPoint() && exponent < 0)
            throw new ArgumentException($"Pow: integers to negative integer powers are not allowed ({x.DType} tensor, exponent {exponent}).");
        x = x.To(dt);
        if (exponent == 2) return Square.Apply(x);
        if (exponent == 0.5) return Sqrt.Apply(x);
        return Apply(x, e);
    }

    private Tensor BaseDerivative(Tensor a, Tensor b) => Tensor.Where(b.Eq(0.0), 0.0, b * a.Pow(b - 1.0));

    private Tensor ExponentDerivative(Tensor a, Tensor b) => Tensor.Where(a.Eq(0.0) & b.Ge(0.0), 0.0, _y! * a.Log());

    internal override Tensor?[] Backward(Tensor g)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        return
        [
            a.RequiresGrad ? BinaryOps.SumTo(g * BaseDerivative(a, b), a.Dims) : null,
            b.RequiresGrad ? BinaryOps.SumTo(g * ExponentDerivative(a, b), b.Dims) : null,
        ];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        return BinaryOps.AddTangents(
            t[0] is null ? null : t[0]! * BaseDerivative(a, b),
            t[1] is null ? null : t[1]! * ExponentDerivative(a, b))!;
    }

    internal override void Release()
    {
        base.Release();
        _y = null;
    }

    /// <summary>Integer power by repeated squaring (wrapping); negative exponents give 0 except for bases ±1, as in C/PyTorch.</summary>
    private static T IntPow<T>(T a, T b) where T : unmanaged, INumber<T>
    {
        if (b < T.Zero)
        {
            if (a == T.One) return T.One;
            if (a == -T.One) return T.IsEvenInteger(b) ? T.One : -T.One;
            return T.Zero;
        }
        T result = T.One;
        ulong e = ulong.CreateTruncating(b);
        while (e != 0)
        {
            if ((e & 1) != 0) result *= a;
            a *= a;
            e >>= 1;
        }
        return result;
    }

    private readonly struct PowOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : unmanaged, INumber<T>
        {
            if (typeof(T) == typeof(float)) return (T)(object)MathF.Pow((float)(object)a, (float)(object)b);
            if (typeof(T) == typeof(double)) return (T)(object)Math.Pow((double)(object)a, (double)(object)b);
            return IntPow(a, b);
        }

        public static void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T>
        {
            if (typeof(T) == typeof(float)) TensorPrimitives.Pow(Cast<T, float>(a), Cast<T, float>(b), MemoryMarshal.Cast<T, float>(d));
            else if (typeof(T) == typeof(double)) TensorPrimitives.Pow(Cast<T, double>(a), Cast<T, double>(b), MemoryMarshal.Cast<T, double>(d));
            else for (int i = 0; i < d.Length; i++) d[i] = IntPow(a[i], b[i]);
        }

        public static void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, INumber<T>
        {
            if (typeof(T) == typeof(float)) TensorPrimitives.Pow(Cast<T, float>(a), (float)(object)b, MemoryMarshal.Cast<T, float>(d));
            else if (typeof(T) == typeof(double)) TensorPrimitives.Pow(Cast<T, double>(a), (double)(object)b, MemoryMarshal.Cast<T, double>(d));
            else for (int i = 0; i < d.Length; i++) d[i] = IntPow(a[i], b);
        }

        public static void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T>
        {
            if (typeof(T) == typeof(float)) TensorPrimitives.Pow((float)(object)a, Cast<T, float>(b), MemoryMarshal.Cast<T, float>(d));
            else if (typeof(T) == typeof(double)) TensorPrimitives.Pow((double)(object)a, Cast<T, double>(b), MemoryMarshal.Cast<T, double>(d));
            else for (int i = 0; i < d.Length; i++) d[i] = IntPow(a, b[i]);
        }

        private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> s) where TFrom : struct where TTo : struct => MemoryMarshal.Cast<TFrom, TTo>(s);
    }
}
