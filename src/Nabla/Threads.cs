namespace Nabla;

/// <summary>
/// Process-wide thread settings for Nabla's CPU kernels, like <c>torch.set_num_threads</c>.
/// </summary>
public static class Threads
{
    private static int _count = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Number of threads kernels may use (at least 1). Defaults to the processor count.
    /// Results of reductions are deterministic for a given value.
    /// </summary>
    public static int Count
    {
        get => _count;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _count = value;
        }
    }
}
