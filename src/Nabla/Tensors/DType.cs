namespace Nabla;

/// <summary>Element type of a <see cref="Tensor"/>.</summary>
public enum DType
{
    /// <summary>Boolean (masks and comparison results).</summary>
    Bool,
    /// <summary>32-bit signed integer.</summary>
    Int32,
    /// <summary>64-bit signed integer (indices and labels).</summary>
    Int64,
    /// <summary>32-bit IEEE float, the default and workhorse type.</summary>
    Float32,
    /// <summary>64-bit IEEE float, for gradient checks and where precision matters.</summary>
    Float64,
}

/// <summary>Facts about <see cref="DType"/> values and the promotion rules between them.</summary>
public static class DTypes
{
    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>Size of one element in bytes.</summary>
    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.Bool => 1,
        DType.Int32 or DType.Float32 => 4,
        _ => 8,
    };

    /// <summary>
    /// The wider of two dtypes in PyTorch's lattice (<c>torch.promote_types</c>): category bool &lt; integer &lt;
    /// floating point, and the wider type within a category. <see cref="ResultType"/> builds on it.
    /// </summary>
    public static DType Promote(DType a, DType b) => (DType)Math.Max((int)a, (int)b);

    /// <summary>
    /// The dtype an op combining <paramref name="operands"/> computes in, by PyTorch's rule
    /// (<c>torch.result_type</c>). Operands fall into three groups of decreasing priority: tensors with dimensions,
    /// 0-d tensors, and scalars (a C# number given to an operator). Within a group dtypes promote as in
    /// <see cref="Promote"/>; a lower group changes the result only when its category is higher, and then a 0-d
    /// tensor brings its own dtype while a scalar brings its category's default (int64, or float32). So
    /// float32[2,3] × float64[] is float32, int32[2] × float64[] is float64 and int32[2] × 2.5 is float32.
    /// </summary>
    public static DType ResultType(params ReadOnlySpan<Tensor> operands)
    {
        DType? dimensioned = null, zeroDim = null, scalar = null;
        foreach (var t in operands)
        {
            if (t.IsWrappedScalar) scalar = PromoteOptional(scalar, t.DType.IsFloatingPoint() ? DType.Float32 : t.DType);
            else if (t.Rank == 0) zeroDim = PromoteOptional(zeroDim, t.DType);
            else dimensioned = PromoteOptional(dimensioned, t.DType);
        }
        return CombineCategories(dimensioned, CombineCategories(zeroDim, scalar))
            ?? throw new ArgumentException("ResultType: expected at least one operand.");
    }

    /// <summary>A higher-priority group's dtype, unless the lower group is of a higher category (c10's combine_categories).</summary>
    private static DType? CombineCategories(DType? higher, DType? lower)
    {
        if (higher is not { } h) return lower;
        if (lower is not { } l || h.IsFloatingPoint()) return h;
        return h == DType.Bool || l.IsFloatingPoint() ? Promote(h, l) : h;
    }

    /// <summary>
    /// Whether an in-place op may write a result of dtype <paramref name="from"/> into a tensor of dtype
    /// <paramref name="to"/> (PyTorch's <c>torch.can_cast</c>): never floating point into integer or bool, nor
    /// integer into bool.
    /// </summary>
    public static bool CanCast(DType from, DType to) =>
        !(from.IsFloatingPoint() && !to.IsFloatingPoint()) && !(from != DType.Bool && to == DType.Bool);

    private static DType PromoteOptional(DType? a, DType b) => a is { } x ? Promote(x, b) : b;

    /// <summary>The CLR type that stores elements of <paramref name="dtype"/>.</summary>
    public static Type ClrType(this DType dtype) => dtype switch
    {
        DType.Bool => typeof(bool),
        DType.Int32 => typeof(int),
        DType.Int64 => typeof(long),
        DType.Float32 => typeof(float),
        _ => typeof(double),
    };

    /// <summary>The <see cref="DType"/> whose elements are stored as <typeparamref name="T"/>.</summary>
    public static DType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? DType.Float32 :
        typeof(T) == typeof(double) ? DType.Float64 :
        typeof(T) == typeof(long) ? DType.Int64 :
        typeof(T) == typeof(int) ? DType.Int32 :
        typeof(T) == typeof(bool) ? DType.Bool :
        throw new NotSupportedException($"Nabla has no dtype for {typeof(T).Name}.");
}
