namespace Nabla.Models.Seq2Seq;

/// <summary>
/// Examples padded into tensors. With N examples, S the longest source and T the longest target plus one:
/// <see cref="Source"/> (N, S), <see cref="TargetInput"/> (N, T) = BOS y₁ … y_n PAD …, and
/// <see cref="TargetOutput"/> (N, T) = y₁ … y_n EOS PAD …, all int64 padded with <see cref="DigitVocabulary.Pad"/>.
/// </summary>
public sealed class Seq2SeqBatch
{
    private Seq2SeqBatch(IReadOnlyList<Seq2SeqExample> examples, Tensor source, Tensor targetInput, Tensor targetOutput)
    {
        Examples = examples;
        Source = source;
        TargetInput = targetInput;
        TargetOutput = targetOutput;
    }

    /// <summary>The examples, in batch order.</summary>
    public IReadOnlyList<Seq2SeqExample> Examples { get; }

    /// <summary>Padded sources (N, S).</summary>
    public Tensor Source { get; }

    /// <summary>Decoder inputs under teacher forcing (N, T): BOS then the target, padded.</summary>
    public Tensor TargetInput { get; }

    /// <summary>Decoder targets (N, T): the target then EOS, padded.</summary>
    public Tensor TargetOutput { get; }

    /// <summary>Pads <paramref name="examples"/> into a batch; every source must hold at least one token.</summary>
    public static Seq2SeqBatch From(IReadOnlyList<Seq2SeqExample> examples)
    {
        if (examples.Count == 0) throw new ArgumentException("Seq2SeqBatch: need at least one example.");
        int n = examples.Count, s = 0, t = 0;
        foreach (var e in examples)
        {
            if (e.Source.Length == 0) throw new ArgumentException("Seq2SeqBatch: a source is empty; every source needs at least one token.");
            s = Math.Max(s, e.Source.Length);
            t = Math.Max(t, e.Target.Length + 1);
        }
        var source = new long[n * s];
        var input = new long[n * t];
        var output = new long[n * t];
        for (int i = 0; i < n; i++)
        {
            var e = examples[i];
            for (int j = 0; j < e.Source.Length; j++) source[i * s + j] = e.Source[j];
            input[i * t] = DigitVocabulary.Bos;
            for (int j = 0; j < e.Target.Length; j++)
            {
                input[i * t + j + 1] = e.Target[j];
                output[i * t + j] = e.Target[j];
            }
            output[i * t + e.Target.Length] = DigitVocabulary.Eos;
        }
        return new Seq2SeqBatch(examples, Tensor.FromArray(source, n, s), Tensor.FromArray(input, n, t), Tensor.FromArray(output, n, t));
    }
}
