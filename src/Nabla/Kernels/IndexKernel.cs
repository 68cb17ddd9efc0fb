using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>Combines a source element into a destination slot: assignment for scatter, addition for scatter-add.</summary>
internal interface IElementOp<T> where T : unmanaged
{
    static abstract void Apply(T[] dst, int offset, T value);
}

/// <summary>Overwrites the destination.</summary>
internal readonly struct AssignOp<T> : IElementOp<T> where T : unmanaged
{
    public static void Apply(T[] dst, int offset, T value) => dst[offset] = value;
}

/// <summary>Accumulates into the destination.</summary>
internal readonly struct AccumulateOp<T> : IElementOp<T> where T : unmanaged, INumber<T>
{
    public static void Apply(T[] dst, int offset, T value) => dst[offset] += value;
}

/// <summary>
/// Index-driven data movement along one dimension: gather/scatter (an index per element) and index_select/index_add
/// (an index per slice, moved as contiguous runs). Inputs are made dense first, so offsets follow row-major strides.
/// </summary>
internal static class IndexKernel
{
    /// <summary><c>y[i][j][k] = x[i][index[i][j][k]][k]</c> for <c>dim = 1</c>; the output has the index's shape.</summary>
    public static Tensor Gather(Tensor x, int dim, Tensor index)
    {
        var xd = Dense(x);
        var id = Dense(index);
        var y = Tensor.Empty(index.Dims, x.DType);
        switch (x.DType)
        {
            case DType.Float32: GatherCore<float>(xd, dim, id, y); break;
            case DType.Float64: GatherCore<double>(xd, dim, id, y); break;
            case DType.Int64: GatherCore<long>(xd, dim, id, y); break;
            case DType.Int32: GatherCore<int>(xd, dim, id, y); break;
            default: GatherCore<bool>(xd, dim, id, y); break;
        }
        return y;
    }

    /// <summary>A copy of <paramref name="self"/> with <c>src</c> elements written (or added) at the index positions along <paramref name="dim"/>.</summary>
    public static Tensor Scatter(Tensor self, int dim, Tensor index, Tensor src, bool add, string op)
    {
        var y = self.DenseCopy();
        var id = Dense(index);
        var sd = Dense(src);
        switch (self.DType)
        {
            case DType.Float32: if (add) ScatterCore<float, AccumulateOp<float>>(y, dim, id, sd, op); else ScatterCore<float, AssignOp<float>>(y, dim, id, sd, op); break;
            case DType.Float64: if (add) ScatterCore<double, AccumulateOp<double>>(y, dim, id, sd, op); else ScatterCore<double, AssignOp<double>>(y, dim, id, sd, op); break;
            case DType.Int64: if (add) ScatterCore<long, AccumulateOp<long>>(y, dim, id, sd, op); else ScatterCore<long, AssignOp<long>>(y, dim, id, sd, op); break;
            case DType.Int32: if (add) ScatterCore<int, AccumulateOp<int>>(y, dim, id, sd, op); else ScatterCore<int, AssignOp<int>>(y, dim, id, sd, op); break;
            default:
                if (add) throw new NotSupportedException($"{op}: not supported for Bool tensors.");
                ScatterCore<bool, AssignOp<bool>>(y, dim, id, sd, op);
                break;
        }
        return y;
    }

    /// <summary>Slices <c>index[k]</c> of <paramref name="dim"/> stacked in index order; each slice's inner block is one copy.</summary>
    public static Tensor IndexSelect(Tensor x, int dim, long[] index)
    {
        var xd = Dense(x);
        var dims = (int[])x.Dims.Clone();
        dims[dim] = index.Length;
        var y = Tensor.Empty(dims, x.DType);
        switch (x.DType)
        {
            case DType.Float32: SelectCore<float>(xd, dim, index, y); break;
            case DType.Float64: SelectCore<double>(xd, dim, index, y); break;
            case DType.Int64: SelectCore<long>(xd, dim, index, y); break;
            case DType.Int32: SelectCore<int>(xd, dim, index, y); break;
            default: SelectCore<bool>(xd, dim, index, y); break;
        }
        return y;
    }

