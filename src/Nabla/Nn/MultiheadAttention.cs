using Nabla.Autograd;

namespace Nabla.Nn;

/// <summary>
/// Multi-head attention as <c>torch.nn.MultiheadAttention</c>: inputs (L, N, E), or (N, L, E) with
/// <c>batchFirst</c>, or unbatched (L, E). Parameters carry PyTorch's names and layout: <c>in_proj_weight</c> (3E, E)
/// (xavier-uniform), <c>in_proj_bias</c> (3E) (zero), and the submodule <c>out_proj</c> (a Linear E → E with Linear's
/// default weight and a zero bias), so state dicts map one to one.
/// </summary>
public sealed class MultiheadAttention : Module
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer with PyTorch's initialisation, drawing its weights and later its dropout masks from <paramref name="generator"/> (the default stream when null).</summary>
    public MultiheadAttention(int embedDim, int numHeads, double dropout = 0, bool bias = true, bool batchFirst = false, Generator? generator = null)
    {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0)
            throw new ArgumentOutOfRangeException(nameof(numHeads), $"MultiheadAttention: embed_dim {embedDim} must be a positive multiple of num_heads {numHeads}.");
        if (!(dropout >= 0 && dropout <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), $"MultiheadAttention: dropout has to be between 0 and 1, but got {dropout}.");
        EmbedDim = embedDim;
        _generator = generator;
        NumHeads = numHeads;
        DropoutP = dropout;
        BatchFirst = batchFirst;
        InProjWeight = RegisterParameter("in_proj_weight", Init.XavierUniform_(Tensor.Empty([3 * embedDim, embedDim]), generator: generator));
        if (bias) InProjBias = RegisterParameter("in_proj_bias", Tensor.Zeros([3 * embedDim]));
        else RegisterParameter("in_proj_bias");
        OutProj = RegisterModule("out_proj", new Linear(embedDim, embedDim, bias, generator));
        if (OutProj.Bias is { } b)
            using (GradMode.NoGrad()) b.Zero_();
    }

    /// <summary>Model size E.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads H (each of size E / H).</summary>
    public int NumHeads { get; }

    /// <summary>Dropout probability on the attention weights in training.</summary>
    public double DropoutP { get; }

    /// <summary>Whether inputs and outputs are (N, L, E) rather than (L, N, E).</summary>
    public bool BatchFirst { get; }

    /// <summary>The stacked query, key and value projections (3E, E).</summary>
    public Tensor InProjWeight { get; }

    /// <summary>The stacked projection biases (3E), or null.</summary>
    public Tensor? InProjBias { get; }

    /// <summary>The output projection E → E.</summary>
    public Linear OutProj { get; }

    /// <summary>
    /// Attention of <paramref name="query"/> over <paramref name="key"/>/<paramref name="value"/>. A Bool
    /// <paramref name="keyPaddingMask"/> (N, S) or <paramref name="attnMask"/> ((L, S) or (N·H, L, S)) is true where
    /// attention is not allowed; float masks are added to the scores. Returns the output (shaped like the query) and,
    /// when <paramref name="needWeights"/>, the attention weights averaged over heads (N, L, S) (or (L, S) unbatched).
    /// <paramref name="isCausal"/> lets query l attend to keys 0…l only, without a mask tensor (not combinable with
    /// <paramref name="attnMask"/>). Attention dropout draws from the constructor's generator.
    /// </summary>
    public (Tensor Output, Tensor? Weights) Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, bool needWeights = true,
        Tensor? attnMask = null, bool isCausal = false)
    {
        bool swap = BatchFirst && query.Rank == 3;
        if (swap) (query, key, value) = (query.Transpose(0, 1), key.Transpose(0, 1), value.Transpose(0, 1));
        var (output, weights) = Functional.MultiheadAttentionForward(query, key, value, NumHeads, InProjWeight, InProjBias, OutProj.Weight, OutProj.Bias,
            keyPaddingMask, needWeights, attnMask, DropoutP, Training, _generator, isCausal);
        return (swap ? output.Transpose(0, 1) : output, weights);
    }

    /// <summary>Self-attention of <paramref name="input"/> without masks or weights.</summary>
    protected override Tensor ForwardCore(Tensor input) => Forward(input, input, input, needWeights: false).Output;

    /// <inheritdoc/>
    protected override IEnumerable<(string Name, Generator Generator)> OwnGenerators() =>
        _generator is null ? [] : [("generator", _generator)];

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"embed_dim={EmbedDim}, num_heads={NumHeads}, dropout={DropoutP}, batch_first={Repr.Bool(BatchFirst)}";
}
