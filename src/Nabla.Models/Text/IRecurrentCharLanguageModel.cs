namespace Nabla.Models.Text;

/// <summary>
/// A character language model that carries a state from one call to the next, so a stream can be read in pieces:
/// truncated backpropagation through time in training (detach the state between batches) and exact evaluation of a
/// long text with all its preceding context.
/// </summary>
public interface IRecurrentCharLanguageModel : ICharLanguageModel
{
    /// <summary>
    /// Logits (N, L, V) for the int64 tokens (N, L) read after <paramref name="state"/> (the start of a text when null),
    /// and the state after the last token.
    /// </summary>
    (Tensor Logits, CharRnnState State) ForwardWithState(Tensor tokens, CharRnnState? state);
}
