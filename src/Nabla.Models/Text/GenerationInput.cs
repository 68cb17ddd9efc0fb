namespace Nabla.Models.Text;

/// <summary>Tensor plumbing shared by the generation sessions.</summary>
internal static class GenerationInput
{
    /// <summary>The tokens as an int64 batch of one window (1, L); fails on an empty span.</summary>
    public static Tensor Tokens(ReadOnlySpan<long> tokens)
    {
        if (tokens.IsEmpty) throw new ArgumentException("IGenerationSession.Feed: at least one token is needed.");
        return Tensor.FromArray(tokens.ToArray(), 1, tokens.Length);
    }

    /// <summary>The logits (V) at the last position of (1, L, V) logits, as float32 values.</summary>
    public static float[] LastLogits(Tensor logits)
    {
        if (logits.Rank != 3 || logits.Size(0) != 1)
            throw new ArgumentException($"IGenerationSession: expected logits (1, L, V) from the model, got {logits.Shape}.");
        return logits.Select(1, logits.Size(1) - 1).ToArray<float>();
    }
}
