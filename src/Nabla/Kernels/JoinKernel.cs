namespace Nabla.Kernels;

/// <summary>Copies between strided views: the data movement behind concatenation and padding.</summary>
internal static class JoinKernel
{
    /// <summary>Writes the elements of <paramref name="src"/> into the view <paramref name="dst"/> of the same shape and dtype.</summary>
    public static void Assign(Tensor dst, Tensor src)
    {
        switch (dst.DType)
        {
            case DType.Float32: Assign<float>(dst, src); break;
            case DType.Float64: Assign<double>(dst, src); break;
            case DType.Int64: Assign<long>(dst, src); break;
            case DType.Int32: Assign<int>(dst, src); break;
            default: Assign<bool>(dst, src); break;
        }
    }

    /// <summary>Concatenates same-dtype tensors along <paramref name="dim"/> into a new dense tensor of <paramref name="outDims"/>.</summary>
    public static Tensor Cat(Tensor[] tensors, int dim, int[] outDims)
    {
        var y = Tensor.Empty(outDims, tensors[0].DType);
        var strides = Tensor.ContiguousStrides(outDims);
        int offset = 0;
        foreach (var t in tensors)
        {
            Assign(y.Borrow(t.Dims, strides, offset), t);
            offset += t.Dims[dim] * strides[dim];
        }
        return y;
    }

    private static void Assign<T>(Tensor dst, Tensor src) where T : unmanaged
    {
        int n = src.NumElements;
        if (n == 0) return;
        int rank = Math.Max(src.Rank, 1);
        var dims = new int[rank];
        var sd = new int[rank];
        var ss = new int[rank];
        if (src.Rank == 0) dims[0] = 1;
        else
        {
            src.Dims.CopyTo(dims, 0);
            dst.Strides.CopyTo(sd, 0);
            src.Strides.CopyTo(ss, 0);
        }
        rank = Strided.Coalesce(dims, sd, ss);
        var to = dst.Buffer<T>();
        var from = src.Buffer<T>();
        int inner = dims[rank - 1], strideD = sd[rank - 1], strideS = ss[rank - 1], rows = n / inner;
        int baseD = dst.Offset, baseS = src.Offset;
        ParallelFor.Run(rows, inner, (start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                var (od, os) = Strided.RowOffsets(row, dims, sd, ss, rank);
                od += baseD;
                os += baseS;
                if (strideD == 1 && strideS == 1)
                {
                    Array.Copy(from, os, to, od, inner);
                    continue;
                }
                for (int i = 0; i < inner; i++, od += strideD, os += strideS) to[od] = from[os];
            }
        });
    }
}
