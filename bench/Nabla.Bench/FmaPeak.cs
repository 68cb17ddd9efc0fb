using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Bench;

/// <summary>
/// The machine's float32 FMA peak: every thread runs a loop of independent fused multiply-adds on
/// registers (no memory traffic), the physical limit against which workloads' GFLOP/s are read.
/// </summary>
/// <param name="Gflops256">All-thread GFLOP/s with 256-bit FMAs, or 0 without FMA.</param>
/// <param name="Gflops512">All-thread GFLOP/s with 512-bit FMAs, or 0 without AVX-512.</param>
/// <param name="Threads">Threads that ran the loop.</param>
public sealed record FmaPeak(double Gflops256, double Gflops512, int Threads)
{
    // Twelve independent accumulators cover the FMA latency (4 cycles) times two ports with room to spare.
    private const int Accumulators = 12;
    private const long Iterations = 20_000_000;

    /// <summary>The higher of the two widths: the peak a kernel on this machine can approach.</summary>
    public double Best => Math.Max(Gflops256, Gflops512);

    /// <summary>Measures both widths on <paramref name="threads"/> threads (best of five rounds each, so a moment of contention does not lower it).</summary>
    public static FmaPeak Measure(int threads)
    {
        double g256 = Fma.IsSupported ? BestOf(threads, Loop256, 8) : 0;
        double g512 = Avx512F.IsSupported ? BestOf(threads, Loop512, 16) : 0;
        return new FmaPeak(g256, g512, threads);
    }

    /// <summary>A fraction of <see cref="Best"/>, or NaN where the machine has no FMA.</summary>
    public double Fraction(double gflops) => Best > 0 ? gflops / Best : double.NaN;

    private static double BestOf(int threads, Func<long, float> loop, int lanes)
    {
        loop(1000);
        double best = 0;
        for (int round = 0; round < 5; round++)
        {
            var workers = new Thread[threads];
            using var start = new Barrier(threads + 1);
            for (int t = 0; t < threads; t++)
            {
                workers[t] = new Thread(() =>
                {
                    start.SignalAndWait();
                    GC.KeepAlive(loop(Iterations));
                });
                workers[t].Start();
            }
            start.SignalAndWait();
            long begin = Stopwatch.GetTimestamp();
            foreach (var worker in workers) worker.Join();
            double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
            double flops = 2.0 * lanes * Accumulators * Iterations * threads;
            best = Math.Max(best, flops / seconds / 1e9);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Loop256(long iterations)
    {
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
            c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a); c2 = Fma.MultiplyAdd(c2, m, a);
            c3 = Fma.MultiplyAdd(c3, m, a); c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a);
            c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a); c8 = Fma.MultiplyAdd(c8, m, a);
            c9 = Fma.MultiplyAdd(c9, m, a); c10 = Fma.MultiplyAdd(c10, m, a); c11 = Fma.MultiplyAdd(c11, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Loop512(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
            c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, m, a); c1 = Avx512F.FusedMultiplyAdd(c1, m, a); c2 = Avx512F.FusedMultiplyAdd(c2, m, a);
            c3 = Avx512F.FusedMultiplyAdd(c3, m, a); c4 = Avx512F.FusedMultiplyAdd(c4, m, a); c5 = Avx512F.FusedMultiplyAdd(c5, m, a);
            c6 = Avx512F.FusedMultiplyAdd(c6, m, a); c7 = Avx512F.FusedMultiplyAdd(c7, m, a); c8 = Avx512F.FusedMultiplyAdd(c8, m, a);
            c9 = Avx512F.FusedMultiplyAdd(c9, m, a); c10 = Avx512F.FusedMultiplyAdd(c10, m, a); c11 = Avx512F.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
