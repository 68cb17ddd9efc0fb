using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Matrix product with <c>torch.matmul</c> semantics. 1-D operands are promoted to matrices and the added
/// dimension removed afterwards (composed from views, so gradients follow); the core is a batched product of
/// [..., m, k] and [..., k, n] with broadcast batch dims, run by the packed GEMM with transposed views handled as
/// transpose flags rather than copies.
/// </summary>
internal sealed class MatMul : Function
{
    public override string Name => "MatMul";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException($"MatMul: both arguments need at least one dimension, got {Format(a)} and {Format(b)}.");
        // As in torch.matmul, operands of different dtypes are an error rather than promoted: a float64 batch fed to a
        // float32 layer should be caught, not silently computed in float64.
        if (a.DType != b.DType)
            throw new ArgumentException($"MatMul: {Format(a)} @ {Format(b)}: both operands must have the same dtype, got {a.DType} and {b.DType}.");
        if (a.Rank == 1 && b.Rank == 1)
        {
            if (a.Dims[0] != b.Dims[0])
                throw new ArgumentException($"MatMul: {Format(a)} @ {Format(b)}: inner dimensions {a.Dims[0]} and {b.Dims[0]} differ.");
            return (a * b).Sum();
        }
        if (a.Rank == 1) return Batched(a.Unsqueeze(0), b, a, b).Squeeze(-2);
        if (b.Rank == 1) return Batched(a, b.Unsqueeze(-1), a, b).Squeeze(-1);
        return Batched(a, b, a, b);
    }

    private static string Format(Tensor t) => Format(t.Dims);

    private static string Format(int[] dims) => "[" + string.Join(",", dims) + "]";

    private static Tensor Batched(Tensor a, Tensor b, Tensor origA, Tensor origB)
    {
        int k = a.Dims[^1];
        if (b.Dims[^2] != k)
            throw new ArgumentException($"MatMul: {Format(origA)} @ {Format(origB)}: inner dimensions {k} and {b.Dims[^2]} differ.");
        (a, b) = BinaryOps.Promote(a, b, floatOnly: true);
        int m = a.Dims[^2], n = b.Dims[^1];
        int[] batch;
        try
        {
            batch = Strided.BroadcastShapes(a.Dims.AsSpan(0, a.Rank - 2), b.Dims.AsSpan(0, b.Rank - 2), "MatMul");
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"MatMul: {Format(origA)} @ {Format(origB)}: batch dimensions {Format(a.Dims[..^2])} and {Format(b.Dims[..^2])} cannot be broadcast together.");
        }
        int[] outDims = [.. batch, m, n];
        var y = Tensor.Allocate(outDims, a.DType, zero: k == 0);
        if (y.NumElements > 0 && k > 0) Compute(a, b, y, batch, m, n, k);
        return Tracks(a, b) ? new MatMul().Record(y, a, b) : y;
    }

    private static void Compute(Tensor a, Tensor b, Tensor y, int[] batch, int m, int n, int k)
    {
        int batchCount = Shape.Numel(batch);
        // [..., m, k] @ [k, n] with a dense left operand is one tall GEMM (every Linear layer on a batch).
        if (b.Rank == 2 && a.IsContiguous)
        {
            var (mb, _) = BatchView(b, []);
            var (tb, ldb) = Layout(mb);
            Gemm(false, tb, batchCount * m, n, k, a, k, 0, mb, ldb, 0, y, 1);
            return;
        }
        var (ma, sa) = BatchView(a, batch);
        var (mbb, sb) = BatchView(b, batch);
        var (ta, lda) = Layout(ma);
        var (tbb, ldbb) = Layout(mbb);
        Gemm(ta, tbb, m, n, k, ma, lda, sa, mbb, ldbb, sb, y, batchCount);
    }

    private static void Gemm(bool ta, bool tb, int m, int n, int k, Tensor a, int lda, long strideA, Tensor b, int ldb, long strideB, Tensor y, int batch)
    {
        if (y.DType == DType.Float32)
            Kernels.Gemm.SgemmBatched(ta, tb, batch, m, n, k, 1f, a.Buffer<float>().AsSpan(a.Offset), lda, strideA,
                b.Buffer<float>().AsSpan(b.Offset), ldb, strideB, 0f, y.Buffer<float>().AsSpan(0, y.NumElements), n, (long)m * n);
        else
            Kernels.Gemm.DgemmBatched(ta, tb, batch, m, n, k, 1.0, a.Buffer<double>().AsSpan(a.Offset), lda, strideA,
                b.Buffer<double>().AsSpan(b.Offset), ldb, strideB, 0.0, y.Buffer<double>().AsSpan(0, y.NumElements), n, (long)m * n);
    }

    /// <summary>
    /// The operand as (batch, rows, cols) matrices the GEMM can read in place (unit stride along rows or columns)
    /// with one batch stride, materialising a dense copy only when its strides allow neither.
    /// </summary>
    private static (Tensor Mats, long Stride) BatchView(Tensor t, int[] batch)
    {
        int rows = t.Dims[^2], cols = t.Dims[^1];
        int[] full = [.. batch, rows, cols];
        var e = t.Dims.AsSpan().SequenceEqual(full) ? t : t.Detach().Expand(full);
        int rs = e.Strides[^2], cs = e.Strides[^1];
        bool inPlace = (cs == 1 || cols == 1 || rs == 1 || rows == 1) && (rows == 1 || rs != 0) && (cols == 1 || cs != 0);
        long stride = 0;
        int expected = -1;
        for (int d = batch.Length - 1; d >= 0 && inPlace; d--)
        {
            if (e.Dims[d] == 1) continue;
            int s = e.Strides[d];
            if (expected < 0)
            {
                stride = s;
                expected = s * e.Dims[d];
            }
            else if (s == expected) expected *= e.Dims[d];
            else if (!(s == 0 && stride == 0)) inPlace = false;
        }
        int batchCount = Shape.Numel(batch);
        if (inPlace) return (e.Borrow([batchCount, rows, cols], [(int)stride, rs, cs], e.Offset), stride);
        var dense = e.DenseCopy();
        return (dense.MoveToShape([batchCount, rows, cols]), (long)rows * cols);
    }

    /// <summary>How the GEMM reads matrices of a (batch, rows, cols) view: transpose flag and leading dimension.</summary>
    private static (bool Trans, int Ld) Layout(Tensor t)
    {
        int rows = t.Dims[^2], cols = t.Dims[^1];
        int rs = t.Strides[^2], cs = t.Strides[^1];
        if (cs == 1 || cols == 1) return (false, rows == 1 ? Math.Max(cols, 1) : Math.Max(rs, cols));
        return (true, cols == 1 ? Math.Max(rows, 1) : Math.Max(cs, rows));
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        return
        [
            a.RequiresGrad ? BinaryOps.SumTo(g.MatMul(b.MT), a.Dims) : null,
            b.RequiresGrad ? RightGrad(a, b, g) : null,
        ];
    }

    /// <summary>
    /// The gradient of a right operand. A matrix shared by a batch (a Linear layer's weight on (N, L, in) input)
    /// gets one GEMM over the flattened batch, depth N·L, instead of N products summed afterwards.
    /// </summary>
    private static Tensor RightGrad(Tensor a, Tensor b, Tensor g)
    {
        if (b.Rank == 2 && a.Rank > 2)
        {
            // Flatten rather than Reshape(-1, k): -1 cannot be inferred when the batch is empty or k is 0.
            a = a.Flatten(0, -2);
            g = g.Flatten(0, -2);
        }
        return IsTransposedMatrix(b) && a.Rank == 2 ? g.MT.MatMul(a).MT : BinaryOps.SumTo(a.MT.MatMul(g), b.Dims);
    }

    /// <summary>
    /// A 2-D column-major view such as a Linear layer's <c>weight.T</c>: its gradient is then computed as
    /// (gᵀ·a)ᵀ, the same product laid out like the weight, so the transposed view's backward hands the leaf a
    /// dense gradient instead of one that needs a strided transposing copy.
    /// </summary>
    private static bool IsTransposedMatrix(Tensor t) => t.Rank == 2 && t.Strides[0] == 1 && t.Strides[1] != 1 && t.Dims[0] > 1;

    internal override Tensor Jvp(Tensor?[] t) =>
        BinaryOps.AddTangents(t[0]?.MatMul(Inputs[1]), t[1] is null ? null : Inputs[0].MatMul(t[1]!))!;
}
