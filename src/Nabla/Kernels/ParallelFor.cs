namespace Nabla.Kernels;

/// <summary>
/// A low-overhead parallel loop over index ranges. Work smaller than a threshold stays on the
/// calling thread so that tiny ops never pay for thread hand-off; larger work is handed to a
/// persistent pool of spinning workers, the calling thread taking the first chunk itself.
/// </summary>
public static partial class ParallelFor
{
    /// <summary>Below this many units of work (roughly, scalar operations) a loop runs inline.</summary>
    public const long DefaultThreshold = 32_768;

    /// <summary>
    /// Runs <paramref name="body"/> over <c>[0, count)</c> split into contiguous chunks, one per thread at most.
    /// The split depends only on <paramref name="count"/> and <see cref="Threads.Count"/>, so results that
    /// combine per-chunk partials stay deterministic for a given thread count.
    /// </summary>
    /// <param name="count">Number of iterations.</param>
    /// <param name="costPerItem">Approximate scalar operations per iteration; decides whether to go parallel.</param>
    /// <param name="body">Called with a half-open range <c>[start, end)</c>.</param>
    /// <remarks>
    /// The first exception thrown by <paramref name="body"/> propagates unwrapped, with its original stack trace,
    /// whether the loop ran inline or on the worker pool, so callers see the same error either way.
    /// </remarks>
    public static void Run(int count, long costPerItem, Action<int, int> body)
    {
        int threads = Math.Min(Threads.Count, count);
        if (threads <= 1 || (long)count * costPerItem < DefaultThreshold)
        {
            if (count > 0) body(0, count);
            return;
        }
        RunPooled(count, threads, body);
    }

    /// <summary>The <paramref name="index"/>-th of <paramref name="parts"/> near-equal chunks of <c>[0, count)</c>.</summary>
    public static (int Start, int End) Chunk(int count, int parts, int index)
    {
        int baseSize = count / parts, extra = count % parts;
        int start = index * baseSize + Math.Min(index, extra);
        return (start, start + baseSize + (index < extra ? 1 : 0));
    }
}
