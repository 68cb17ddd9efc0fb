namespace Nabla.Models.Seq2Seq;

/// <summary>
/// A generated sequence-to-sequence task on digit strings: sources are uniformly random digits of a length drawn
/// uniformly from [<see cref="MinLength"/>, <see cref="MaxLength"/>], targets their reverse or their sorted order.
/// Tokens follow <see cref="DigitVocabulary"/>.
/// </summary>
public sealed class DigitTask
{
    /// <summary>Creates the task; lengths must satisfy 1 ≤ <paramref name="minLength"/> ≤ <paramref name="maxLength"/>.</summary>
    public DigitTask(Seq2SeqTaskKind kind, int minLength = 5, int maxLength = 20)
    {
        if (minLength < 1 || maxLength < minLength)
            throw new ArgumentOutOfRangeException(nameof(minLength), $"DigitTask: need 1 <= minLength <= maxLength, got {minLength} and {maxLength}.");
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), $"DigitTask: unknown task {kind}.");
        Kind = kind;
        MinLength = minLength;
        MaxLength = maxLength;
    }

    /// <summary>Reverse or sort.</summary>
    public Seq2SeqTaskKind Kind { get; }

    /// <summary>Shortest source length.</summary>
    public int MinLength { get; }

    /// <summary>Longest source length.</summary>
    public int MaxLength { get; }

    /// <summary>The target of <paramref name="source"/> under this task.</summary>
    public int[] TargetOf(int[] source)
    {
        var target = (int[])source.Clone();
        if (Kind == Seq2SeqTaskKind.Reverse) Array.Reverse(target);
        else Array.Sort(target);
        return target;
    }

    /// <summary>Draws one example from <paramref name="generator"/>.</summary>
    public Seq2SeqExample Sample(Generator generator)
    {
        int length = (int)generator.NextInt64(MinLength, MaxLength + 1);
        var source = new int[length];
        for (int i = 0; i < length; i++) source[i] = DigitVocabulary.FirstDigit + (int)generator.NextInt64(0, 10);
        return new Seq2SeqExample(source, TargetOf(source));
    }

    /// <summary>
    /// Draws <paramref name="count"/> examples from <paramref name="generator"/>, redrawing any whose source is in
    /// <paramref name="exclude"/> (keys from <see cref="Key"/>), so that training never sees a held-out source.
    /// </summary>
    public List<Seq2SeqExample> Sample(int count, Generator generator, IReadOnlySet<string>? exclude = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var examples = new List<Seq2SeqExample>(count);
        while (examples.Count < count)
        {
            var example = Sample(generator);
            if (exclude is null || !exclude.Contains(Key(example))) examples.Add(example);
        }
        return examples;
    }

    /// <summary>A fixed set of <paramref name="count"/> examples drawn with seed <paramref name="seed"/>.</summary>
    public List<Seq2SeqExample> Generate(int count, long seed) => Sample(count, new Generator(seed));

    /// <summary>The identity of an example's source, for excluding held-out examples from training.</summary>
    public static string Key(Seq2SeqExample example) => DigitVocabulary.Decode(example.Source);
}
