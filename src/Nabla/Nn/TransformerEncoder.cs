namespace Nabla.Nn;

/// <summary>
/// A stack of <c>numLayers</c> copies of one <see cref="TransformerEncoderLayer"/> and an optional final norm, as
/// <c>torch.nn.TransformerEncoder</c>: the layer given is deep-copied (every copy starts with its weights, as
/// PyTorch's <c>_get_clones</c>) and not used itself; state dict keys are <c>layers.0.self_attn.in_proj_weight</c>,
/// …, <c>norm.weight</c>.
/// </summary>
public sealed class TransformerEncoder : Module
{
    private const string Op = "TransformerEncoder";
    private readonly TransformerEncoderLayer[] _layers;

    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="encoderLayer"/>, followed by <paramref name="norm"/> when given.</summary>
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(encoderLayer);
        if (numLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(numLayers), $"{Op}: num_layers must be at least 1, got {numLayers}.");
        _layers = new TransformerEncoderLayer[numLayers];
        var list = RegisterModule("layers", new ModuleList());
        for (int i = 0; i < numLayers; i++)
        {
            _layers[i] = encoderLayer.Copy();
            list.Add(_layers[i]);
        }
        if (norm is not null) Norm = RegisterModule("norm", norm);
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<TransformerEncoderLayer> Layers => _layers;

    /// <summary>Number of layers.</summary>
    public int NumLayers => _layers.Length;

    /// <summary>The final layer norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>
    /// Runs every layer on <paramref name="src"/> (L, N, E), then the final norm. Masks as in
    /// <see cref="TransformerEncoderLayer.Forward(Tensor, Tensor?, Tensor?, bool)"/>; a causal <paramref name="mask"/>
    /// (or <paramref name="isCausal"/>) is recognised once for the whole stack.
    /// </summary>
    public Tensor Forward(Tensor src, Tensor? mask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        var first = _layers[0];
        var (l, n) = TransformerSupport.Layout(Op, "src", src, first.DModel, first.BatchFirst);
        TransformerSupport.CheckAttnMask(Op, "mask", mask, l, l, n, first.NHead, src);
        TransformerSupport.CheckPaddingMask(Op, "src_key_padding_mask", srcKeyPaddingMask, l, n, src);
        bool causal = TransformerSupport.ResolveCausal(Op, "mask", mask, isCausal);
        if (causal) mask = null;
        var x = src;
        foreach (var layer in _layers) x = layer.Run(x, mask, srcKeyPaddingMask, causal);
        return Norm is null ? x : Norm.Forward(x);
    }

    /// <summary>Runs the stack without masks.</summary>
    protected override Tensor ForwardCore(Tensor input) => Forward(input);
}
