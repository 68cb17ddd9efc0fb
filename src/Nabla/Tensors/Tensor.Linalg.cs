namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with <c>torch.matmul</c> semantics: dot product of vectors, matrix-vector, matrix-matrix, and
    /// batched products of (..., m, k) and (..., k, n) with broadcast batch dimensions.
    /// </summary>
    public Tensor MatMul(Tensor other) => Ops.MatMul.Apply(this, other);

    /// <summary>Outer product of two vectors: (n) and (m) give (n, m).</summary>
    public Tensor Outer(Tensor other)
    {
        if (Rank != 1 || other.Rank != 1)
            throw new ArgumentException($"Outer: expected two 1-D tensors, got {Shape} and {other.Shape}.");
        return Unsqueeze(1) * other.Unsqueeze(0);
    }
}
