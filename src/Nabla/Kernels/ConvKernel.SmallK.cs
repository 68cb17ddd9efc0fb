using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Ops;

namespace Nabla.Kernels;

internal static unsafe partial class ConvKernel
{
    /// <summary>
    /// Im2col rows up to this many (Cg·KH·KW, e.g. a 3×3 kernel over one input channel) get their weight gradient
    /// as dot products: as a GEMM its long depth L would be packed transposed for an output of only Og×K.
    /// </summary>
    private const int SmallK = 16;

    /// <summary>bias-grad (O) = Σ over batch and positions of gy (N, O, OH, OW); channels in parallel, so sums are ordered.</summary>
    public static Tensor BiasGrad(Tensor gy)
    {
        int n = gy.Dims[0], o = gy.Dims[1], l = gy.Dims[2] * gy.Dims[3];
        var db = Tensor.Allocate([o], gy.DType, zero: true);
        if (db.NumElements == 0 || n == 0 || l == 0) return db;
        gy = Dense(gy);
        if (gy.DType == DType.Float32) BiasGrad<float>(gy, db, n, o, l);
        else BiasGrad<double>(gy, db, n, o, l);
        return db;
    }

    private static void BiasGrad<T>(Tensor gt, Tensor dbt, int n, int o, int l) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] gs = gt.Buffer<T>(), dbs = dbt.Buffer<T>();
        int go = gt.Offset;
        ParallelFor.Run(o, (long)n * l, (c0, c1) =>
        {
            int vc = Vector<T>.Count;
            fixed (T* pg = gs)
                for (int c = c0; c < c1; c++)
                {
                    // Vector partial sums across the whole batch, reduced once per channel.
                    var (a0, a1) = (Vector<T>.Zero, Vector<T>.Zero);
                    T tail = T.Zero;
                    for (int i = 0; i < n; i++)
                    {
                        T* row = pg + go + ((long)i * o + c) * l;
                        int j = 0;
                        for (; j <= l - 2 * vc; j += 2 * vc)
                        {
                            a0 += Vector.Load(row + j);
                            a1 += Vector.Load(row + j + vc);
                        }
                        for (; j < l; j++) tail += row[j];
                    }
                    dbs[c] = Vector.Sum(a0 + a1) + tail;
                }
        });
    }

    /// <summary>dw (Og×K) += gy (Og×L) · col (K×L)ᵀ for a shallow K, as Og·K dot products.</summary>
    private static void SmallKWeightGrad<T>(in ConvGeometry g, T* gy, T* col, T* dw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = g.K, l = g.L;
        for (int o = 0; o < g.Og; o++)
        {
            var gr = new ReadOnlySpan<T>(gy + (long)o * l, l);
            for (int p = 0; p < k; p++) dw[o * k + p] += TensorPrimitives.Dot(gr, new ReadOnlySpan<T>(col + (long)p * l, l));
        }
    }
}
