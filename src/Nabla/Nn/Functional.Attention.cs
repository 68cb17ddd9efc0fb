namespace Nabla.Nn;

public static partial class Functional
{
    /// <summary>
    /// softmax(Q·Kᵀ·scale + mask)·V for query (…, L, E), key (…, S, E) and value (…, S, Ev), giving (…, L, Ev); batch
    /// dims broadcast. <paramref name="attnMask"/> broadcasts to (…, L, S) and is either Bool (true = take part, as in
    /// PyTorch 2) or an additive mask of the query's dtype; <paramref name="isCausal"/> lets query l see keys 0…l only
    /// (not combinable with a mask). <paramref name="scale"/> defaults to 1/√E. Runs as one fused op; a query row with
    /// every key masked gives NaN.
    /// </summary>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask = null, bool isCausal = false, double? scale = null) =>
        Ops.Attention.Apply(query, key, value, attnMask, isCausal, scale);

    /// <summary>
    /// Multi-head attention as <c>torch.nn.functional.multi_head_attention_forward</c>: query (L, N, E), key (S, N, E),
    /// value (S, N, E) (or unbatched (L, E), (S, E), (S, E)) are projected by the rows of <paramref name="inProjWeight"/>
    /// (3E, E) and <paramref name="inProjBias"/> (3E), split into <paramref name="numHeads"/> heads, attended and
    /// projected by <paramref name="outProjWeight"/> (E, E) and <paramref name="outProjBias"/> (E). Masks follow the
    /// module's convention: a Bool <paramref name="keyPaddingMask"/> (N, S) or <paramref name="attnMask"/> (L, S) or
    /// (N·numHeads, L, S) is true where attention is NOT allowed; float masks are added to the scores. Returns the
    /// output (L, N, E) and, when <paramref name="needWeights"/>, the attention weights averaged over heads (N, L, S).
    /// Dropout with probability <paramref name="dropoutP"/> applies to the weights while <paramref name="training"/>
    /// (the returned weights are the dropped ones, as PyTorch's). <paramref name="isCausal"/> lets query l attend to
    /// keys 0…l only, in place of <paramref name="attnMask"/> (giving both is an error). Without weights or dropout the
    /// fused <see cref="ScaledDotProductAttention"/> does the attention, with its causal cut when no key padding
    /// mask is given, so no mask tensor is built.
    /// </summary>
    public static (Tensor Output, Tensor? Weights) MultiheadAttentionForward(Tensor query, Tensor key, Tensor value, int numHeads,
        Tensor inProjWeight, Tensor? inProjBias, Tensor outProjWeight, Tensor? outProjBias, Tensor? keyPaddingMask = null,
        bool needWeights = true, Tensor? attnMask = null, double dropoutP = 0, bool training = true, Generator? generator = null,
        bool isCausal = false)
    {
        if (isCausal && attnMask is not null)
            throw new ArgumentException($"MultiheadAttention: give either attn_mask {attnMask.Shape} or isCausal, not both.");
        bool batched = query.Rank == 3;
        if (query.Rank is not (2 or 3) || key.Rank != query.Rank || value.Rank != query.Rank)
            throw new ArgumentException($"MultiheadAttention: query, key and value must all be (L, N, E) or all (L, E), got query {query.Shape}, key {key.Shape}, value {value.Shape}.");
        if (!batched)
        {
            var (o, w) = MultiheadAttentionForward(query.Unsqueeze(1), key.Unsqueeze(1), value.Unsqueeze(1), numHeads, inProjWeight, inProjBias,
                outProjWeight, outProjBias, keyPaddingMask?.Unsqueeze(0), needWeights, attnMask, dropoutP, training, generator, isCausal);
            return (o.Squeeze(1), w?.Squeeze(0));
        }
        int l = query.Dims[0], n = query.Dims[1], e = query.Dims[2], s = key.Dims[0];
        LayerDTypes.Require("MultiheadAttention", query, ("key", key), ("value", value), ("in_proj_weight", inProjWeight), ("in_proj_bias", inProjBias),
            ("out_proj.weight", outProjWeight), ("out_proj.bias", outProjBias));
        if (e % numHeads != 0 || inProjWeight.Rank != 2 || inProjWeight.Dims[0] != 3 * e || inProjWeight.Dims[1] != e)
            throw new ArgumentException($"MultiheadAttention: embedding size {e} must be divisible by {numHeads} heads and in_proj_weight must be [{3 * e}, {e}], got {inProjWeight.Shape}.");
        if (key.Dims[1] != n || value.Dims[1] != n || value.Dims[0] != s || key.Dims[2] != e || value.Dims[2] != e)
            throw new ArgumentException($"MultiheadAttention: query {query.Shape}, key {key.Shape} and value {value.Shape} do not agree on batch, length or embedding size.");
        int hd = e / numHeads;
        var weights = inProjWeight.Chunk(3, 0);
        var biases = inProjBias?.Chunk(3, 0);
        Tensor Heads(Tensor x, int i, int len) => Linear(x, weights[i], biases?[i]).Reshape(len, n, numHeads, hd).Permute(1, 2, 0, 3);
        var q = Heads(query, 0, l);
        var k = Heads(key, 1, s);
        var v = Heads(value, 2, s);
        bool fused = !needWeights && (!training || dropoutP == 0);
        bool causalCut = isCausal && fused && keyPaddingMask is null;
        if (isCausal && !causalCut) attnMask = CausalMask(l, s);
        var mask = CombinedMask(attnMask, keyPaddingMask, n, numHeads, l, s, query.DType);
        Tensor attended;
        Tensor? averaged = null;
        if (fused)
        {
            attended = ScaledDotProductAttention(q, k, v, mask, causalCut);
        }
        else
        {
            var scores = q.MatMul(k.MT) * (1 / Math.Sqrt(hd));
            var p = (mask is null ? scores : scores + mask).Softmax(-1);
            p = Dropout(p, dropoutP, training, generator);
            if (needWeights) averaged = p.Mean(1);
            attended = p.MatMul(v);
        }
        var merged = attended.Permute(2, 0, 1, 3).Reshape(l, n, e);
        return (Linear(merged, outProjWeight, outProjBias), averaged);
    }

