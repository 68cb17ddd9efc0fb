using System.Numerics;

namespace Nabla.Kernels;

/// <summary>Element type conversions with PyTorch's semantics (float to integer truncates toward zero).</summary>
internal static class CastKernel
{
    public static Tensor Cast(Tensor x, DType to)
    {
        var dense = x.Contiguous();
        var result = Tensor.Empty(x.Dims, to);
        int n = x.NumElements;
        switch (dense.DType)
        {
            case DType.Float32: From<float>(dense, result, n); break;
            case DType.Float64: From<double>(dense, result, n); break;
            case DType.Int64: From<long>(dense, result, n); break;
            case DType.Int32: From<int>(dense, result, n); break;
            default: FromBool(dense, result, n); break;
        }
        return result;
    }

    private static void From<TFrom>(Tensor src, Tensor dst, int n) where TFrom : unmanaged, INumber<TFrom>
    {
        var s = src.Buffer<TFrom>().AsSpan(src.Offset, n);
        switch (dst.DType)
        {
            case DType.Float32: Convert(s, dst.Buffer<float>().AsSpan(0, n)); break;
            case DType.Float64: Convert(s, dst.Buffer<double>().AsSpan(0, n)); break;
            case DType.Int64: Convert(s, dst.Buffer<long>().AsSpan(0, n)); break;
            case DType.Int32: Convert(s, dst.Buffer<int>().AsSpan(0, n)); break;
            default:
                var b = dst.Buffer<bool>();
                for (int i = 0; i < n; i++) b[i] = s[i] != TFrom.Zero;
                break;
        }
    }

    private static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> s, Span<TTo> d) where TFrom : unmanaged, INumber<TFrom> where TTo : unmanaged, INumber<TTo>
    {
        for (int i = 0; i < s.Length; i++) d[i] = TTo.CreateTruncating(s[i]);
    }

    private static void FromBool(Tensor src, Tensor dst, int n)
    {
        var s = src.Buffer<bool>().AsSpan(src.Offset, n);
        switch (dst.DType)
        {
            case DType.Float32: Fill(s, dst.Buffer<float>()); break;
            case DType.Float64: Fill(s, dst.Buffer<double>()); break;
            case DType.Int64: Fill(s, dst.Buffer<long>()); break;
            case DType.Int32: Fill(s, dst.Buffer<int>()); break;
            default: s.CopyTo(dst.Buffer<bool>()); break;
        }
    }

    private static void Fill<TTo>(ReadOnlySpan<bool> s, TTo[] d) where TTo : unmanaged, INumber<TTo>
    {
        for (int i = 0; i < s.Length; i++) d[i] = s[i] ? TTo.One : TTo.Zero;
    }
}
