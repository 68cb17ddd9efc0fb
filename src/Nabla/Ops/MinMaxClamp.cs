using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Shared backward of <see cref="Maximum"/> and <see cref="Minimum"/>: the winner takes the gradient, ties split it
/// 0.5/0.5, and where either side is NaN both receive it, exactly as PyTorch's formulas do.
/// </summary>
internal abstract class MinMaxFunction : Function
{
    /// <summary>True where <paramref name="a"/> loses to <paramref name="b"/> (a &lt; b for maximum).</summary>
    protected abstract Tensor Loses(Tensor a, Tensor b);

    /// <summary>1 where <paramref name="self"/> wins (or either is NaN), 0.5 at ties, 0 where it loses; broadcast shape.</summary>
    private Tensor Weight(Tensor self, Tensor other)
    {
        var lose = Loses(self, other).To(self.DType);
        var tie = self.Eq(other).To(self.DType);
        return 1.0 - lose - 0.5 * tie;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (a, b) = (Inputs[0].Detach(), Inputs[1].Detach());
        return
        [
            Inputs[0].RequiresGrad ? BinaryOps.SumTo(g * Weight(a, b), a.Dims) : null,
            Inputs[1].RequiresGrad ? BinaryOps.SumTo(g * Weight(b, a), b.Dims) : null,
        ];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (a, b) = (Inputs[0].Detach(), Inputs[1].Detach());
        var ta = t[0] is null ? null : t[0]! * Weight(a, b);
        var tb = t[1] is null ? null : t[1]! * Weight(b, a);
        return BinaryOps.AddTangents(ta, tb)!;
    }
}

/// <summary>Elementwise maximum with broadcasting; NaN in either operand gives NaN (<c>torch.maximum</c>).</summary>
internal sealed class Maximum : MinMaxFunction
{
    public override string Name => "Maximum";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        (a, b) = BinaryOps.Promote(a, b);
        var y = BinaryKernel.Apply<MaxOp>(a, b, "Maximum");
        return Tracks(a, b) ? new Maximum().Record(y, a, b) : y;
    }

    protected override Tensor Loses(Tensor a, Tensor b) => a < b;

    private readonly struct MaxOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => T.Max(a, b);
        public static void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Max(a, b, d);
        public static void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Max(a, b, d);
        public static void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Max(b, a, d);
    }
}

/// <summary>Elementwise minimum with broadcasting; NaN in either operand gives NaN (<c>torch.minimum</c>).</summary>
internal sealed class Minimum : MinMaxFunction
{
    public override string Name => "Minimum";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        (a, b) = BinaryOps.Promote(a, b);
        var y = BinaryKernel.Apply<MinOp>(a, b, "Minimum");
        return Tracks(a, b) ? new Minimum().Record(y, a, b) : y;
    }

    protected override Tensor Loses(Tensor a, Tensor b) => a > b;

    private readonly struct MinOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => T.Min(a, b);
        public static void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Min(a, b, d);
        public static void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Min(a, b, d);
        public static void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Min(b, a, d);
    }
}

/// <summary>
/// Clamps into [min, max] with either bound optional (<c>torch.clamp</c>): NaN stays NaN, min &gt; max gives max
/// everywhere, and the gradient passes where min ≤ x ≤ max. The result dtype is <see cref="DTypes.ResultType"/> of x
/// and the bounds as scalars: integer tensors keep their dtype for integral bounds, bools become int64.
/// </summary>
internal sealed class Clamp : Function
{
    private double? _min, _max;

    public override string Name => "Clamp";

    public static Tensor Apply(Tensor x, double? min, double? max, bool integralBounds, string op)
    {
        if (min is null && max is null) throw new ArgumentException($"{op}: at least one of min and max must be given.");
        // Both bounds are scalars of one kind, so one of them decides the promotion.
        x = x.To(DTypes.ResultType(x, Tensor.WrapScalar((min ?? max)!.Value, integralBounds ? DType.Int64 : DType.Float64)));
        var y = UnaryKernel.Numeric(x, new Fn(min, max), op);
        return Tracks(x) ? new Clamp { _min = min, _max = max }.Record(y, x) : y;
    }

    private Tensor Pass()
    {
        var x = Inputs[0].Detach();
        Tensor? mask = _min is { } lo ? x >= lo : null;
        if (_max is { } hi) mask = mask is null ? x <= hi : mask & (x <= hi);
        return mask!.To(x.DType);
    }

    internal override Tensor?[] Backward(Tensor g) => [g * Pass()];

    internal override Tensor Jvp(Tensor?[] t) => t[0]! * Pass();

    private readonly struct Fn(double? min, double? max) : INumericUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, INumber<T>
        {
            bool hasLo = min.HasValue, hasHi = max.HasValue;
            T lo = hasLo ? T.CreateSaturating(min!.Value) : T.Zero, hi = hasHi ? T.CreateSaturating(max!.Value) : T.Zero;
            for (int i = 0; i < x.Length; i++)
            {
                var v = x[i];
                if (T.IsNaN(v)) { d[i] = v; continue; }
                if (hasLo && v < lo) v = lo;
                if (hasHi && v > hi) v = hi;
                d[i] = v;
            }
        }
    }
}
