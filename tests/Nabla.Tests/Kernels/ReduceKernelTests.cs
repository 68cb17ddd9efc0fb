using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Kernels;

/// <summary>
/// Accuracy and determinism of the reduction kernels on sizes large enough to take their blocked, chunked and
/// parallel paths.
/// </summary>
[Trait("Category", "Kernels")]
public class ReduceKernelTests
{
    [Fact]
    public void Float32SumOfAMillionTenthsIsAccurate()
    {
        const int n = 1_000_000;
        var x = Tensor.Full([n], 0.1, DType.Float32);
        double exact = n * (double)0.1f;
        Assert.True(Math.Abs(x.Sum().Item() - exact) / exact <= 1e-5, $"sum {x.Sum().Item()} vs {exact}");
        var rows = Tensor.Full([2, n / 2], 0.1, DType.Float32).Sum(1).ToArray<float>();
        foreach (var r in rows) Assert.True(Math.Abs(r - exact / 2) / (exact / 2) <= 1e-5, $"row sum {r}");
    }

    [Fact]
    public void Float32SumOverALongNonLastDimIsAccurate()
    {
        const int n = 200_000;
        var cols = Tensor.Full([n, 3], 0.1, DType.Float32).Sum(0).ToArray<float>();
        double exact = n * (double)0.1f;
        foreach (var c in cols) Assert.True(Math.Abs(c - exact) / exact <= 1e-5, $"column sum {c} vs {exact}");
        var mean = Tensor.Full([n, 3], 0.1, DType.Float32).Mean(0).ToArray<float>();
        foreach (var m in mean) Assert.True(Math.Abs(m - 0.1f) <= 1e-6, $"column mean {m}");
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var x = Tensor.Randn([1, 400_000], DType.Float32, new Generator(4));
        var wide = Tensor.Randn([300, 9000], DType.Float32, new Generator(5));
        int saved = Threads.Count;
        try
        {
            Threads.Count = 1;
            var one = Snapshot(x, wide);
            Threads.Count = 4;
            var four = Snapshot(x, wide);
            Assert.Equal(one, four);
        }
        finally
        {
            Threads.Count = saved;
        }
    }

    private static float[][] Snapshot(Tensor x, Tensor wide) =>
    [
        x.Sum().ToArray<float>(), x.Sum(1).ToArray<float>(), x.Amax(1).ToArray<float>(), x.Var(1).ToArray<float>(),
        x.LogSumExp(1).ToArray<float>(), wide.Sum(0).ToArray<float>(), wide.Mean(1).ToArray<float>(),
        wide.Softmax(0).ToArray<float>(), wide.Std(0).ToArray<float>(),
    ];

    [Fact]
    public void LongRowsMatchFloat64References()
    {
        var x = Tensor.Randn([2, 300_000], DType.Float32, new Generator(6));
        var x64 = x.To(DType.Float64);
        AssertClose(x64.Sum(1).ToArray<double>(), x.Sum(1).ToArray<double>(), 1e-4, 1e-2);
        AssertClose(x64.Var(1).ToArray<double>(), x.Var(1).ToArray<double>(), 1e-5, 1e-6);
        AssertClose(x64.Amax(1).ToArray<double>(), x.Amax(1).ToArray<double>(), 0, 0);
        AssertClose(x64.LogSumExp(1).ToArray<double>(), x.LogSumExp(1).ToArray<double>(), 1e-6, 1e-6);
        var (v, i) = x.Min(1);
        AssertClose(x64.Amin(1).ToArray<double>(), v.ToArray<double>(), 0, 0);
        Assert.Equal(x64.Argmin(1).ToArray<long>(), i.ToArray<long>());
        AssertClose(x64.Cumsum(1).ToArray<double>()[^3..], x.Cumsum(1).ToArray<double>()[^3..], 1e-3, 1e-1);
    }

    [Fact]
    public void ProdOverMixedDimsMatchesSequentialProducts()
    {
        var x = TestUtil.Uniform(9, 0.5, 1.5, 3, 4, 5);
        AssertClose(x.Prod(2).Prod(0).ToArray<double>(), x.Prod([0, -1]).ToArray<double>(), 1e-12, 1e-14);
        AssertClose([x.ToArray<double>().Aggregate(1.0, (a, b) => a * b)], x.Prod().ToArray<double>(), 1e-12, 1e-14);
    }
}
