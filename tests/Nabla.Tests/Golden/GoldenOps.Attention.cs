using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Golden;

public static partial class GoldenOps
{
    private static readonly Tensor KeyPadding = Tensor.FromArray([false, false, false, true, true, false, false, false, false, true], 2, 5);

    private static Tensor Causal4()
    {
        var cut = new bool[16];
        for (int i = 0; i < 4; i++)
            for (int j = i + 1; j < 4; j++) cut[i * 4 + j] = true;
        return Tensor.FromArray(cut, 4, 4);
    }

    private static Tensor Mha(Tensor q, Tensor k, Tensor v, int heads, Tensor w, Tensor? b, Tensor ow, Tensor? ob,
        Tensor? kpm = null, Tensor? mask = null, bool needWeights = true)
    {
        var (output, weights) = F.MultiheadAttentionForward(q, k, v, heads, w, b, ow, ob, kpm, needWeights, mask, training: false);
        return weights is null ? output.Reshape(-1) : Tensor.Cat([output.Reshape(-1), weights.Reshape(-1)], 0);
    }

    /// <summary>generate_attention.py: multi-head attention with weights as inputs.</summary>
    private static Dictionary<string, Func<Tensor[], Tensor>> Attention => new()
    {
        ["mha_self"] = x => Mha(x[0], x[0], x[0], 2, x[1], x[2], x[3], x[4]),
        ["mha_cross_key_padding"] = x => Mha(x[0], x[1], x[2], 3, x[3], x[4], x[5], x[6], kpm: KeyPadding),
        ["mha_causal_no_weights"] = x => Mha(x[0], x[0], x[0], 2, x[1], x[2], x[3], x[4], mask: Causal4(), needWeights: false),
        ["mha_causal_weights"] = x => Mha(x[0], x[0], x[0], 3, x[1], x[2], x[3], x[4], mask: Causal4()),
        ["mha_float_mask_3d_padding"] = x => Mha(x[0], x[1], x[1], 2, x[3], x[4], x[5], x[6], kpm: KeyPadding, mask: x[2]),
        ["mha_unbatched_no_bias"] = x => Mha(x[0], x[0], x[0], 1, x[1], null, x[2], null),
    };
}
