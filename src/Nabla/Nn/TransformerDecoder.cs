namespace Nabla.Nn;

/// <summary>
/// A stack of <c>numLayers</c> copies of one <see cref="TransformerDecoderLayer"/> and an optional final norm, as
/// <c>torch.nn.TransformerDecoder</c>: the layer given is deep-copied (every copy starts with its weights) and not
/// used itself; state dict keys are <c>layers.0.self_attn.in_proj_weight</c>, …, <c>norm.weight</c>.
/// </summary>
public sealed class TransformerDecoder : Module
{
    private const string Op = "TransformerDecoder";
    private readonly TransformerDecoderLayer[] _layers;

    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="decoderLayer"/>, followed by <paramref name="norm"/> when given.</summary>
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(decoderLayer);
        if (numLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(numLayers), $"{Op}: num_layers must be at least 1, got {numLayers}.");
        _layers = new TransformerDecoderLayer[numLayers];
        var list = RegisterModule("layers", new ModuleList());
        for (int i = 0; i < numLayers; i++)
        {
            _layers[i] = decoderLayer.Copy();
            list.Add(_layers[i]);
        }
        if (norm is not null) Norm = RegisterModule("norm", norm);
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<TransformerDecoderLayer> Layers => _layers;

    /// <summary>Number of layers.</summary>
    public int NumLayers => _layers.Length;

    /// <summary>The final layer norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>
    /// Runs every layer on <paramref name="tgt"/> (T, N, E) with <paramref name="memory"/> (S, N, E), then the final
    /// norm. Masks as in <see cref="TransformerDecoderLayer.Forward(Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?, bool, bool)"/>;
    /// causal masks are recognised once for the whole stack.
    /// </summary>
    public Tensor Forward(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null, Tensor? tgtKeyPaddingMask = null,
        Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        var first = _layers[0];
        var (t, n) = TransformerSupport.Layout(Op, "tgt", tgt, first.DModel, first.BatchFirst);
        int s = TransformerSupport.MemoryLength(Op, tgt, memory, first.DModel, first.BatchFirst);
        TransformerSupport.CheckAttnMask(Op, "tgt_mask", tgtMask, t, t, n, first.NHead, tgt);
        TransformerSupport.CheckAttnMask(Op, "memory_mask", memoryMask, t, s, n, first.NHead, tgt);
        TransformerSupport.CheckPaddingMask(Op, "tgt_key_padding_mask", tgtKeyPaddingMask, t, n, tgt);
        TransformerSupport.CheckPaddingMask(Op, "memory_key_padding_mask", memoryKeyPaddingMask, s, n, memory);
        bool tgtCausal = TransformerSupport.ResolveCausal(Op, "tgt_mask", tgtMask, tgtIsCausal);
        bool memoryCausal = TransformerSupport.ResolveCausal(Op, "memory_mask", memoryMask, memoryIsCausal);
        if (tgtCausal) tgtMask = null;
        if (memoryCausal) memoryMask = null;
        var x = tgt;
        foreach (var layer in _layers)
            x = layer.Run(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtCausal, memoryCausal);
        return Norm is null ? x : Norm.Forward(x);
    }

    /// <summary>Always throws: the decoder needs the memory too; call <see cref="Forward(Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?, bool, bool)"/>.</summary>
    protected override Tensor ForwardCore(Tensor input) =>
        throw new InvalidOperationException("TransformerDecoder: the decoder attends to the encoder's output; call Forward(tgt, memory, ...).");
}
