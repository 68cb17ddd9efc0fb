using System.Numerics;

namespace Nabla.Kernels;

/// <summary>An elementwise binary operation on numbers of any Nabla numeric type.</summary>
internal interface IBinaryOp
{
    static abstract T Apply<T>(T a, T b) where T : unmanaged, INumber<T>;

    /// <summary>Vector-vector.</summary>
    static abstract void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T>;

    /// <summary>Vector-scalar.</summary>
    static abstract void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> d) where T : unmanaged, INumber<T>;

    /// <summary>Scalar-vector.</summary>
    static abstract void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T>;
}

/// <summary>An elementwise predicate of two numbers, producing a bool tensor.</summary>
internal interface ICompareOp
{
    static abstract bool Apply<T>(T a, T b) where T : unmanaged, INumber<T>;
}

/// <summary>
/// Broadcasting elementwise kernels. Operands are walked as dense inner runs where their strides allow
/// (vector-vector, vector-scalar, scalar-vector), with a scalar loop only for genuinely strided runs.
/// </summary>
internal static class BinaryKernel
{
    /// <summary>
    /// Applies <typeparamref name="TOp"/> to two tensors of the same dtype with broadcasting. Bool operands are
    /// computed as 0/1 integers and read back as nonzero = true, which is PyTorch's bool arithmetic: + is or,
    /// * is and, maximum is or, minimum is and.
    /// </summary>
    public static Tensor Apply<TOp>(Tensor a, Tensor b, string op) where TOp : IBinaryOp => a.DType switch
    {
        DType.Float32 => Run<float, float, Numeric<TOp>>(a, b, op),
        DType.Float64 => Run<double, double, Numeric<TOp>>(a, b, op),
        DType.Int64 => Run<long, long, Numeric<TOp>>(a, b, op),
        DType.Int32 => Run<int, int, Numeric<TOp>>(a, b, op),
        DType.Bool => Run<int, int, Numeric<TOp>>(a.To(DType.Int32), b.To(DType.Int32), op).To(DType.Bool),
        _ => throw new NotSupportedException($"{op}: not supported for {a.DType} tensors."),
    };

    /// <summary>Applies a comparison to two tensors of the same numeric dtype with broadcasting.</summary>
    public static Tensor Compare<TOp>(Tensor a, Tensor b, string op) where TOp : ICompareOp => a.DType switch
    {
        DType.Float32 => Run<float, bool, Comparison<TOp>>(a, b, op),
        DType.Float64 => Run<double, bool, Comparison<TOp>>(a, b, op),
        DType.Int64 => Run<long, bool, Comparison<TOp>>(a, b, op),
        DType.Int32 => Run<int, bool, Comparison<TOp>>(a, b, op),
        _ => throw new NotSupportedException($"{op}: not supported for {a.DType} tensors."),
    };

    /// <summary>Applies a function of two typed elements with broadcasting; for ops outside the numeric family.</summary>
    public static Tensor Run<T, TOut, TK>(Tensor a, Tensor b, string op)
        where T : unmanaged where TOut : unmanaged where TK : IRunKernel<T, TOut>
    {
        var shape = Strided.BroadcastShapes(a.Dims, b.Dims, op);
        var storage = Storage<TOut>.Allocate(Shape.Numel(shape), zero: false);
        var result = new Tensor(storage, shape);
        int n = result.NumElements;
        if (n == 0) return result;

        int rank = Math.Max(shape.Length, 1);
        var dims = new int[rank];
        var sa = new int[rank];
        var sb = new int[rank];
        if (shape.Length == 0) dims[0] = 1;
        else
        {
            shape.CopyTo(dims, 0);
            Strided.BroadcastStrides(a, shape).CopyTo(sa, 0);
            Strided.BroadcastStrides(b, shape).CopyTo(sb, 0);
        }
        rank = Strided.Coalesce(dims, sa, sb);
        var da = a.Buffer<T>();
        var db = b.Buffer<T>();
        var dst = storage.Data;
        int inner = dims[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1], rows = n / inner;
        int offA = a.Offset, offB = b.Offset;

        if (rows == 1)
        {
            // One long run: split it across threads instead of rows.
            const int Grain = 8192;
            int chunks = (inner + Grain - 1) / Grain;
            ParallelFor.Run(chunks, Grain, (s, e) =>
            {
                int start = s * Grain, len = Math.Min(e * Grain, inner) - start;
                TK.Run(da, offA + start * ia, ia, db, offB + start * ib, ib, dst.AsSpan(start, len));
            });
            return result;
        }
        ParallelFor.Run(rows, inner, (s, e) =>
        {
            for (int row = s; row < e; row++)
            {
                var (oa, ob) = Strided.RowOffsets(row, dims, sa, sb, rank);
                TK.Run(da, offA + oa, ia, db, offB + ob, ib, dst.AsSpan(row * inner, inner));
            }
        });
        return result;
    }
}

