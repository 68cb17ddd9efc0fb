namespace Nabla.Nn;

/// <summary>
/// Adds the fixed sinusoidal encodings of "Attention Is All You Need", PE(pos, 2i) = sin(pos / 10000^(2i/d)) and
/// PE(pos, 2i+1) = cos(pos / 10000^(2i/d)), to input (L, N, E) (or (N, L, E) with <c>batchFirst</c>), then applies
/// dropout, as the PyTorch tutorial's <c>PositionalEncoding</c>; the table is the buffer <c>pe</c> (maxLen, 1, E).
/// With <c>oneBasedFrequencies</c> the pairs use i = 1 … E/2 instead of 0 … E/2 − 1 (the CS182 notes' indexing).
/// </summary>
public sealed class SinusoidalPositionalEncoding : Module
{
    /// <summary>Builds the table for positions 0 … <paramref name="maxLen"/> − 1.</summary>
    public SinusoidalPositionalEncoding(int dModel, int maxLen = 5000, double dropout = 0, bool batchFirst = false, bool oneBasedFrequencies = false)
    {
        if (dModel <= 0 || maxLen <= 0)
            throw new ArgumentOutOfRangeException(nameof(dModel), $"SinusoidalPositionalEncoding: d_model {dModel} and max_len {maxLen} must be positive.");
        if (!(dropout >= 0 && dropout <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), $"SinusoidalPositionalEncoding: dropout has to be between 0 and 1, but got {dropout}.");
        DModel = dModel;
        MaxLen = maxLen;
        DropoutP = dropout;
        BatchFirst = batchFirst;
        var table = new float[maxLen * dModel];
        for (int pos = 0; pos < maxLen; pos++)
            for (int i = 0; i < dModel; i++)
            {
                double angle = pos * Math.Exp(-(i - i % 2 + (oneBasedFrequencies ? 2 : 0)) * Math.Log(10000.0) / dModel);
                table[pos * dModel + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        Pe = RegisterBuffer("pe", Tensor.FromArray(table, maxLen, 1, dModel));
    }

    /// <summary>Embedding size E.</summary>
    public int DModel { get; }

    /// <summary>Longest sequence the table covers.</summary>
    public int MaxLen { get; }

    /// <summary>Dropout probability after the addition (training only).</summary>
    public double DropoutP { get; }

    /// <summary>Whether inputs are (N, L, E) rather than (L, N, E).</summary>
    public bool BatchFirst { get; }

    /// <summary>The (maxLen, 1, E) table.</summary>
    public Tensor Pe { get; }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        int l = PositionalShapes.Check("SinusoidalPositionalEncoding", input, BatchFirst, MaxLen, DModel);
        var pe = Pe.Narrow(0, 0, l).To(input.DType);
        var y = input + (input.Rank == 2 ? pe.Squeeze(1) : BatchFirst ? pe.Transpose(0, 1) : pe);
        return Functional.Dropout(y, DropoutP, Training);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"d_model={DModel}, max_len={MaxLen}, dropout={DropoutP}";
}

/// <summary>
/// Adds a learned vector per position to input (L, N, E) (or (N, L, E) with <c>batchFirst</c>): the parameter
/// <c>weight</c> (maxLen, E) starts as N(0, 1), like an <see cref="Embedding"/> looked up at positions 0 … L − 1.
/// </summary>
public sealed class LearnedPositionalEmbedding : Module
{
    /// <summary>Creates the table, drawing from <paramref name="generator"/> (the default stream when null).</summary>
    public LearnedPositionalEmbedding(int maxLen, int embeddingDim, bool batchFirst = false, Generator? generator = null)
    {
        if (embeddingDim <= 0 || maxLen <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxLen), $"LearnedPositionalEmbedding: max_len {maxLen} and embedding_dim {embeddingDim} must be positive.");
        MaxLen = maxLen;
        EmbeddingDim = embeddingDim;
        BatchFirst = batchFirst;
        Weight = RegisterParameter("weight", Init.Normal_(Tensor.Empty([maxLen, embeddingDim]), generator: generator));
    }

    /// <summary>Longest sequence the table covers.</summary>
    public int MaxLen { get; }

    /// <summary>Embedding size E.</summary>
    public int EmbeddingDim { get; }

    /// <summary>Whether inputs are (N, L, E) rather than (L, N, E).</summary>
    public bool BatchFirst { get; }

    /// <summary>The (maxLen, E) table.</summary>
    public Tensor Weight { get; }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        int l = PositionalShapes.Check("LearnedPositionalEmbedding", input, BatchFirst, MaxLen, EmbeddingDim);
        var rows = Weight.Narrow(0, 0, l);
        return input + (BatchFirst || input.Rank == 2 ? rows : rows.Unsqueeze(1));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{MaxLen}, {EmbeddingDim}";
}

/// <summary>Shape checks shared by the positional layers.</summary>
internal static class PositionalShapes
{
    /// <summary>The sequence length of (L, N, E), (N, L, E) or unbatched (L, E) input, after checking it fits the table.</summary>
    public static int Check(string op, Tensor input, bool batchFirst, int maxLen, int dim)
    {
        if (input.Rank is not (2 or 3) || input.Dims[^1] != dim)
            throw new ArgumentException($"{op}: expected input (L, N, {dim}), (N, L, {dim}) or (L, {dim}), got {input.Shape}.");
        int l = batchFirst && input.Rank == 3 ? input.Dims[1] : input.Dims[0];
        if (l > maxLen)
            throw new ArgumentException($"{op}: sequence length {l} exceeds max_len {maxLen} (input {input.Shape}).");
        return l;
    }
}
