namespace Nabla.Kernels;

/// <summary>
/// Helpers for walking strided views: broadcasting shapes, merging dimensions that are contiguous for every
/// operand, and copying a view into a dense buffer.
/// </summary>
internal static class Strided
{
    /// <summary>The broadcast shape of two shapes under NumPy/PyTorch rules, or an error naming the op.</summary>
    public static int[] BroadcastShapes(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        int r = Math.Max(a.Length, b.Length);
        var result = new int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i < r - a.Length ? 1 : a[i - (r - a.Length)];
            int db = i < r - b.Length ? 1 : b[i - (r - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Shape.Format(a)} and {Shape.Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db}).");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides of <paramref name="t"/> viewed with broadcast shape <paramref name="shape"/> (0 where expanded).</summary>
    public static int[] BroadcastStrides(Tensor t, ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        int lead = shape.Length - t.Rank;
        for (int i = 0; i < t.Rank; i++)
            s[lead + i] = t.Dims[i] == 1 && shape[lead + i] != 1 ? 0 : t.Strides[i];
        return s;
    }

    /// <summary>
    /// Merges adjacent dimensions that every operand walks contiguously and drops size-1 dimensions, in place.
    /// Returns the new rank (at least 1). The output is assumed dense, so it never blocks a merge.
    /// </summary>
    public static int Coalesce(Span<int> dims, Span<int> s0, Span<int> s1)
    {
        int r = 0;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == 1) continue;
            if (r > 0 && s0[r - 1] == s0[i] * dims[i] && s1[r - 1] == s1[i] * dims[i])
            {
                dims[r - 1] *= dims[i];
                s0[r - 1] = s0[i];
                s1[r - 1] = s1[i];
                continue;
            }
            dims[r] = dims[i];
            s0[r] = s0[i];
            s1[r] = s1[i];
            r++;
        }
        if (r == 0)
        {
            dims[0] = 1;
            s0[0] = 0;
            s1[0] = 0;
            r = 1;
        }
        return r;
    }

    /// <summary>Offsets of the first element of outer row <paramref name="row"/> for two operands.</summary>
    public static (int A, int B) RowOffsets(int row, ReadOnlySpan<int> dims, ReadOnlySpan<int> sA, ReadOnlySpan<int> sB, int rank)
    {
        int oa = 0, ob = 0;
        for (int d = rank - 2; d >= 0; d--)
        {
            int idx = row % dims[d];
            row /= dims[d];
            oa += idx * sA[d];
            ob += idx * sB[d];
        }
        return (oa, ob);
    }

    /// <summary>Copies the elements of view <paramref name="src"/> in row-major order into <paramref name="dst"/>.</summary>
    public static void CopyTo<T>(Tensor src, T[] dst, int dstOffset) where T : unmanaged
    {
        int n = src.NumElements;
        if (n == 0) return;
        var data = src.Buffer<T>();
        if (src.IsContiguous)
        {
            Array.Copy(data, src.Offset, dst, dstOffset, n);
            return;
        }
        int rank = Math.Max(src.Rank, 1);
        var dims = new int[rank];
        var s = new int[rank];
        var unused = new int[rank];
        if (src.Rank == 0) dims[0] = 1;
        else
        {
            src.Dims.CopyTo(dims, 0);
            src.Strides.CopyTo(s, 0);
        }
        rank = Coalesce(dims, s, unused);
        int inner = dims[rank - 1], stride = s[rank - 1], rows = n / inner, baseOffset = src.Offset;
        ParallelFor.Run(rows, inner, (start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                int o = baseOffset + RowOffsets(row, dims, s, unused, rank).A;
                int d = dstOffset + row * inner;
                if (stride == 1)
                {
                    Array.Copy(data, o, dst, d, inner);
                }
                else
                {
                    for (int i = 0; i < inner; i++, o += stride) dst[d + i] = data[o];
                }
            }
        });
    }
}
