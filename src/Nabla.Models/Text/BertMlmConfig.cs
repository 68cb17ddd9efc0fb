namespace Nabla.Models.Text;

/// <summary>
/// Sizes of a <see cref="BertMlm"/>. The defaults are a small model that trains in minutes on a CPU (2 layers of
/// width 64, 4 heads, feed-forward 256: 0.11 M parameters with the fortunes vocabulary) with BERT's other choices:
/// GELU, post-norm, dropout 0.1, layer-norm epsilon 1e-12 and N(0, 0.02) embeddings.
/// </summary>
public sealed record BertMlmConfig
{
    /// <summary>Hidden size H (BERT-base: 768).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Number of encoder layers (BERT-base: 12).</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads per layer; must divide <see cref="Hidden"/> (BERT-base: 12).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Feed-forward size (BERT: 4·H).</summary>
    public int Intermediate { get; init; } = 256;

    /// <summary>Longest sequence, [CLS] and [SEP] included: the number of position embeddings.</summary>
    public int MaxLength { get; init; } = 128;

    /// <summary>Dropout on embeddings, attention weights, feed-forward activations and residual branches.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Epsilon of every layer norm.</summary>
    public double LayerNormEps { get; init; } = 1e-12;

    /// <summary>Standard deviation of the normal initial token and position embeddings and head transform (the encoder keeps PyTorch's initialisation).</summary>
    public double InitStd { get; init; } = 0.02;
}