/// <summary>Processes one inner run of a broadcast binary loop.</summary>
internal interface IRunKernel<T, TOut> where T : unmanaged where TOut : unmanaged
{
    static abstract void Run(T[] a, int oa, int sa, T[] b, int ob, int sb, Span<TOut> d);
}

/// <summary>Runs an <see cref="IBinaryOp"/> with its span fast paths.</summary>
internal readonly struct Numeric<TOp> : IRunKernel<float, float>, IRunKernel<double, double>, IRunKernel<long, long>, IRunKernel<int, int>
    where TOp : IBinaryOp
{
    static void IRunKernel<float, float>.Run(float[] a, int oa, int sa, float[] b, int ob, int sb, Span<float> d) => Go<float>(a, oa, sa, b, ob, sb, d);
    static void IRunKernel<double, double>.Run(double[] a, int oa, int sa, double[] b, int ob, int sb, Span<double> d) => Go<double>(a, oa, sa, b, ob, sb, d);
    static void IRunKernel<long, long>.Run(long[] a, int oa, int sa, long[] b, int ob, int sb, Span<long> d) => Go<long>(a, oa, sa, b, ob, sb, d);
    static void IRunKernel<int, int>.Run(int[] a, int oa, int sa, int[] b, int ob, int sb, Span<int> d) => Go<int>(a, oa, sa, b, ob, sb, d);

    private static void Go<T>(T[] a, int oa, int sa, T[] b, int ob, int sb, Span<T> d) where T : unmanaged, INumber<T>
    {
        int n = d.Length;
        if (sa == 1 && sb == 1) TOp.Apply<T>(a.AsSpan(oa, n), b.AsSpan(ob, n), d);
        else if (sa == 1 && sb == 0) TOp.Apply(a.AsSpan(oa, n), b[ob], d);
        else if (sa == 0 && sb == 1) TOp.Apply(a[oa], b.AsSpan(ob, n), d);
        else
            for (int i = 0; i < n; i++, oa += sa, ob += sb) d[i] = TOp.Apply(a[oa], b[ob]);
    }
}

/// <summary>Runs an <see cref="ICompareOp"/>.</summary>
internal readonly struct Comparison<TOp> : IRunKernel<float, bool>, IRunKernel<double, bool>, IRunKernel<long, bool>, IRunKernel<int, bool>
    where TOp : ICompareOp
{
    static void IRunKernel<float, bool>.Run(float[] a, int oa, int sa, float[] b, int ob, int sb, Span<bool> d) => Go(a, oa, sa, b, ob, sb, d);
    static void IRunKernel<double, bool>.Run(double[] a, int oa, int sa, double[] b, int ob, int sb, Span<bool> d) => Go(a, oa, sa, b, ob, sb, d);
    static void IRunKernel<long, bool>.Run(long[] a, int oa, int sa, long[] b, int ob, int sb, Span<bool> d) => Go(a, oa, sa, b, ob, sb, d);
    static void IRunKernel<int, bool>.Run(int[] a, int oa, int sa, int[] b, int ob, int sb, Span<bool> d) => Go(a, oa, sa, b, ob, sb, d);

    private static void Go<T>(T[] a, int oa, int sa, T[] b, int ob, int sb, Span<bool> d) where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < d.Length; i++, oa += sa, ob += sb) d[i] = TOp.Apply(a[oa], b[ob]);
    }
}
