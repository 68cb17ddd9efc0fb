namespace Nabla.Models.Seq2Seq;

/// <summary>How a decoder looks at the encoder's outputs.</summary>
public enum AttentionKind
{
    /// <summary>No attention: the decoder sees the source only through its initial state (the bottleneck).</summary>
    None,

    /// <summary>Additive (Bahdanau) scores e = vᵀ·tanh(W_q·q + W_k·k), queried with the previous decoder state.</summary>
    Bahdanau,

    /// <summary>Multiplicative (Luong) dot scores e = qᵀ·k, queried with the current decoder state.</summary>
    LuongDot,

    /// <summary>Multiplicative (Luong) general scores e = qᵀ·W·k, queried with the current decoder state.</summary>
    LuongGeneral,
}
