using Nabla.Kernels;

namespace Nabla.Bench.Workloads;

/// <summary>Float32 C = A·B for square n = 256, 1024, 2048 through <see cref="Gemm.Sgemm"/>, in GFLOP/s.</summary>
public sealed class GemmWorkload : Workload
{
    private static readonly int[] Sizes = [256, 1024, 2048];

    /// <inheritdoc />
    public override string Name => "gemm";

    /// <inheritdoc />
    public override MetricDirection DirectionOf(string metric) =>
        metric.StartsWith("gflops_", StringComparison.Ordinal) ? MetricDirection.HigherIsBetter : MetricDirection.LowerIsBetter;

    /// <inheritdoc />
    public override OrderedDictionary<string, double> RunNabla()
    {
        var metrics = new OrderedDictionary<string, double>();
        var random = new Random(0);
        foreach (int n in Sizes)
        {
            float[] a = RandomNormal(random, n * n), b = RandomNormal(random, n * n), c = new float[n * n];
            double seconds = Timing.MedianSeconds(() => Gemm.Sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n));
            metrics[$"gflops_{n}"] = 2.0 * n * n * n / seconds / 1e9;
        }
        return metrics;
    }

    private static float[] RandomNormal(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            // Box–Muller; 1 - NextDouble() keeps the logarithm's argument in (0, 1].
            double u = 1.0 - random.NextDouble(), v = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v));
        }
        return values;
    }
}
