namespace Nabla.Nn;

/// <summary>
/// One transformer decoder layer as <c>torch.nn.TransformerDecoderLayer</c>: self-attention over the target,
/// attention over the encoder's output (memory), then a feed-forward block, each with a residual connection and layer
/// norm (post-norm by default, pre-norm with <c>normFirst</c>). Target and memory are (T, N, E) and (S, N, E), (N, ·, E)
/// with <c>batchFirst</c>, or unbatched. Submodules carry PyTorch's names (<c>self_attn</c>, <c>multihead_attn</c>,
/// <c>linear1</c>, <c>dropout</c>, <c>linear2</c>, <c>norm1</c>–<c>norm3</c>, <c>dropout1</c>–<c>dropout3</c>).
/// </summary>
public sealed class TransformerDecoderLayer : Module
{
    private const string Op = "TransformerDecoderLayer";
    private readonly Generator? _generator;

    /// <summary>
    /// Creates the layer with PyTorch's defaults and initialisation; <paramref name="activation"/> is "relu", "gelu",
    /// or "gelu_tanh" (GELU's tanh approximation, which PyTorch takes as a callable). Weights and dropout masks are
    /// drawn from <paramref name="generator"/> (the default stream when null).
    /// </summary>
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1, string activation = "relu",
        double layerNormEps = 1e-5, bool batchFirst = false, bool normFirst = false, Generator? generator = null)
    {
        TransformerSupport.CheckSizes(Op, dModel, nhead, dimFeedforward, dropout);
        Activation = TransformerSupport.CheckActivation(Op, activation);
        DModel = dModel;
        NHead = nhead;
        DimFeedforward = dimFeedforward;
        DropoutP = dropout;
        LayerNormEps = layerNormEps;
        BatchFirst = batchFirst;
        NormFirst = normFirst;
        _generator = generator;
        SelfAttn = RegisterModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, batchFirst: batchFirst, generator: generator));
        MultiheadAttn = RegisterModule("multihead_attn", new MultiheadAttention(dModel, nhead, dropout, batchFirst: batchFirst, generator: generator));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, generator: generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, generator: generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps));
        Norm3 = RegisterModule("norm3", new LayerNorm(dModel, layerNormEps));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
        Dropout3 = RegisterModule("dropout3", new Dropout(dropout, generator));
    }

    /// <summary>Model size E.</summary>
    public int DModel { get; }

    /// <summary>Number of attention heads.</summary>
    public int NHead { get; }

    /// <summary>Hidden size of the feed-forward block.</summary>
    public int DimFeedforward { get; }

    /// <summary>Dropout probability (attention weights, feed-forward hidden layer and the three residual branches).</summary>
    public double DropoutP { get; }

    /// <summary>The feed-forward activation, "relu", "gelu" or "gelu_tanh".</summary>
    public string Activation { get; }

    /// <summary>Epsilon of the three layer norms.</summary>
    public double LayerNormEps { get; }

    /// <summary>Whether inputs and outputs are (N, L, E) rather than (L, N, E).</summary>
    public bool BatchFirst { get; }

    /// <summary>Whether the layer norms come before each block (pre-norm) rather than after each residual sum.</summary>
    public bool NormFirst { get; }

    /// <summary>Self-attention over the target.</summary>
    public MultiheadAttention SelfAttn { get; }

    /// <summary>Attention from the target over the memory.</summary>
    public MultiheadAttention MultiheadAttn { get; }

    /// <summary>Feed-forward projection E → dim_feedforward.</summary>
    public Linear Linear1 { get; }

    /// <summary>Dropout after the feed-forward activation.</summary>
    public Dropout Dropout { get; }

    /// <summary>Feed-forward projection dim_feedforward → E.</summary>
    public Linear Linear2 { get; }

    /// <summary>Layer norm of the self-attention block.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>Layer norm of the memory-attention block.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Layer norm of the feed-forward block.</summary>
    public LayerNorm Norm3 { get; }

    /// <summary>Dropout on the self-attention branch.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the memory-attention branch.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>Dropout on the feed-forward branch.</summary>
    public Dropout Dropout3 { get; }

    /// <summary>
    /// Runs the layer on <paramref name="tgt"/> (T, N, E) attending to <paramref name="memory"/> (S, N, E).
    /// <paramref name="tgtMask"/> is (T, T) or (N·nhead, T, T), <paramref name="memoryMask"/> (T, S) or (N·nhead, T, S),
    /// the key padding masks (N, T) and (N, S) ((T) and (S) unbatched); Bool masks are true where attention is not
    /// allowed, float masks are added to the scores. <paramref name="tgtIsCausal"/> and
    /// <paramref name="memoryIsCausal"/> make query t attend to positions 0…t only (the matching mask must then be
    /// absent or that causal mask); a causal mask is recognised without them and runs through the fused attention's
    /// causal cut.
    /// </summary>
    public Tensor Forward(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null, Tensor? tgtKeyPaddingMask = null,
        Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        var (t, n) = TransformerSupport.Layout(Op, "tgt", tgt, DModel, BatchFirst);
        int s = TransformerSupport.MemoryLength(Op, tgt, memory, DModel, BatchFirst);
        TransformerSupport.CheckAttnMask(Op, "tgt_mask", tgtMask, t, t, n, NHead, tgt);
        TransformerSupport.CheckAttnMask(Op, "memory_mask", memoryMask, t, s, n, NHead, tgt);
        TransformerSupport.CheckPaddingMask(Op, "tgt_key_padding_mask", tgtKeyPaddingMask, t, n, tgt);
        TransformerSupport.CheckPaddingMask(Op, "memory_key_padding_mask", memoryKeyPaddingMask, s, n, memory);
        bool tgtCausal = TransformerSupport.ResolveCausal(Op, "tgt_mask", tgtMask, tgtIsCausal);
        bool memoryCausal = TransformerSupport.ResolveCausal(Op, "memory_mask", memoryMask, memoryIsCausal);
        return Run(tgt, memory, tgtCausal ? null : tgtMask, memoryCausal ? null : memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask,
            tgtCausal, memoryCausal);
    }

    /// <summary>The layer after its callers have checked the masks and resolved causality.</summary>
    internal Tensor Run(Tensor tgt, Tensor memory, Tensor? tgtMask, Tensor? memoryMask, Tensor? tgtKeyPaddingMask, Tensor? memoryKeyPaddingMask,
        bool tgtCausal, bool memoryCausal)
    {
        var x = tgt;
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(Norm1.Forward(x), tgtMask, tgtKeyPaddingMask, tgtCausal);
            x = x + MemoryAttentionBlock(Norm2.Forward(x), memory, memoryMask, memoryKeyPaddingMask, memoryCausal);
            return x + FeedForwardBlock(Norm3.Forward(x));
        }
        x = Norm1.Forward(x + SelfAttentionBlock(x, tgtMask, tgtKeyPaddingMask, tgtCausal));
        x = Norm2.Forward(x + MemoryAttentionBlock(x, memory, memoryMask, memoryKeyPaddingMask, memoryCausal));
        return Norm3.Forward(x + FeedForwardBlock(x));
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool causal) =>
        Dropout1.Forward(SelfAttn.Forward(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: causal).Output);

    private Tensor MemoryAttentionBlock(Tensor x, Tensor memory, Tensor? mask, Tensor? keyPaddingMask, bool causal) =>
        Dropout2.Forward(MultiheadAttn.Forward(x, memory, memory, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: causal).Output);

    private Tensor FeedForwardBlock(Tensor x) =>
        Dropout3.Forward(Linear2.Forward(Dropout.Forward(TransformerSupport.Activate(Linear1.Forward(x), Activation))));

    /// <summary>An independent copy with equal weights, training mode and generator, as PyTorch's <c>copy.deepcopy</c> in <c>_get_clones</c>.</summary>
    internal TransformerDecoderLayer Copy() => TransformerSupport.CopyState(this,
        new TransformerDecoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst, NormFirst, _generator));

    /// <summary>Always throws: the decoder needs the memory too; call <see cref="Forward(Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?, bool, bool)"/>.</summary>
    protected override Tensor ForwardCore(Tensor input) =>
        throw new InvalidOperationException("TransformerDecoderLayer: the decoder attends to the encoder's output; call Forward(tgt, memory, ...).");
}
