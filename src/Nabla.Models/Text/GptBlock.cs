using Nabla.Nn;

namespace Nabla.Models.Text;

/// <summary>
/// One pre-LayerNorm transformer block of nanoGPT on (N, L, d): x + attn(ln_1(x)), then + mlp(ln_2(·)).
/// </summary>
public sealed class GptBlock : Module
{
    /// <summary>Creates the block for width <paramref name="nEmbd"/> and <paramref name="nHead"/> heads.</summary>
    public GptBlock(int nEmbd, int nHead, double dropout = 0, Generator? generator = null)
    {
        Ln1 = RegisterModule("ln_1", new LayerNorm(nEmbd));
        Attn = RegisterModule("attn", new CausalSelfAttention(nEmbd, nHead, dropout, generator));
        Ln2 = RegisterModule("ln_2", new LayerNorm(nEmbd));
        Mlp = RegisterModule("mlp", new GptMlp(nEmbd, dropout, generator));
    }

    /// <summary>LayerNorm before the attention.</summary>
    public LayerNorm Ln1 { get; }

    /// <summary>The causal self-attention.</summary>
    public CausalSelfAttention Attn { get; }

    /// <summary>LayerNorm before the MLP.</summary>
    public LayerNorm Ln2 { get; }

    /// <summary>The feed-forward block.</summary>
    public GptMlp Mlp { get; }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        var x = input + Attn.Forward(Ln1.Forward(input));
        return x + Mlp.Forward(Ln2.Forward(x));
    }
}
