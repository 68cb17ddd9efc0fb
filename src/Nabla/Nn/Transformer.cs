using Nabla.Autograd;

namespace Nabla.Nn;

/// <summary>
/// The encoder–decoder transformer of "Attention Is All You Need" as <c>torch.nn.Transformer</c>: a
/// <see cref="TransformerEncoder"/> and a <see cref="TransformerDecoder"/>, each with a final layer norm, PyTorch's
/// defaults (d_model 512, 8 heads, 6 + 6 layers, feed-forward 2048, dropout 0.1, ReLU) and its initialisation (every
/// parameter of rank ≥ 2 re-drawn Xavier-uniform). State dict keys are <c>encoder.layers.0.…</c>,
/// <c>encoder.norm.weight</c>, <c>decoder.layers.0.…</c>, <c>decoder.norm.weight</c>. Source and target are (S, N, E)
/// and (T, N, E), (N, ·, E) with <c>batchFirst</c>, or unbatched; the output has the target's shape.
/// </summary>
public sealed class Transformer : Module
{
    private const string Op = "Transformer";

    /// <summary>
    /// Creates the model. <paramref name="customEncoder"/> and <paramref name="customDecoder"/> replace the stacks
    /// built from the other arguments (they are re-initialised too, as in PyTorch). Weights and dropout masks are
    /// drawn from <paramref name="generator"/> (the default stream when null).
    /// </summary>
    public Transformer(int dModel = 512, int nhead = 8, int numEncoderLayers = 6, int numDecoderLayers = 6, int dimFeedforward = 2048,
        double dropout = 0.1, string activation = "relu", TransformerEncoder? customEncoder = null, TransformerDecoder? customDecoder = null,
        double layerNormEps = 1e-5, bool batchFirst = false, bool normFirst = false, Generator? generator = null)
    {
        TransformerSupport.CheckSizes(Op, dModel, nhead, dimFeedforward, dropout);
        DModel = dModel;
        NHead = nhead;
        BatchFirst = batchFirst;
        Encoder = RegisterModule("encoder", customEncoder ?? new TransformerEncoder(
            new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, generator),
            numEncoderLayers, new LayerNorm(dModel, layerNormEps)));
        Decoder = RegisterModule("decoder", customDecoder ?? new TransformerDecoder(
            new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, generator),
            numDecoderLayers, new LayerNorm(dModel, layerNormEps)));
        using (GradMode.NoGrad())
            foreach (var p in Parameters())
                if (p.Rank > 1) Init.XavierUniform_(p, generator: generator);
    }

    /// <summary>Model size E.</summary>
    public int DModel { get; }

    /// <summary>Number of attention heads.</summary>
    public int NHead { get; }

    /// <summary>Whether inputs and outputs are batch-first.</summary>
    public bool BatchFirst { get; }

    /// <summary>The encoder stack (with its final norm).</summary>
    public TransformerEncoder Encoder { get; }

    /// <summary>The decoder stack (with its final norm).</summary>
    public TransformerDecoder Decoder { get; }

    /// <summary>
    /// Encodes <paramref name="src"/> (S, N, E) and decodes <paramref name="tgt"/> (T, N, E) against it, giving
    /// (T, N, E). <paramref name="srcMask"/> is (S, S), <paramref name="tgtMask"/> (T, T) and
    /// <paramref name="memoryMask"/> (T, S) (or with a leading N·nhead); the key padding masks are (N, S), (N, T) and
    /// (N, S). Bool masks are true where attention is not allowed, float masks are added to the scores (see
    /// <see cref="GenerateSquareSubsequentMask"/>). The <c>…IsCausal</c> flags ask for causal attention without a
    /// mask; causal masks are recognised without them and run through the fused attention's causal cut.
    /// </summary>
    public Tensor Forward(Tensor src, Tensor tgt, Tensor? srcMask = null, Tensor? tgtMask = null, Tensor? memoryMask = null,
        Tensor? srcKeyPaddingMask = null, Tensor? tgtKeyPaddingMask = null, Tensor? memoryKeyPaddingMask = null,
        bool srcIsCausal = false, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        int batchDim = BatchFirst ? 0 : 1;
        if (src.Rank != tgt.Rank || (src.Rank == 3 && src.Dims[batchDim] != tgt.Dims[batchDim]))
            throw new ArgumentException($"{Op}: the batch number of src {src.Shape} and tgt {tgt.Shape} must be equal.");
        if (src.Dims[^1] != DModel || tgt.Dims[^1] != DModel)
            throw new ArgumentException($"{Op}: the feature number of src {src.Shape} and tgt {tgt.Shape} must be equal to d_model {DModel}.");
        var memory = Encoder.Forward(src, srcMask, srcKeyPaddingMask, srcIsCausal);
        return Decoder.Forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
    }

    /// <summary>
    /// The (<paramref name="size"/>, <paramref name="size"/>) float mask with −∞ above the diagonal and 0 elsewhere,
    /// which lets position i attend to positions 0…i only, as <c>Transformer.generate_square_subsequent_mask</c>.
    /// </summary>
    public static Tensor GenerateSquareSubsequentMask(int size, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{Op}: GenerateSquareSubsequentMask needs a floating-point dtype, got {dtype}.", nameof(dtype));
        var values = new double[size * size];
        for (int i = 0; i < size; i++)
            values.AsSpan(i * size + i + 1, size - i - 1).Fill(double.NegativeInfinity);
        return Tensor.FromArray(values, size, size).To(dtype);
    }

    /// <summary>Always throws: the model needs a source and a target; call <see cref="Forward(Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?, Tensor?, Tensor?, bool, bool, bool)"/>.</summary>
    protected override Tensor ForwardCore(Tensor input) =>
        throw new InvalidOperationException("Transformer: the model needs a source and a target; call Forward(src, tgt, ...).");
}