    /// <summary>The Bool (L, S) mask that is true above the diagonal (the keys query l may not see).</summary>
    private static Tensor CausalMask(int l, int s)
    {
        var cut = new bool[l * s];
        for (int i = 0; i < l; i++)
            cut.AsSpan(i * s + Math.Min(i + 1, s), Math.Max(s - i - 1, 0)).Fill(true);
        return Tensor.FromArray(cut, l, s);
    }

    /// <summary>Both masks as one additive (N, H, L, S) mask (−∞ where a Bool mask forbids), or null.</summary>
    private static Tensor? CombinedMask(Tensor? attnMask, Tensor? keyPaddingMask, int n, int heads, int l, int s, DType dtype)
    {
        Tensor? Additive(Tensor m) => m.DType == DType.Bool
            ? Tensor.Zeros(m.Dims, dtype).MaskedFill(m, double.NegativeInfinity)
            : m.To(dtype);
        Tensor? mask = null;
        if (attnMask is not null)
        {
            bool ok = attnMask.Rank == 2 ? attnMask.Dims[0] == l && attnMask.Dims[1] == s
                : attnMask.Rank == 3 && attnMask.Dims[0] == n * heads && attnMask.Dims[1] == l && attnMask.Dims[2] == s;
            if (!ok)
                throw new ArgumentException($"MultiheadAttention: attn_mask {attnMask.Shape} must be [{l}, {s}] or [{n * heads}, {l}, {s}].");
            var a = Additive(attnMask)!;
            mask = a.Rank == 3 ? a.Reshape(n, heads, l, s) : a;
        }
        if (keyPaddingMask is not null)
        {
            if (keyPaddingMask.Rank != 2 || keyPaddingMask.Dims[0] != n || keyPaddingMask.Dims[1] != s)
                throw new ArgumentException($"MultiheadAttention: key_padding_mask {keyPaddingMask.Shape} must be [{n}, {s}].");
            var kp = Additive(keyPaddingMask)!.Reshape(n, 1, 1, s);
            mask = mask is null ? kp : mask + kp;
        }
        return mask;
    }
}
