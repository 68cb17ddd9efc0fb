using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Shared plumbing of broadcasting binary ops: dtype promotion and un-broadcasting of gradients.</summary>
internal static class BinaryOps
{
    /// <summary>
    /// Casts both operands to <see cref="DTypes.ResultType"/> of the pair (<paramref name="floatOnly"/> lifts an
    /// integer or bool result to float32, the default dtype, as true division does).
    /// </summary>
    public static (Tensor A, Tensor B) Promote(Tensor a, Tensor b, bool floatOnly = false)
    {
        var dt = DTypes.ResultType(a, b);
        if (floatOnly && !dt.IsFloatingPoint()) dt = DType.Float32;
        return (a.To(dt), b.To(dt));
    }

    /// <summary>Sums a broadcast gradient back down to <paramref name="shape"/>.</summary>
    public static Tensor SumTo(Tensor g, int[] shape)
    {
        if (g.Dims.AsSpan().SequenceEqual(shape)) return g;
        int lead = g.Rank - shape.Length;
        var dims = new List<int>();
        for (int i = 0; i < g.Rank; i++)
            if (i < lead || (shape[i - lead] == 1 && g.Dims[i] != 1)) dims.Add(i);
        var summed = dims.Count == 0 ? g : g.Sum(dims.ToArray(), keepDim: true);
        return summed.Reshape(shape);
    }

    /// <summary>
    /// The tangent of one operand broadcast to the output's <paramref name="dims"/> (dense), for a linear op whose
    /// other operand has no tangent: a tangent passed through at its operand's shape would not be the output's.
    /// </summary>
    public static Tensor ExpandTangent(Tensor t, int[] dims) => t.Dims.AsSpan().SequenceEqual(dims) ? t : t.Expand(dims).Contiguous();

    /// <summary>The broadcast shape of a binary function's two inputs, which is its output's.</summary>
    public static int[] OutputDims(Function f) => Strided.BroadcastShapes(f.Inputs[0].Dims, f.Inputs[1].Dims, f.Name);

    /// <summary>The tangent sum where either part may be absent (zero).</summary>
    public static Tensor? AddTangents(Tensor? a, Tensor? b) => a is null ? b : b is null ? a : a + b;
}

/// <summary>Elementwise addition with broadcasting.</summary>
internal sealed class Add : Function
{
    public override string Name => "Add";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        (a, b) = BinaryOps.Promote(a, b);
        var y = BinaryKernel.Apply<AddOp>(a, b, "Add");
        return Tracks(a, b) ? new Add().Record(y, a, b) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [BinaryOps.SumTo(g, Inputs[0].Dims), BinaryOps.SumTo(g, Inputs[1].Dims)];

    internal override Tensor Jvp(Tensor?[] t) =>
        t[0] is null ? BinaryOps.ExpandTangent(t[1]!, BinaryOps.OutputDims(this))
        : t[1] is null ? BinaryOps.ExpandTangent(t[0]!, BinaryOps.OutputDims(this))
        : t[0]! + t[1]!;

    private readonly struct AddOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a + b;
        public static void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Add(a, b, d);
        public static void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Add(a, b, d);
        public static void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Add(b, a, d);
    }
}

/// <summary>Elementwise subtraction with broadcasting.</summary>
internal sealed class Sub : Function
{
    public override string Name => "Sub";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        if (a.DType == DType.Bool || b.DType == DType.Bool)
            throw new ArgumentException(
                $"Sub: subtraction, the `-` operator, with a Bool tensor is not supported ({a.DType} {a.Shape} and {b.DType} {b.Shape}); " +
                "to invert a mask use `!` or LogicalNot(), to compare two masks `^` or LogicalXor().");
        (a, b) = BinaryOps.Promote(a, b);
        var y = BinaryKernel.Apply<SubOp>(a, b, "Sub");
        return Tracks(a, b) ? new Sub().Record(y, a, b) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [BinaryOps.SumTo(g, Inputs[0].Dims), BinaryOps.SumTo(-g, Inputs[1].Dims)];

    internal override Tensor Jvp(Tensor?[] t) =>
        t[1] is null ? BinaryOps.ExpandTangent(t[0]!, BinaryOps.OutputDims(this))
        : t[0] is null ? -t[1]!.Expand(BinaryOps.OutputDims(this))
        : t[0]! - t[1]!;

    private readonly struct SubOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a - b;
        public static void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Subtract(a, b, d);
        public static void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Subtract(a, b, d);
        public static void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Subtract(a, b, d);
    }
}

/// <summary>Elementwise multiplication with broadcasting.</summary>
internal sealed class Mul : Function
{
    public override string Name => "Mul";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        (a, b) = BinaryOps.Promote(a, b);
        var y = BinaryKernel.Apply<MulOp>(a, b, "Mul");
        return Tracks(a, b) ? new Mul().Record(y, a, b) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        return [a.RequiresGrad ? BinaryOps.SumTo(g * b, a.Dims) : null, b.RequiresGrad ? BinaryOps.SumTo(g * a, b.Dims) : null];
    }

    internal override Tensor Jvp(Tensor?[] t) =>
        BinaryOps.AddTangents(t[0] is null ? null : t[0]! * Inputs[1], t[1] is null ? null : Inputs[0] * t[1]!)!;

    private readonly struct MulOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a * b;
        public static void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Multiply(a, b, d);
        public static void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Multiply(a, b, d);
        public static void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Multiply(b, a, d);
    }
}

/// <summary>Elementwise true division with broadcasting (integer operands give float32, as in PyTorch).</summary>
internal sealed class Div : Function
{
    public override string Name => "Div";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        (a, b) = BinaryOps.Promote(a, b, floatOnly: true);
        var y = BinaryKernel.Apply<DivOp>(a, b, "Div");
        return Tracks(a, b) ? new Div().Record(y, a, b) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        return [a.RequiresGrad ? BinaryOps.SumTo(g / b, a.Dims) : null, b.RequiresGrad ? BinaryOps.SumTo(-g * a / (b * b), b.Dims) : null];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        return BinaryOps.AddTangents(t[0] is null ? null : t[0]! / b, t[1] is null ? null : -t[1]! * a / (b * b))!;
    }

    private readonly struct DivOp : IBinaryOp
    {
        public static T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a / b;
        public static void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Divide(a, b, d);
        public static void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Divide(a, b, d);
        public static void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Divide(a, b, d);
    }
}

/// <summary>Elementwise negation.</summary>
internal sealed class Neg : Function
{
    public override string Name => "Neg";

    public static Tensor Apply(Tensor x)
    {
        if (x.DType == DType.Bool)
            throw new ArgumentException($"Neg: negation, the `-` operator, on a Bool tensor {x.Shape} is not supported; to invert a mask use `!` or LogicalNot().");
        var y = UnaryKernel.Numeric(x, default(NegFn), "Neg");
        return Tracks(x) ? new Neg().Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [-g];

    internal override Tensor Jvp(Tensor?[] t) => -t[0]!;

    private readonly struct NegFn : INumericUnaryFn
    {
        public void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, INumber<T> => TensorPrimitives.Negate(x, d);
    }
}
