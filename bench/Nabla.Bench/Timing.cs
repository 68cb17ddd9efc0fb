using System.Diagnostics;

namespace Nabla.Bench;

/// <summary>Wall-clock timing shared by workloads; mirrors <c>median_seconds</c> in bench/reference/common.py.</summary>
public static class Timing
{
    /// <summary>
    /// Median seconds of <paramref name="action"/> after <paramref name="warmup"/> untimed runs, repeating
    /// until at least <paramref name="minReps"/> runs and <paramref name="minSeconds"/> in total.
    /// </summary>
    public static double MedianSeconds(Action action, int warmup = 1, double minSeconds = 1.0, int minReps = 3)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new List<double>();
        double total = 0;
        while (times.Count < minReps || total < minSeconds)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            times.Add(elapsed);
            total += elapsed;
        }
        times.Sort();
        int mid = times.Count / 2;
        return times.Count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
    }
}
