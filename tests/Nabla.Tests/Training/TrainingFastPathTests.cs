using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Training;

/// <summary>The training-loop fast paths (one-pass dropout mask, bulk uniform draws, Linear weight gradients) agree with their plain definitions.</summary>
public sealed class TrainingFastPathTests
{
    [Fact]
    public void NextDoublesMatchesRepeatedNextDouble()
    {
        var bulk = new Generator(11);
        var single = new Generator(11);
        var values = new double[1000];
        bulk.NextDoubles(values);
        for (int i = 0; i < values.Length; i++) Assert.Equal(single.NextDouble(), values[i]);
        Assert.Equal(single.NextUInt64(), bulk.NextUInt64());
    }

    [Theory]
    [InlineData(DType.Float32, 0.2)]
    [InlineData(DType.Float64, 0.2)]
    [InlineData(DType.Float32, 0.5)]
    public void DropoutMaskIsTheThresholdedUniformDraws(DType dtype, double p)
    {
        // 1000 elements: several 256-draw chunks, a vector body and a scalar tail.
        var x = Tensor.Ones([10, 100], dtype);
        var y = Functional.Dropout(x, p, generator: new Generator(5));
        var expected = Tensor.Rand([10, 100], dtype, new Generator(5)).Ge(p).To(dtype) * (1.0 / (1.0 - p));
        Assert.Equal(expected.ToArray<double>(), y.ToArray<double>());
    }

    [Fact]
    public void LinearWeightGradientThroughTransposedViewIsDenseAndCorrect()
    {
        var x = TestUtil.Leaf(1, 5, 7);
        var w = TestUtil.Leaf(2, 3, 7);
        var g = TestUtil.Leaf(3, 5, 3).Detach();
        x.MatMul(w.T).Backward(g);
        Assert.True(w.Grad!.IsContiguous);
        TestUtil.AssertClose(g.T.MatMul(x).Detach().ToArray<double>(), w.Grad.ToArray<double>(), 1e-12, 1e-12);
        TestUtil.AssertClose(g.MatMul(w).Detach().ToArray<double>(), x.Grad!.ToArray<double>(), 1e-12, 1e-12);
        TestUtil.CheckAll(t => t[0].MatMul(t[1].T), TestUtil.Leaf(4, 4, 6), TestUtil.Leaf(5, 3, 6));
    }
}
