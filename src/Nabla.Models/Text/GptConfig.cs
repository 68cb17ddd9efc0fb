namespace Nabla.Models.Text;

/// <summary>
/// The hyper-parameters of a <see cref="Gpt"/>, named after nanoGPT's <c>GPTConfig</c>. The defaults are nanoGPT's
/// character-level Shakespeare model (6 layers, 6 heads, width 384, context 256) without dropout; only the
/// vocabulary size has to be given.
/// </summary>
public sealed record GptConfig
{
    /// <summary>Number of token ids V (the characters of a <c>CharVocabulary</c> for a character model).</summary>
    public required int VocabSize { get; init; }

    /// <summary>Longest context the model sees (the rows of the position embedding); <see cref="Gpt.Generate"/> crops to it.</summary>
    public int BlockSize { get; init; } = 256;

    /// <summary>Number of transformer blocks.</summary>
    public int NLayer { get; init; } = 6;

    /// <summary>Number of attention heads; must divide <see cref="NEmbd"/>.</summary>
    public int NHead { get; init; } = 6;

    /// <summary>Model width d (embedding size); the MLP's hidden width is 4·d.</summary>
    public int NEmbd { get; init; } = 384;

    /// <summary>Dropout probability after the embeddings, on the attention weights and on each residual branch (training mode only).</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Whether <c>lm_head.weight</c> is the same tensor as <c>transformer.wte.weight</c> (nanoGPT ties them; the
    /// <c>gpt</c> benchmark does not).
    /// </summary>
    public bool TieWeights { get; init; }

    /// <summary>Throws when a size is not positive, the heads do not divide the width or the dropout is not a probability.</summary>
    public void Validate()
    {
        if (VocabSize <= 0 || BlockSize <= 0 || NLayer < 0 || NHead <= 0 || NEmbd <= 0)
            throw new ArgumentOutOfRangeException(nameof(VocabSize),
                $"GptConfig: sizes must be positive, got vocab {VocabSize}, block {BlockSize}, layers {NLayer}, heads {NHead}, width {NEmbd}.");
        if (NEmbd % NHead != 0)
            throw new ArgumentException($"GptConfig: width {NEmbd} is not divisible by {NHead} heads.");
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(Dropout), $"GptConfig: dropout must be in [0, 1), got {Dropout}.");
    }
}
