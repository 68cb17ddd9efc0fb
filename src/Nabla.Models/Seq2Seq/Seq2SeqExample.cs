namespace Nabla.Models.Seq2Seq;

/// <summary>One source/target pair as token ids, without BOS, EOS or padding.</summary>
/// <param name="Source">The input tokens.</param>
/// <param name="Target">The tokens the model should produce (before its EOS).</param>
public sealed record Seq2SeqExample(int[] Source, int[] Target);
