namespace Nabla.Nn;

/// <summary>
/// One transformer encoder layer as <c>torch.nn.TransformerEncoderLayer</c>: self-attention then a feed-forward
/// block (linear1 → activation → dropout → linear2), each with a residual connection and layer norm — after the sum
/// (post-norm, the default and the original paper's) or before the block (<c>normFirst</c>, pre-norm). Input and
/// output are (L, N, E), (N, L, E) with <c>batchFirst</c>, or unbatched (L, E). Submodules carry PyTorch's names
/// (<c>self_attn</c>, <c>linear1</c>, <c>dropout</c>, <c>linear2</c>, <c>norm1</c>, <c>norm2</c>, <c>dropout1</c>,
/// <c>dropout2</c>), so state dicts load both ways.
/// </summary>
public sealed class TransformerEncoderLayer : Module
{
    private const string Op = "TransformerEncoderLayer";
    private readonly Generator? _generator;

    /// <summary>
    /// Creates the layer with PyTorch's defaults and initialisation; <paramref name="activation"/> is "relu", "gelu",
    /// or "gelu_tanh" (GELU's tanh approximation, which PyTorch takes as a callable). Weights and dropout masks are
    /// drawn from <paramref name="generator"/> (the default stream when null).
    /// </summary>
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1, string activation = "relu",
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
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, generator: generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, generator: generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
    }

    /// <summary>Model size E.</summary>
    public int DModel { get; }

    /// <summary>Number of attention heads.</summary>
    public int NHead { get; }

    /// <summary>Hidden size of the feed-forward block.</summary>
    public int DimFeedforward { get; }

    /// <summary>Dropout probability (attention weights, feed-forward hidden layer and both residual branches).</summary>
    public double DropoutP { get; }

    /// <summary>The feed-forward activation, "relu", "gelu" or "gelu_tanh".</summary>
    public string Activation { get; }

    /// <summary>Epsilon of both layer norms.</summary>
    public double LayerNormEps { get; }

    /// <summary>Whether inputs and outputs are (N, L, E) rather than (L, N, E).</summary>
    public bool BatchFirst { get; }

    /// <summary>Whether the layer norms come before each block (pre-norm) rather than after each residual sum.</summary>
    public bool NormFirst { get; }

    /// <summary>The self-attention.</summary>
    public MultiheadAttention SelfAttn { get; }

    /// <summary>Feed-forward projection E → dim_feedforward.</summary>
    public Linear Linear1 { get; }

    /// <summary>Dropout after the feed-forward activation.</summary>
    public Dropout Dropout { get; }

    /// <summary>Feed-forward projection dim_feedforward → E.</summary>
    public Linear Linear2 { get; }

    /// <summary>Layer norm of the attention block.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>Layer norm of the feed-forward block.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Dropout on the attention branch.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the feed-forward branch.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>
    /// Runs the layer on <paramref name="src"/> (L, N, E). <paramref name="srcMask"/> is (L, L) or (N·nhead, L, L)
    /// and <paramref name="srcKeyPaddingMask"/> (N, L) ((L) unbatched); Bool masks are true where attention is not
    /// allowed, float masks are added to the attention scores. <paramref name="isCausal"/> makes position l attend
    /// to positions 0…l only (<paramref name="srcMask"/> must then be absent or that causal mask); a causal
    /// <paramref name="srcMask"/> is recognised without it. Causal attention runs through the fused attention's
    /// causal cut, without a mask tensor, unless a key padding mask is given.
    /// </summary>
    public Tensor Forward(Tensor src, Tensor? srcMask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        var (l, n) = TransformerSupport.Layout(Op, "src", src, DModel, BatchFirst);
        TransformerSupport.CheckAttnMask(Op, "src_mask", srcMask, l, l, n, NHead, src);
        TransformerSupport.CheckPaddingMask(Op, "src_key_padding_mask", srcKeyPaddingMask, l, n, src);
        bool causal = TransformerSupport.ResolveCausal(Op, "src_mask", srcMask, isCausal);
        return Run(src, causal ? null : srcMask, srcKeyPaddingMask, causal);
    }

    /// <summary>The layer after its callers have checked the masks and resolved causality.</summary>
    internal Tensor Run(Tensor src, Tensor? mask, Tensor? keyPaddingMask, bool causal)
    {
        var x = src;
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(Norm1.Forward(x), mask, keyPaddingMask, causal);
            return x + FeedForwardBlock(Norm2.Forward(x));
        }
        x = Norm1.Forward(x + SelfAttentionBlock(x, mask, keyPaddingMask, causal));
        return Norm2.Forward(x + FeedForwardBlock(x));
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool causal) =>
        Dropout1.Forward(SelfAttn.Forward(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: causal).Output);

    private Tensor FeedForwardBlock(Tensor x) =>
        Dropout2.Forward(Linear2.Forward(Dropout.Forward(TransformerSupport.Activate(Linear1.Forward(x), Activation))));

    /// <summary>An independent copy with equal weights, training mode and generator, as PyTorch's <c>copy.deepcopy</c> in <c>_get_clones</c>.</summary>
    internal TransformerEncoderLayer Copy() => TransformerSupport.CopyState(this,
        new TransformerEncoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst, NormFirst, _generator));

    /// <summary>Runs the layer without masks.</summary>
    protected override Tensor ForwardCore(Tensor input) => Forward(input);
}
