namespace Nabla.Text;

/// <summary>
/// A token stream cut into <see cref="BatchSize"/> contiguous columns for truncated backpropagation through time, as
/// <c>batchify</c>/<c>get_batch</c> in PyTorch's word_language_model example: the stream's first
/// <c>T * B</c> tokens (T = N / B; the remainder is dropped) form <see cref="Data"/>, (T, B) with column b holding
/// tokens <c>b*T .. (b+1)*T - 1</c>, or (B, T) when batch-first.
/// </summary>
public sealed class ContiguousStream
{
    /// <summary>Batchifies <paramref name="tokens"/>, an int64 or int32 tensor (N), into <paramref name="batchSize"/> columns.</summary>
    public ContiguousStream(Tensor tokens, int batchSize, bool batchFirst = false)
        : this(TextTensors.ToInt64(tokens, "ContiguousStream"), batchSize, batchFirst, tokens.Rank)
    {
    }

    /// <summary>Batchifies the token ids <paramref name="tokens"/> into <paramref name="batchSize"/> columns.</summary>
    public ContiguousStream(ReadOnlySpan<long> tokens, int batchSize, bool batchFirst = false)
        : this(tokens.ToArray(), batchSize, batchFirst, 1)
    {
    }

    private ContiguousStream(long[] tokens, int batchSize, bool batchFirst, int rank)
    {
        if (rank != 1) throw new ArgumentException($"ContiguousStream: expected a 1-D token tensor (N), got rank {rank}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int length = tokens.Length / batchSize;
        if (length < 2)
            throw new ArgumentException($"ContiguousStream: {tokens.Length} tokens give fewer than 2 steps per column at batch size {batchSize}.");
        BatchSize = batchSize;
        Length = length;
        BatchFirst = batchFirst;
        var data = new long[length * batchSize];
        for (int b = 0; b < batchSize; b++)
            for (int t = 0; t < length; t++)
                data[batchFirst ? b * length + t : t * batchSize + b] = tokens[b * length + t];
        Data = batchFirst ? Tensor.FromArray(data, batchSize, length) : Tensor.FromArray(data, length, batchSize);
    }

    /// <summary>The batchified stream, int64 (T, B), or (B, T) when <see cref="BatchFirst"/>.</summary>
    public Tensor Data { get; }

    /// <summary>Number of columns B.</summary>
    public int BatchSize { get; }

    /// <summary>Steps per column T.</summary>
    public int Length { get; }

    /// <summary>Whether batches are (B, L) rather than (L, B).</summary>
    public bool BatchFirst { get; }

    /// <summary>Number of batches of at most <paramref name="bptt"/> steps: starts 0, bptt, 2·bptt, … below T − 1.</summary>
    public int BatchCount(int bptt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bptt, 1);
        return (Length - 1 + bptt - 1) / bptt;
    }

    /// <summary>
    /// The batch starting at step <paramref name="start"/>: L = min(bptt, T − 1 − start) steps of inputs and the
    /// same steps shifted by one as targets, each int64 (L, B), or (B, L) when <see cref="BatchFirst"/>.
    /// </summary>
    public (Tensor Inputs, Tensor Targets) GetBatch(int start, int bptt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bptt, 1);
        if (start < 0 || start >= Length - 1)
            throw new ArgumentOutOfRangeException(nameof(start), $"ContiguousStream.GetBatch: start {start} is outside [0, {Length - 1}).");
        int steps = Math.Min(bptt, Length - 1 - start);
        int dim = BatchFirst ? 1 : 0;
        return (Data.Narrow(dim, start, steps).Contiguous(), Data.Narrow(dim, start + 1, steps).Contiguous());
    }

    /// <summary>All batches of at most <paramref name="bptt"/> steps in stream order (see <see cref="GetBatch"/>).</summary>
    public IEnumerable<(Tensor Inputs, Tensor Targets)> Batches(int bptt)
    {
        int count = BatchCount(bptt);
        for (int i = 0; i < count; i++) yield return GetBatch(i * bptt, bptt);
    }
}