    /// <summary>A copy of <paramref name="self"/> with slice k of <paramref name="source"/> added to slice <c>index[k]</c> along <paramref name="dim"/>.</summary>
    public static Tensor IndexAdd(Tensor self, int dim, long[] index, Tensor source, string op)
    {
        var y = self.DenseCopy();
        var sd = Dense(source);
        switch (self.DType)
        {
            case DType.Float32: AddCore<float>(y, dim, index, sd); break;
            case DType.Float64: AddCore<double>(y, dim, index, sd); break;
            case DType.Int64: AddCore<long>(y, dim, index, sd); break;
            case DType.Int32: AddCore<int>(y, dim, index, sd); break;
            default: throw new NotSupportedException($"{op}: not supported for Bool tensors.");
        }
        return y;
    }

    /// <summary>A copy of <paramref name="x"/> with <paramref name="value"/> wherever the (already broadcast, dense) mask is true.</summary>
    public static Tensor MaskedFill(Tensor x, bool[] mask, int maskOffset, double value)
    {
        var y = x.DenseCopy();
        int n = y.NumElements;
        switch (x.DType)
        {
            case DType.Float32: Fill(y.Buffer<float>(), mask, maskOffset, n, (float)value); break;
            case DType.Float64: Fill(y.Buffer<double>(), mask, maskOffset, n, value); break;
            case DType.Int64: Fill(y.Buffer<long>(), mask, maskOffset, n, (long)value); break;
            case DType.Int32: Fill(y.Buffer<int>(), mask, maskOffset, n, (int)value); break;
            default: Fill(y.Buffer<bool>(), mask, maskOffset, n, value != 0); break;
        }
        return y;
    }

    /// <summary>The index values as longs, checked against <paramref name="size"/> (negative values count from the end when <paramref name="allowNegative"/>).</summary>
    public static long[] Indices(Tensor index, int size, int dim, bool allowNegative, string op)
    {
        var values = index.ToArray<long>();
        for (int i = 0; i < values.Length; i++)
        {
            long v = values[i];
            if (v < -size || v >= size || (v < 0 && !allowNegative))
                throw new ArgumentOutOfRangeException(nameof(index), $"{op}: index {v} is out of bounds for dimension {dim} with size {size}.");
            if (v < 0) values[i] = v + size;
        }
        return values;
    }

