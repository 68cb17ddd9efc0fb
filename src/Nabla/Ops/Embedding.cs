using Nabla.Autograd;

namespace Nabla.Ops;

/// <summary>
/// Row lookup into a (V, D) weight: indices of any shape (...) give (..., D). The weight gradient is an index-add of
/// the output gradient rows into a zero (V, D) tensor, skipping the rows of <c>paddingIdx</c>.
/// </summary>
internal sealed class Embedding : Function
{
    private Tensor? _flat;
    private int _paddingIdx;
    private int[] _outDims = [];

    public override string Name => "Embedding";

    public static Tensor Apply(Tensor weight, Tensor indices, int? paddingIdx)
    {
        if (weight.Rank != 2)
            throw new ArgumentException($"Embedding: weight must be 2-D (num_embeddings, embedding_dim), got shape {weight.Shape}.");
        if (indices.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"Embedding: indices must be Int64 or Int32, got {indices.DType} (indices {indices.Shape}).");
        int v = weight.Dims[0];
        var flat = indices.Reshape(-1).To(DType.Int64).Contiguous();
        foreach (long i in flat.Span<long>())
            if (i < 0 || i >= v)
                throw new ArgumentException($"Embedding: index {i} is out of range for {v} embeddings (weight {weight.Shape}, indices {indices.Shape}).");
        var outDims = new int[indices.Rank + 1];
        indices.Dims.CopyTo(outDims, 0);
        outDims[^1] = weight.Dims[1];
        Tensor y;
        using (GradMode.NoGrad())
        using (ForwardAD.Suspend())
            y = weight.IndexSelect(0, flat).Reshape(outDims);
        int pad = paddingIdx is int p ? (p < 0 ? p + v : p) : -1;
        return Tracks(weight) ? new Embedding { _flat = flat, _paddingIdx = pad, _outDims = outDims }.Record(y, weight) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var weight = Inputs[0];
        var rows = g.Reshape(-1, weight.Dims[1]);
        if (_paddingIdx >= 0) rows = Tensor.Where(_flat!.Eq(_paddingIdx).Unsqueeze(1), 0.0, rows);
        return [Tensor.Zeros(weight.Dims, g.DType).IndexAdd(0, _flat!, rows)];
    }

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.IndexSelect(0, _flat!).Reshape(_outDims);

    internal override void Release()
    {
        base.Release();
        _flat = null;
    }
}
