using Nabla.Nn;

namespace Nabla.Models.Seq2Seq;

/// <summary>Sizes of a <see cref="TransformerSeq2Seq"/>.</summary>
/// <param name="VocabularySize">Number of token ids (shared by source and target).</param>
/// <param name="DModel">Model size E.</param>
/// <param name="NHead">Attention heads.</param>
/// <param name="NumEncoderLayers">Encoder layers.</param>
/// <param name="NumDecoderLayers">Decoder layers (at least one).</param>
/// <param name="DimFeedforward">Hidden size of the feed-forward blocks.</param>
/// <param name="Dropout">Dropout of the transformer layers and after the positional encodings.</param>
/// <param name="MaxLength">Longest source or target the positional table covers.</param>
public sealed record TransformerSeq2SeqOptions(
    int VocabularySize = DigitVocabulary.Size,
    int DModel = 64,
    int NHead = 4,
    int NumEncoderLayers = 2,
    int NumDecoderLayers = 2,
    int DimFeedforward = 256,
    double Dropout = 0.0,
    int MaxLength = 256);

/// <summary>
/// Transformer encoder–decoder (<see cref="Transformer"/>, post-norm, batch-first) on token embeddings plus
/// sinusoidal positions, with a linear read-out. Source padding is masked out of every attention over the source;
/// the decoder is causal. A decoder step re-runs the decoder over the whole prefix (no key/value cache: the
/// sequences here are short). The reported attention is the last decoder layer's attention over the source,
/// averaged over heads.
/// </summary>
public sealed class TransformerSeq2Seq : Seq2SeqModel
{
    private readonly Embedding _sourceEmbedding, _targetEmbedding;
    private readonly SinusoidalPositionalEncoding _positions;
    private readonly Linear _output;

    /// <summary>Creates the model, drawing initial weights and dropout masks from <paramref name="generator"/> (the default stream when null).</summary>
    public TransformerSeq2Seq(TransformerSeq2SeqOptions options, Generator? generator = null) : base(options.VocabularySize)
    {
        if (options.NumDecoderLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"TransformerSeq2Seq: need at least one decoder layer, got {options.NumDecoderLayers}.");
        Options = options;
        _sourceEmbedding = RegisterModule("source_embedding", new Embedding(options.VocabularySize, options.DModel, DigitVocabulary.Pad, generator));
        _targetEmbedding = RegisterModule("target_embedding", new Embedding(options.VocabularySize, options.DModel, DigitVocabulary.Pad, generator));
        _positions = RegisterModule("positions", new SinusoidalPositionalEncoding(options.DModel, options.MaxLength, options.Dropout, batchFirst: true));
        Transformer = RegisterModule("transformer", new Transformer(options.DModel, options.NHead, options.NumEncoderLayers, options.NumDecoderLayers,
            options.DimFeedforward, options.Dropout, batchFirst: true, generator: generator));
        _output = RegisterModule("output", new Linear(options.DModel, options.VocabularySize, generator: generator));
    }

    /// <summary>The configuration.</summary>
    public TransformerSeq2SeqOptions Options { get; }

    /// <summary>The encoder and decoder stacks.</summary>
    public Transformer Transformer { get; }

    /// <inheritdoc/>
    public override bool HasAttention => true;

    /// <inheritdoc/>
    public override DecoderState Encode(Tensor source)
    {
        if (source.Rank != 2 || source.Size(1) == 0)
            throw new ArgumentException($"TransformerSeq2Seq: source must be (N, S) token ids with S > 0, got {source.Shape}.");
        var padding = source.Eq(DigitVocabulary.Pad);
        var memory = Transformer.Encoder.Forward(_positions.Forward(_sourceEmbedding.Forward(source)), srcKeyPaddingMask: padding);
        return new TransformerDecoderState(this, memory, padding, Tensor.Zeros([source.Size(0), 0], DType.Int64));
    }

    /// <inheritdoc/>
    public override DecoderStep Decode(DecoderState state, Tensor tokens)
    {
        if (state is not TransformerDecoderState s || s.Owner != this)
            throw new ArgumentException($"TransformerSeq2Seq: expected a state from this model's Encode, got a {state.GetType().Name} of another model.");
        if (tokens.Rank != 1 || tokens.Size(0) != s.Count)
            throw new ArgumentException($"TransformerSeq2Seq: tokens {tokens.Shape} must be (N) with N = {s.Count} rows.");
        var prefix = Tensor.Cat([s.Prefix, tokens.To(DType.Int64).Unsqueeze(1)], 1);
        var (hidden, weights) = DecodeAll(prefix, s.Memory, s.Padding);
        int last = prefix.Size(1) - 1;
        return new DecoderStep(_output.Forward(hidden.Select(1, last)), new TransformerDecoderState(this, s.Memory, s.Padding, prefix), weights.Select(1, last));
    }

    /// <summary>
    /// With teacher forcing (ratio 1) all target positions run in one causal pass; with scheduled sampling the
    /// steps run one after another through <see cref="Decode"/>, since each input may be the model's own prediction.
    /// </summary>
    public override Seq2SeqOutput Forward(Tensor source, Tensor targetInput, double teacherForcing = 1.0, Generator? generator = null)
    {
        if (teacherForcing < 1) return base.Forward(source, targetInput, teacherForcing, generator);
        CheckInputs(source, targetInput, teacherForcing);
        var s = (TransformerDecoderState)Encode(source);
        var (hidden, weights) = DecodeAll(targetInput, s.Memory, s.Padding);
        return new Seq2SeqOutput(_output.Forward(hidden), weights);
    }

    /// <summary>
    /// The decoder over target tokens (N, T): hidden states (N, T, E) and the last layer's head-averaged attention
    /// over the source (N, T, S). The last layer is spelled out (as <see cref="TransformerDecoderLayer"/>'s post-norm
    /// path) so that its source attention weights come out of the same pass.
    /// </summary>
    private (Tensor Hidden, Tensor Weights) DecodeAll(Tensor tokens, Tensor memory, Tensor padding)
    {
        var x = _positions.Forward(_targetEmbedding.Forward(tokens));
        var layers = Transformer.Decoder.Layers;
        for (int i = 0; i < layers.Count - 1; i++) x = layers[i].Forward(x, memory, memoryKeyPaddingMask: padding, tgtIsCausal: true);
        var l = layers[^1];
        x = l.Norm1.Forward(x + l.Dropout1.Forward(l.SelfAttn.Forward(x, x, x, needWeights: false, isCausal: true).Output));
        var (context, weights) = l.MultiheadAttn.Forward(x, memory, memory, padding, needWeights: true);
        x = l.Norm2.Forward(x + l.Dropout2.Forward(context));
        x = l.Norm3.Forward(x + l.Dropout3.Forward(l.Linear2.Forward(l.Dropout.Forward(l.Linear1.Forward(x).Relu()))));
        if (Transformer.Decoder.Norm is { } norm) x = norm.Forward(x);
        return (x, weights!);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"d_model={Options.DModel}, nhead={Options.NHead}";

    private sealed class TransformerDecoderState(TransformerSeq2Seq owner, Tensor memory, Tensor padding, Tensor prefix) : DecoderState
    {
        public TransformerSeq2Seq Owner { get; } = owner;
        public Tensor Memory { get; } = memory;
        public Tensor Padding { get; } = padding;
        public Tensor Prefix { get; } = prefix;

        public override int Count => Memory.Size(0);

        public override DecoderState Select(Tensor rows) =>
            new TransformerDecoderState(Owner, Memory.IndexSelect(0, rows), Padding.IndexSelect(0, rows), Prefix.IndexSelect(0, rows));
    }
}
