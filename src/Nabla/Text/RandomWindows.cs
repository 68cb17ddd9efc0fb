namespace Nabla.Text;

/// <summary>
/// Batches of fixed-length windows at uniformly random offsets of a token stream, as the <c>lstm</c> and <c>gpt</c>
/// benchmarks sample them: each window covers tokens [o, o + L] so inputs are tokens o .. o + L − 1 and targets
/// the same shifted by one.
/// </summary>
public sealed class RandomWindows
{
    private readonly long[] _tokens;
    private readonly Generator _generator;

    /// <summary>Windows of <paramref name="sequenceLength"/> over <paramref name="tokens"/> (int64 or int32, (N)), offsets drawn from <paramref name="generator"/>.</summary>
    public RandomWindows(Tensor tokens, int sequenceLength, int batchSize, Generator generator)
        : this(TextTensors.ToInt64(tokens, "RandomWindows"), sequenceLength, batchSize, generator, tokens.Rank)
    {
    }

    /// <summary>Windows of <paramref name="sequenceLength"/> over the token ids <paramref name="tokens"/>, offsets drawn from <paramref name="generator"/>.</summary>
    public RandomWindows(ReadOnlySpan<long> tokens, int sequenceLength, int batchSize, Generator generator)
        : this(tokens.ToArray(), sequenceLength, batchSize, generator, 1)
    {
    }

    private RandomWindows(long[] tokens, int sequenceLength, int batchSize, Generator generator, int rank)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (rank != 1) throw new ArgumentException($"RandomWindows: expected a 1-D token tensor (N), got rank {rank}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (tokens.Length < sequenceLength + 1)
            throw new ArgumentException($"RandomWindows: {tokens.Length} tokens are fewer than sequence length {sequenceLength} + 1.");
        _tokens = tokens;
        _generator = generator;
        SequenceLength = sequenceLength;
        BatchSize = batchSize;
    }

    /// <summary>Window length L.</summary>
    public int SequenceLength { get; }

    /// <summary>Windows per batch B.</summary>
    public int BatchSize { get; }

    /// <summary>Number of distinct offsets, N − L.</summary>
    public long OffsetCount => _tokens.Length - SequenceLength;

    /// <summary>The next batch: inputs and targets, each int64 (B, L).</summary>
    public (Tensor Inputs, Tensor Targets) Next() => Next(out _);

    /// <summary>The next batch: inputs and targets, each int64 (B, L), and the B offsets drawn.</summary>
    public (Tensor Inputs, Tensor Targets) Next(out long[] offsets)
    {
        int length = SequenceLength;
        var inputs = new long[BatchSize * length];
        var targets = new long[BatchSize * length];
        offsets = new long[BatchSize];
        for (int b = 0; b < BatchSize; b++)
        {
            long o = _generator.NextInt64(0, OffsetCount);
            offsets[b] = o;
            Array.Copy(_tokens, o, inputs, (long)b * length, length);
            Array.Copy(_tokens, o + 1, targets, (long)b * length, length);
        }
        return (Tensor.FromArray(inputs, BatchSize, length), Tensor.FromArray(targets, BatchSize, length));
    }
}
