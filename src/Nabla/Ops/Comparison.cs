using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Elementwise comparisons and float classification: bool results, no autograd. Operands are promoted to a
/// common dtype first, so a float32 tensor compares against a double scalar in float32, as in PyTorch.
/// </summary>
internal static class Comparisons
{
    /// <summary>Compares <paramref name="a"/> and <paramref name="b"/> with broadcasting.</summary>
    public static Tensor Apply<TOp>(Tensor a, Tensor b, string op) where TOp : ICompareOp
    {
        // The dtype is decided before detaching: a detached alias is no longer a wrapped scalar.
        var dt = DTypes.ResultType(a, b);
        if (dt == DType.Bool) dt = DType.Int32;
        return BinaryKernel.Compare<TOp>(a.Detach().To(dt), b.Detach().To(dt), op);
    }

    /// <summary>Which class of value <see cref="Classify"/> tests for.</summary>
    public enum Kind
    {
        /// <summary>NaN.</summary>
        NaN,
        /// <summary>Positive or negative infinity.</summary>
        Infinity,
        /// <summary>Neither NaN nor infinite.</summary>
        Finite,
    }

    /// <summary>A bool tensor marking the elements of <paramref name="x"/> of the given kind (integers are always finite).</summary>
    public static Tensor Classify(Tensor x, Kind kind)
    {
        var result = Tensor.Empty(x.Dims, DType.Bool);
        int n = x.NumElements;
        var d = result.Buffer<bool>().AsSpan(0, n);
        var dense = x.IsContiguous ? x : x.DenseCopy();
        switch (x.DType)
        {
            case DType.Float32: Classify(dense.Buffer<float>().AsSpan(dense.Offset, n), d, kind); break;
            case DType.Float64: Classify(dense.Buffer<double>().AsSpan(dense.Offset, n), d, kind); break;
            default: d.Fill(kind == Kind.Finite); break;
        }
        return result;
    }

    private static void Classify<T>(ReadOnlySpan<T> x, Span<bool> d, Kind kind) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case Kind.NaN: TensorPrimitives.IsNaN(x, d); break;
            case Kind.Infinity: TensorPrimitives.IsInfinity(x, d); break;
            default: TensorPrimitives.IsFinite(x, d); break;
        }
    }

    /// <summary>a == b (false whenever either is NaN).</summary>
    public readonly struct EqOp : ICompareOp
    {
        public static bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a == b;
    }

    /// <summary>a != b (true whenever either is NaN).</summary>
    public readonly struct NeOp : ICompareOp
    {
        public static bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a != b;
    }

    /// <summary>a &lt; b.</summary>
    public readonly struct LtOp : ICompareOp
    {
        public static bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a < b;
    }

    /// <summary>a &lt;= b.</summary>
    public readonly struct LeOp : ICompareOp
    {
        public static bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a <= b;
    }

    /// <summary>a &gt; b.</summary>
    public readonly struct GtOp : ICompareOp
    {
        public static bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a > b;
    }

    /// <summary>a &gt;= b.</summary>
    public readonly struct GeOp : ICompareOp
    {
        public static bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a >= b;
    }
}
