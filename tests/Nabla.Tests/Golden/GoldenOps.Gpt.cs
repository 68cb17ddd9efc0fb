using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Golden;

public static partial class GoldenOps
{
    private const int GptLayers = 2, GptHeads = 2, GptWidth = 8, GptPerBlock = 12;

    /// <summary>
    /// A nanoGPT forward written with Nabla's functional API, parameters as inputs in the model's state-dict order
    /// (Models/GptGoldenTests runs the same cases through the <c>Gpt</c> module itself).
    /// </summary>
    private static Tensor GptLogits(Tensor tokens, ReadOnlySpan<Tensor> p)
    {
        int n = tokens.Shape[0], l = tokens.Shape[1], hd = GptWidth / GptHeads;
        var x = F.Embedding(tokens, p[0]) + F.Embedding(Tensor.Arange(0, l, 1, DType.Int64), p[1]);
        for (int i = 0; i < GptLayers; i++)
        {
            var b = p.Slice(2 + GptPerBlock * i, GptPerBlock);
            var qkv = F.Linear(F.LayerNorm(x, [GptWidth], b[0], b[1]), b[2], b[3]).Reshape(n, l, 3, GptHeads, hd).Permute(2, 0, 3, 1, 4);
            var y = F.ScaledDotProductAttention(qkv.Select(0, 0), qkv.Select(0, 1), qkv.Select(0, 2), isCausal: true);
            x = x + F.Linear(y.Transpose(1, 2).Reshape(n, l, GptWidth), b[4], b[5]);
            x = x + F.Linear(F.Linear(F.LayerNorm(x, [GptWidth], b[6], b[7]), b[8], b[9]).Gelu(), b[10], b[11]);
        }
        return F.Linear(F.LayerNorm(x, [GptWidth], p[^3], p[^2]), p[^1]);
    }

    /// <summary>generate_gpt.py: a 2-layer character GPT, logits and cross-entropy loss.</summary>
    private static Dictionary<string, Func<Tensor[], Tensor>> Gpt => new()
    {
        ["gpt_logits"] = x => GptLogits(x[0], x.AsSpan(1)),
        ["gpt_loss"] = x =>
        {
            var logits = GptLogits(x[0], x.AsSpan(2));
            return F.CrossEntropy(logits.Reshape(-1, logits.Shape[2]), x[1].Reshape(-1));
        },
    };
}
