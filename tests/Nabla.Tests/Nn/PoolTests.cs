using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Nn;

/// <summary>Pooling values from the curriculum (seed000-inventory §14.3), gradient routing, reprs and errors.</summary>
public class PoolTests
{
    private static Tensor X(DType dtype) => Tensor.FromArray(new double[]
    {
        3, 3, 2, 1, 0,
        0, 0, 1, 3, 1,
        3, 1, 2, 2, 3,
        2, 0, 0, 2, 2,
        2, 0, 0, 0, 1,
    }, [1, 1, 5, 5]).To(dtype);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void CurriculumMaxAndAverage(DType dtype)
    {
        Assert.Equal([3, 3, 3, 3, 3, 3, 3, 2, 3], Functional.MaxPool2d(X(dtype), 3, 1).ToArray<double>());
        var avg = Functional.AvgPool2d(X(dtype), 3, 1).ToArray<double>();
        double[] sums = [15, 15, 15, 9, 11, 16, 10, 7, 12];
        for (int i = 0; i < 9; i++) Assert.Equal(sums[i] / 9, avg[i], 6);
    }

    [Fact]
    public void MaxGradientGoesToTheFirstMaximum()
    {
        var x = Tensor.FromArray(new double[] { 1, 5, 5, 2 }, [1, 1, 2, 2]).RequiresGrad_();
        Functional.MaxPool2d(x, 2).Sum().Backward();
        Assert.Equal([0, 1, 0, 0], x.Grad!.ToArray<double>());
    }

    [Theory]
    [InlineData(DType.Float32, 26)]
    [InlineData(DType.Float64, 26)]
    [InlineData(DType.Float32, 11)]
    [InlineData(DType.Float64, 5)]
    public void Max2x2MatchesTheSequentialRuleOnTiesAndNaNs(DType dtype, int size)
    {
        // The 2×2 stride-2 window has a vectorised kernel; this checks it against PyTorch's rule written out
        // (taps in row-major order, a later NaN replaces the maximum, ties keep the first) on values full of ties.
        var rng = new Random(5);
        var data = new double[2 * 3 * size * size];
        for (int i = 0; i < data.Length; i++) data[i] = rng.Next(8) switch { 0 => double.NaN, 1 or 2 => 0.0, var k => k % 3 };
        var x = Tensor.FromArray(data, [2, 3, size, size]).To(dtype).RequiresGrad_();
        var y = Functional.MaxPool2d(x, 2);
        int o = size / 2;
        var g = Enumerable.Range(1, 6 * o * o).Select(v => (double)v).ToArray();
        y.Backward(Tensor.FromArray(g, [2, 3, o, o]).To(dtype));
        var values = y.ToArray<double>();
        var grad = x.Grad!.ToArray<double>();
        var expectedGrad = new double[data.Length];
        for (int p = 0; p < 6; p++)
        for (int i = 0; i < o; i++)
        for (int j = 0; j < o; j++)
        {
            int at = -1;
            foreach (var (di, dj) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
            {
                int k = p * size * size + (2 * i + di) * size + 2 * j + dj;
                if (at < 0 || data[k] > data[at] || double.IsNaN(data[k])) at = k;
            }
            int outAt = (p * o + i) * o + j;
            Assert.Equal(data[at], values[outAt]);
            expectedGrad[at] += g[outAt];
        }
        Assert.Equal(expectedGrad, grad);
    }

    [Fact]
    public void MaxPoolPropagatesNaN()
    {
        var x = Tensor.FromArray(new float[] { 1, float.NaN, 3, 2 }, [1, 1, 4]);
        Assert.True(float.IsNaN(Functional.MaxPool1d(x, 2).ToArray<float>()[0]));
    }

    [Fact]
    public void AdaptiveUsesPyTorchWindows()
    {
        // torch.nn.functional.adaptive_avg_pool1d-style windows on 5 → 3: [0,2), [1,4), [3,5).
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5 }, [1, 1, 1, 5]);
        Assert.Equal([1.5, 3, 4.5], Functional.AdaptiveAvgPool2d(x, (1, 3)).ToArray<double>());
        Assert.Equal([3, 1, 1], new AdaptiveAvgPool2d(1).Forward(Tensor.Ones(3, 4, 4)).Shape.ToArray());
    }

    [Fact]
    public void CeilModeAndPaddingSizes()
    {
        var x = Tensor.Zeros(1, 1, 8, 7);
        Assert.Equal([1, 1, 5, 4], Functional.MaxPool2d(x, 3, 2, 1, ceilMode: true).Shape.ToArray());
        Assert.Equal([1, 1, 4, 4], Functional.AvgPool2d(x, 3, 2, 1).Shape.ToArray());
        Assert.Equal([1, 1, 4], new AvgPool1d(2).Forward(Tensor.Zeros(1, 1, 9)).Shape.ToArray());
        Assert.Equal([1, 1, 5], new MaxPool1d(2, ceilMode: true).Forward(Tensor.Zeros(1, 1, 9)).Shape.ToArray());
        Assert.Equal([1, 1, 4, 3], new MaxPool2d(2).Forward(x).Shape.ToArray());
        Assert.Equal([1, 1, 3, 3], new AvgPool2d((3, 2), (2, 2), (0, 0)).Forward(x).Shape.ToArray());
    }

    [Fact]
    public void ReprsMatchPyTorch()
    {
        // Strings printed by torch 1.13 for the same constructor arguments.
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).ToString());
        Assert.Equal("MaxPool1d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool1d(3, 2).ToString());
        Assert.Equal("AvgPool2d(kernel_size=2, stride=2, padding=0)", new AvgPool2d(2).ToString());
        Assert.Equal("AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))", new AvgPool1d(2).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=(5, 7))", new AdaptiveAvgPool2d((5, 7)).ToString());
    }

    [Fact]
    public void ErrorsNameTheOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.MaxPool2d(Tensor.Zeros(1, 1, 2, 2), 3));
        Assert.Contains("MaxPool2d", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.MaxPool2d(Tensor.Zeros(1, 1, 2, 2), 4, 1, 0));
        Assert.Contains("[1, 1, 2, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.AvgPool1d(Tensor.Zeros(1, 1, 8), 2, 2, 2));
        Assert.Contains("AvgPool1d: padding 2 must be non-negative and at most half the kernel size 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.AvgPool2d(Tensor.Zeros(5), 2));
        Assert.Contains("AvgPool2d", e.Message);
        Assert.Contains("[5]", e.Message);
    }
}
