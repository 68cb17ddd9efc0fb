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
    /// The result type of a binary op between two tensors, following PyTorch's category order
    /// bool &lt; integer &lt; floating point, and the wider type within a category.
    /// </summary>
    public static DType Promote(DType a, DType b) => (DType)Math.Max((int)a, (int)b);

    /// <summary>
    /// The result type of a binary op between a tensor and a C# scalar: a floating scalar lifts an integer or
    /// bool tensor to float32, otherwise the tensor's type wins (as in PyTorch, where scalars do not widen).
    /// </summary>
    public static DType PromoteWithScalar(DType tensor, bool scalarIsIntegral) =>
        !scalarIsIntegral && !tensor.IsFloatingPoint() ? DType.Float32
        : tensor == DType.Bool ? DType.Int64
        : tensor;

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
