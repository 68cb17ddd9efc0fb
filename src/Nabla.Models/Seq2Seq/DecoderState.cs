namespace Nabla.Models.Seq2Seq;

/// <summary>
/// What a decoder carries from one step to the next for a batch of rows (examples or beam hypotheses): its
/// recurrent state or generated prefix, and the encoded source it attends to.
/// </summary>
public abstract class DecoderState
{
    /// <summary>Number of rows.</summary>
    public abstract int Count { get; }

    /// <summary>The state of rows <paramref name="rows"/> (int64 (M)), in that order; rows may repeat (beam search copies hypotheses).</summary>
    public abstract DecoderState Select(Tensor rows);
}

/// <summary>One decoder step for a batch of rows.</summary>
/// <param name="Logits">Next-token scores (N, V).</param>
/// <param name="State">The state after consuming the step's input tokens.</param>
/// <param name="Attention">Attention weights over the source (N, S), or null for a model without attention.</param>
public readonly record struct DecoderStep(Tensor Logits, DecoderState State, Tensor? Attention);

/// <summary>Teacher-forced (or scheduled-sampling) outputs for a batch.</summary>
/// <param name="Logits">Scores (N, T, V) for every target position.</param>
/// <param name="Attention">Weights (N, T, S) of every step over the source, or null for a model without attention.</param>
public sealed record Seq2SeqOutput(Tensor Logits, Tensor? Attention);

/// <summary>A decoded sequence with its score and attention.</summary>
/// <param name="Tokens">The generated tokens, without BOS and without the final EOS.</param>
/// <param name="Ended">Whether decoding produced EOS (false when it stopped at the length limit).</param>
/// <param name="LogProb">Σ log p of every generated token, the EOS included.</param>
/// <param name="Score">The length-normalised score LogProb / length^α used to rank beam hypotheses.</param>
/// <param name="Attention">Weights (steps, S) of each generated token (the EOS included) over the source, or null.</param>
public sealed record DecodedSequence(int[] Tokens, bool Ended, double LogProb, double Score, Tensor? Attention);
