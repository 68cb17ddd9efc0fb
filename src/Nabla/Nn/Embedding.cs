using Nabla.Autograd;

namespace Nabla.Nn;

/// <summary>
/// A lookup table of <c>numEmbeddings</c> vectors of size <c>embeddingDim</c>: integer indices (...) give (..., D).
/// The weight starts as N(0, 1); the row <c>paddingIdx</c> starts at zero and receives no gradient.
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>Creates the table, drawing from <paramref name="generator"/> (the default stream when null).</summary>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, Generator? generator = null)
    {
        if (numEmbeddings <= 0 || embeddingDim < 0)
            throw new ArgumentOutOfRangeException(nameof(numEmbeddings), $"Embedding: sizes must be positive, got {numEmbeddings} x {embeddingDim}.");
        if (paddingIdx is int p && (p >= numEmbeddings || p < -numEmbeddings))
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), $"Embedding: paddingIdx {p} must be within num_embeddings {numEmbeddings}.");
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIdx = paddingIdx is int q && q < 0 ? q + numEmbeddings : paddingIdx;
        Weight = RegisterParameter("weight", Init.Normal_(Tensor.Empty([numEmbeddings, embeddingDim]), generator: generator));
        if (PaddingIdx is int pad)
            using (GradMode.NoGrad()) Weight.Select(0, pad).Zero_();
    }

    /// <summary>Number of rows V.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Size D of each vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The row that stays fixed (non-negative), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>The (V, D) table.</summary>
    public Tensor Weight { get; }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.Embedding(input, Weight, PaddingIdx);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{NumEmbeddings}, {EmbeddingDim}" + (PaddingIdx is int p ? $", padding_idx={p}" : "");
}
