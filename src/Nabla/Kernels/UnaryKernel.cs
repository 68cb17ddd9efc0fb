using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// An elementwise function on floating-point spans. Implemented by structs, which may carry parameters
/// (a slope, clamp bounds) as fields; the kernel is specialised per struct, so there is no per-element call cost.
/// </summary>
internal interface IFloatUnaryFn
{
    void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>An elementwise function on spans of any numeric type (integers included).</summary>
internal interface INumericUnaryFn
{
    void Apply<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, INumber<T>;
}

/// <summary>Runs unary functions over dense copies of their inputs, split across threads for large tensors.</summary>
internal static class UnaryKernel
{
    private const int Grain = 16384;

    /// <summary>Applies a floating-point function; the input must be float32 or float64.</summary>
    public static Tensor Float<TFn>(Tensor x, TFn fn, string op) where TFn : struct, IFloatUnaryFn => x.DType switch
    {
        DType.Float32 => Run<float, TFn>(x, fn),
        DType.Float64 => Run<double, TFn>(x, fn),
        _ => throw new NotSupportedException($"{op}: expected a floating-point tensor, got {x.DType}."),
    };

    /// <summary>Applies a numeric function to a tensor of any numeric dtype.</summary>
    public static Tensor Numeric<TFn>(Tensor x, TFn fn, string op) where TFn : struct, INumericUnaryFn => x.DType switch
    {
        DType.Float32 => RunNumeric<float, TFn>(x, fn),
        DType.Float64 => RunNumeric<double, TFn>(x, fn),
        DType.Int64 => RunNumeric<long, TFn>(x, fn),
        DType.Int32 => RunNumeric<int, TFn>(x, fn),
        _ => throw new NotSupportedException($"{op}: not supported for {x.DType} tensors."),
    };

    private static Tensor Run<T, TFn>(Tensor x, TFn fn) where T : unmanaged, IFloatingPointIeee754<T> where TFn : struct, IFloatUnaryFn
    {
        var (src, offset, result) = Prepare<T>(x);
        var dst = result.Buffer<T>();
        Chunked(result.NumElements, (s, e) => fn.Apply<T>(src.AsSpan(offset + s, e - s), dst.AsSpan(s, e - s)));
        return result;
    }

    private static Tensor RunNumeric<T, TFn>(Tensor x, TFn fn) where T : unmanaged, INumber<T> where TFn : struct, INumericUnaryFn
    {
        var (src, offset, result) = Prepare<T>(x);
        var dst = result.Buffer<T>();
        Chunked(result.NumElements, (s, e) => fn.Apply<T>(src.AsSpan(offset + s, e - s), dst.AsSpan(s, e - s)));
        return result;
    }

    private static (T[] Src, int Offset, Tensor Result) Prepare<T>(Tensor x) where T : unmanaged
    {
        var dense = x.Contiguous();
        var result = Tensor.Empty(x.Dims, x.DType);
        return (dense.Buffer<T>(), dense.Offset, result);
    }

    /// <summary>Runs <paramref name="body"/> over <c>[0, n)</c> in chunks, in parallel when large.</summary>
    public static void Chunked(int n, Action<int, int> body)
    {
        int chunks = (n + Grain - 1) / Grain;
        ParallelFor.Run(chunks, Grain, (s, e) => body(s * Grain, Math.Min(e * Grain, n)));
    }
}
