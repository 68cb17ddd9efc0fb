using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Fused softmax and log-softmax along one dimension, shifted by the maximum so exp cannot overflow. A dense copy
/// is seen as (outer, n, inner): when the dim is last each row is handled with span kernels; otherwise the same
/// steps run on whole inner rows (max, subtract, exp, sum and scale elementwise across the n rows). Work items are
/// outer blocks times fixed-size inner chunks, so large tensors go parallel whichever dim is reduced.
/// </summary>
internal static class SoftmaxKernel
{
    private const int InnerChunk = 1024;

    /// <summary>softmax(x) (or log-softmax with <paramref name="log"/>) along <paramref name="dim"/>.</summary>
    public static Tensor Run(Tensor x, int dim, bool log, string op) => x.DType switch
    {
        DType.Float32 => Run<float>(x, dim, log),
        DType.Float64 => Run<double>(x, dim, log),
        _ => throw new NotSupportedException($"{op}: expected a floating-point tensor, got {x.DType}."),
    };

    private static Tensor Run<T>(Tensor x, int dim, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (result, src, off, dst, outer, n, inner) = ReduceKernel.AlongDim<T>(x, dim);
        if (result.NumElements == 0) return result;
        if (inner == 1)
        {
            ParallelFor.Run(outer, 4L * n, (s, e) =>
            {
                for (int o = s; o < e; o++) Row(src.AsSpan(off + o * n, n), dst.AsSpan(o * n, n), log);
            });
            return result;
        }
        int chunks = (inner + InnerChunk - 1) / InnerChunk;
        ParallelFor.Run(outer * chunks, 4L * n * Math.Min(inner, InnerChunk), (s, e) =>
        {
            var buf = ArrayPool<T>.Shared.Rent(3 * InnerChunk);
            try
            {
                for (int item = s; item < e; item++)
                {
                    int o = item / chunks, i0 = item % chunks * InnerChunk, len = Math.Min(InnerChunk, inner - i0);
                    Columns(src, off + o * n * inner + i0, dst, o * n * inner + i0, n, inner, buf.AsSpan(0, len), buf.AsSpan(InnerChunk, len), buf.AsSpan(2 * InnerChunk, len), log);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buf);
            }
        });
        return result;
    }

    private static void Row<T>(ReadOnlySpan<T> x, Span<T> y, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, m, y);
        if (log)
        {
            var tmp = ArrayPool<T>.Shared.Rent(y.Length);
            TensorPrimitives.Exp(y, tmp.AsSpan(0, y.Length));
            T lse = T.Log(SumReduce.Reduce<T>(tmp.AsSpan(0, y.Length)));
            ArrayPool<T>.Shared.Return(tmp);
            TensorPrimitives.Subtract(y, lse, y);
            return;
        }
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, SumReduce.Reduce<T>(y), y);
    }

    /// <summary>
    /// Softmax of <c>len</c> interleaved columns: row r of the block starts at <c>start + r * stride</c>.
    /// <paramref name="max"/>, <paramref name="sum"/> and <paramref name="tmp"/> are per-column scratch.
    /// </summary>
    private static void Columns<T>(T[] src, int srcStart, T[] dst, int dstStart, int n, int stride, Span<T> max, Span<T> sum, Span<T> tmp, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int len = max.Length;
        src.AsSpan(srcStart, len).CopyTo(max);
        for (int r = 1; r < n; r++) TensorPrimitives.Max(max, src.AsSpan(srcStart + r * stride, len), max);
        sum.Clear();
        for (int r = 0; r < n; r++)
        {
            var y = dst.AsSpan(dstStart + r * stride, len);
            TensorPrimitives.Subtract(src.AsSpan(srcStart + r * stride, len), max, y);
            if (log)
            {
                TensorPrimitives.Exp(y, tmp);
                TensorPrimitives.Add(sum, tmp, sum);
            }
            else
            {
                TensorPrimitives.Exp(y, y);
                TensorPrimitives.Add(sum, y, sum);
            }
        }
        if (log) TensorPrimitives.Log(sum, sum);
        for (int r = 0; r < n; r++)
        {
            var y = dst.AsSpan(dstStart + r * stride, len);
            if (log) TensorPrimitives.Subtract(y, sum, y);
            else TensorPrimitives.Divide(y, sum, y);
        }
    }
}
