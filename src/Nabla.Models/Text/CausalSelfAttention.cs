using Nabla.Nn;

namespace Nabla.Models.Text;

/// <summary>
/// nanoGPT's multi-head causal self-attention on (N, L, d): one fused projection <c>c_attn</c> Linear(d, 3d) gives
/// queries, keys and values, split into <c>nHead</c> heads of d / nHead; each position attends to itself and the
/// positions before it; the heads are merged and projected by <c>c_proj</c> Linear(d, d). Without attention dropout
/// (eval mode or dropout 0) the attention runs as Nabla's fused
/// <see cref="Functional.ScaledDotProductAttention"/> with its causal flag; with it, as nanoGPT's explicit masked
/// softmax with dropout on the weights.
/// </summary>
public sealed class CausalSelfAttention : Module
{
    private readonly Dropout _attnDropout, _residDropout;

    /// <summary>Creates the layer for width <paramref name="nEmbd"/> and <paramref name="nHead"/> heads, PyTorch's default Linear initialisation.</summary>
    public CausalSelfAttention(int nEmbd, int nHead, double dropout = 0, Generator? generator = null)
    {
        if (nEmbd <= 0 || nHead <= 0 || nEmbd % nHead != 0)
            throw new ArgumentException($"CausalSelfAttention: width {nEmbd} must be a positive multiple of the head count {nHead}.");
        NEmbd = nEmbd;
        NHead = nHead;
        CAttn = RegisterModule("c_attn", new Linear(nEmbd, 3 * nEmbd, generator: generator));
        CProj = RegisterModule("c_proj", new Linear(nEmbd, nEmbd, generator: generator));
        _attnDropout = RegisterModule("attn_dropout", new Dropout(dropout, generator));
        _residDropout = RegisterModule("resid_dropout", new Dropout(dropout, generator));
    }

    /// <summary>Model width d.</summary>
    public int NEmbd { get; }

    /// <summary>Number of heads.</summary>
    public int NHead { get; }

    /// <summary>The fused query/key/value projection Linear(d, 3d): rows 0..d−1 of its weight make queries, then keys, then values.</summary>
    public Linear CAttn { get; }

    /// <summary>The output projection Linear(d, d).</summary>
    public Linear CProj { get; }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank != 3 || input.Shape[2] != NEmbd)
            throw new ArgumentException($"CausalSelfAttention: expected input (N, L, {NEmbd}), got {input.Shape}.");
        int n = input.Shape[0], l = input.Shape[1], hd = NEmbd / NHead;
        // Heads are views (N, H, L, hd) of the projection; their gradients land back in its (N, L, 3, H, hd) layout,
        // so the projection's gradient needs no transposing copy.
        var qkv = CAttn.Forward(input).Reshape(n, l, 3, NHead, hd);
        var (q, k, v) = (qkv.Select(2, 0).Transpose(1, 2), qkv.Select(2, 1).Transpose(1, 2), qkv.Select(2, 2).Transpose(1, 2));
        Tensor y;
        if (Training && _attnDropout.P > 0)
        {
            var scores = q.MatMul(k.MT) * (1 / Math.Sqrt(hd));
            scores = scores.MaskedFill(CausalMask(l), double.NegativeInfinity);
            y = _attnDropout.Forward(scores.Softmax(-1)).MatMul(v);
        }
        else
        {
            y = Functional.ScaledDotProductAttention(q, k, v, isCausal: true);
        }
        return _residDropout.Forward(CProj.Forward(y.Transpose(1, 2).Reshape(n, l, NEmbd)));
    }

    /// <summary>The (L, L) Bool tensor that is true above the diagonal (the future positions a query may not see).</summary>
    private static Tensor CausalMask(int l)
    {
        var future = new bool[l * l];
        for (int i = 0; i < l; i++)
            for (int j = i + 1; j < l; j++) future[i * l + j] = true;
        return Tensor.FromArray(future, l, l);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"n_embd={NEmbd}, n_head={NHead}";
}
