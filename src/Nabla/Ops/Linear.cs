using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// y = x·Wᵀ + b for x (*, in), W (out, in), b (out) as one node: the bias is added in place to the GEMM's fresh
/// output, so the layer makes one (*, out) tensor instead of a product and a sum. The weight gradient is one GEMM
/// over the flattened rows, gᵀ·x, laid out like W; the bias gradient is the column sum of g.
/// </summary>
internal sealed class Linear : Function
{
    public override string Name => "Linear";

    /// <summary>Input, weight and a 1-D bias of the product's dtype (callers compose other cases from MatMul and Add).</summary>
    public static Tensor Apply(Tensor x, Tensor w, Tensor b)
    {
        Tensor y;
        using (GradMode.NoGrad())
        using (ForwardAD.Suspend())
            y = x.MatMul(w.T);
        if (y.DType == DType.Float32) AddRows<float>(y, b);
        else AddRows<double>(y, b);
        return Tracks([x, w, b]) ? new Linear().Record(y, x, w, b) : y;
    }

    /// <summary>Adds <paramref name="bias"/> to every row of the dense, freshly made <paramref name="y"/>.</summary>
    private static void AddRows<T>(Tensor y, Tensor bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = bias.Dims[0];
        if (width == 0 || y.NumElements == 0) return;
        var b = bias.IsContiguous ? bias : bias.DenseCopy();
        var (dst, src) = (y.Buffer<T>(), b.Buffer<T>());
        int bo = b.Offset;
        ParallelFor.Run(y.NumElements / width, width, (start, end) =>
        {
            var row = src.AsSpan(bo, width);
            for (int r = start; r < end; r++)
            {
                var d = dst.AsSpan(r * width, width);
                TensorPrimitives.Add(d, row, d);
            }
        });
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (x, w, b) = (Inputs[0], Inputs[1], Inputs[2]);
        return
        [
            x.RequiresGrad ? g.MatMul(w) : null,
            w.RequiresGrad ? Rows(g).MT.MatMul(Rows(x)) : null,
            b.RequiresGrad ? BinaryOps.SumTo(g, b.Dims) : null,
        ];
    }

    // Flatten rather than Reshape(-1, k): -1 cannot be inferred when the batch is empty or k (in_features) is 0.
    private static Tensor Rows(Tensor t) => t.Rank == 1 ? t.Reshape(1, t.Dims[0]) : t.Flatten(0, -2);

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (x, w) = (Inputs[0], Inputs[1]);
        var r = BinaryOps.AddTangents(t[0]?.MatMul(w.T), t[1] is null ? null : x.MatMul(t[1]!.T));
        var dims = OutputDims(x, w);
        if (t[2] is { } tb) r = r is null ? tb.Expand(dims).Contiguous() : r + tb;
        return r ?? Tensor.Zeros(dims, x.DType);
    }

    private static int[] OutputDims(Tensor x, Tensor w)
    {
        var dims = (int[])x.Dims.Clone();
        dims[^1] = w.Dims[0];
        return dims;
    }
}
