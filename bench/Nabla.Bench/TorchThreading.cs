using System.Globalization;

namespace Nabla.Bench;

/// <summary>
/// One way to run Debian's PyTorch within a thread budget: its OpenMP intra-op threads
/// (<c>torch.set_num_threads</c>, <c>OMP_NUM_THREADS</c>) and OpenBLAS's own thread pool
/// (<c>OPENBLAS_NUM_THREADS</c>), which runs beside OpenMP and oversubscribes small machines.
/// </summary>
/// <param name="OmpThreads">Intra-op threads given to the script as <c>--threads</c>.</param>
/// <param name="BlasThreads">OpenBLAS threads.</param>
public sealed record TorchThreading(int OmpThreads, int BlasThreads)
{
    /// <summary>
    /// The configurations tried for a budget of <paramref name="threads"/>: every combination of
    /// <paramref name="threads"/> or 1 OpenMP threads with <paramref name="threads"/> or 1 OpenBLAS threads,
    /// the default (all threads to both) first. None uses more threads in either pool than the budget.
    /// </summary>
    public static IReadOnlyList<TorchThreading> Candidates(int threads) =>
        threads == 1
            ? [new(1, 1)]
            : [new(threads, threads), new(threads, 1), new(1, threads), new(1, 1)];

    /// <summary>Environment variables that pin both pools.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment()
    {
        yield return new("OMP_NUM_THREADS", OmpThreads.ToString(CultureInfo.InvariantCulture));
        yield return new("OPENBLAS_NUM_THREADS", BlasThreads.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A label such as <c>omp=2,openblas=1</c>, as printed and written to JSON.</summary>
    public override string ToString() => $"omp={OmpThreads},openblas={BlasThreads}";
}