    /// <summary>Int64 one-hot rows: the output has the input's shape plus a last dimension of <paramref name="numClasses"/>.</summary>
    public static Tensor OneHot(Tensor indices, int numClasses)
    {
        var values = indices.ToArray<long>();
        var y = Tensor.Zeros([.. indices.Dims, numClasses], DType.Int64);
        var dst = y.Buffer<long>();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0 || values[i] >= numClasses)
                throw new ArgumentException($"OneHot: class value {values[i]} is out of range for {numClasses} classes.");
            dst[i * numClasses + (int)values[i]] = 1;
        }
        return y;
    }

    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : t.DenseCopy();

    private static void Fill<T>(T[] y, bool[] mask, int maskOffset, int n, T value) where T : unmanaged
    {
        for (int i = 0; i < n; i++)
            if (mask[maskOffset + i]) y[i] = value;
    }

    /// <summary>The index viewed as rows over its last dimension; the offset of a row's first element in a tensor with strides <paramref name="strides"/>, skipping <paramref name="dim"/>.</summary>
    private static int RowBase(int row, int[] indexDims, int[] strides, int dim)
    {
        int offset = 0;
        for (int d = indexDims.Length - 2; d >= 0; d--)
        {
            int c = row % indexDims[d];
            row /= indexDims[d];
            if (d != dim) offset += c * strides[d];
        }
        return offset;
    }

    private static (int[] Dims, int Inner, int Rows) Rows(Tensor index)
    {
        int[] dims = index.Rank == 0 ? [1] : index.Dims;
        int inner = dims[^1];
        return (dims, inner, inner == 0 ? 0 : index.NumElements / inner);
    }

    private static void GatherCore<T>(Tensor x, int dim, Tensor index, Tensor y) where T : unmanaged
    {
        var (dims, inner, rows) = Rows(index);
        int[] xDims = x.Rank == 0 ? [1] : x.Dims;
        var xs = Tensor.ContiguousStrides(xDims);
        int last = dims.Length - 1, size = xDims[dim], sDim = xs[dim], sLast = xs[last];
        var src = x.Buffer<T>();
        var idx = index.Buffer<long>();
        var dst = y.Buffer<T>();
        int xOff = x.Offset, iOff = index.Offset;
        // Bounds are checked before the parallel loop so that errors surface as plain exceptions.
        for (int i = 0; i < index.NumElements; i++)
            if ((ulong)idx[iOff + i] >= (ulong)size) throw OutOfBounds("Gather", idx[iOff + i], dim, size);
        ParallelFor.Run(rows, inner, (start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                int b = xOff + RowBase(row, dims, xs, dim), r = row * inner;
                for (int k = 0; k < inner; k++)
                {
                    dst[r + k] = src[b + (dim == last ? 0 : k * sLast) + (int)idx[iOff + r + k] * sDim];
                }
            }
        });
    }

    private static void ScatterCore<T, TOp>(Tensor y, int dim, Tensor index, Tensor src, string op) where T : unmanaged where TOp : IElementOp<T>
    {
        var (dims, inner, rows) = Rows(index);
        int[] yDims = y.Rank == 0 ? [1] : y.Dims;
        int[] srcDims = src.Rank == 0 ? [1] : src.Dims;
        var ys = Tensor.ContiguousStrides(yDims);
        var ss = Tensor.ContiguousStrides(srcDims);
        int last = dims.Length - 1, size = yDims[dim];
        var to = y.Buffer<T>();
        var from = src.Buffer<T>();
        var idx = index.Buffer<long>();
        int sOff = src.Offset, iOff = index.Offset;
        // Sequential: duplicate indices must combine in a fixed order.
        for (int row = 0; row < rows; row++)
        {
            int yb = RowBase(row, dims, ys, dim), sb = sOff + RowBase(row, dims, ss, -1), r = row * inner;
            for (int k = 0; k < inner; k++)
            {
                long v = idx[iOff + r + k];
                if ((ulong)v >= (ulong)size) throw OutOfBounds(op, v, dim, size);
                TOp.Apply(to, yb + (dim == last ? 0 : k * ys[last]) + (int)v * ys[dim], from[sb + k * ss[last]]);
            }
        }
    }

    private static void SelectCore<T>(Tensor x, int dim, long[] index, Tensor y) where T : unmanaged
    {
        var (outer, size, inner) = Arrange(x.Dims, dim);
        int k = index.Length, xOff = x.Offset;
        var src = x.Buffer<T>();
        var dst = y.Buffer<T>();
        ParallelFor.Run(outer * k, inner, (start, end) =>
        {
            for (int p = start; p < end; p++)
            {
                int o = p / k, j = p % k;
                Array.Copy(src, xOff + (o * size + (int)index[j]) * inner, dst, p * inner, inner);
            }
        });
    }

    private static void AddCore<T>(Tensor y, int dim, long[] index, Tensor source) where T : unmanaged, INumber<T>
    {
        var (outer, size, inner) = Arrange(y.Dims, dim);
        int k = index.Length, sOff = source.Offset;
        var dst = y.Buffer<T>();
        var src = source.Buffer<T>();
        // Parallel over outer blocks only, so repeated indices accumulate in index order.
        ParallelFor.Run(outer, (long)k * inner, (start, end) =>
        {
            for (int o = start; o < end; o++)
                for (int j = 0; j < k; j++)
                {
                    var d = dst.AsSpan((o * size + (int)index[j]) * inner, inner);
                    TensorPrimitives.Add<T>(d, src.AsSpan(sOff + (o * k + j) * inner, inner), d);
                }
        });
    }

    private static (int Outer, int Size, int Inner) Arrange(int[] dims, int dim)
    {
        if (dims.Length == 0) return (1, 1, 1);
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= dims[i];
        for (int i = dim + 1; i < dims.Length; i++) inner *= dims[i];
        return (outer, dims[dim], inner);
    }

    private static ArgumentOutOfRangeException OutOfBounds(string op, long v, int dim, int size) =>
        new("index", $"{op}: index {v} is out of bounds for dimension {dim} with size {size}.");
}
