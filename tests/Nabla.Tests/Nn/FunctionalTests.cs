using Xunit;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Nn;

/// <summary>The fused ops agree with the same math composed from tensor ops, values and gradients.</summary>
public class FunctionalTests
{
    private static void AssertSameValueAndGradient(Func<Tensor, Tensor> fused, Func<Tensor, Tensor> composed, Tensor x)
    {
        var a = x.Detach().Clone().RequiresGrad_();
        var b = x.Detach().Clone().RequiresGrad_();
        var ya = fused(a);
        var yb = composed(b);
        var va = ya.ToArray<double>();
        var vb = yb.ToArray<double>();
        for (int i = 0; i < va.Length; i++) Assert.Equal(vb[i], va[i], 1e-10);
        var g = Tensor.Randn(ya.Dims, DType.Float64, new Generator(1));
        ya.Backward(g);
        yb.Backward(g);
        var ga = a.Grad!.ToArray<double>();
        var gb = b.Grad!.ToArray<double>();
        for (int i = 0; i < ga.Length; i++) Assert.Equal(gb[i], ga[i], 1e-10);
    }

    [Fact]
    public void BatchNormMatchesComposed()
    {
        var w = Tensor.FromArray(new double[] { 0.5, 2, -1 }, 1, 3, 1);
        AssertSameValueAndGradient(
            x => F.BatchNorm(x, null, null, w.Reshape(3), null, training: true),
            x => (x - x.Mean([0, 2], keepDim: true)) / (x.Var([0, 2], correction: 0, keepDim: true) + 1e-5).Sqrt() * w,
            Tensor.Randn([4, 3, 5], DType.Float64, new Generator(2)));
    }

    [Fact]
    public void LayerNormMatchesComposed()
    {
        AssertSameValueAndGradient(
            x => F.LayerNorm(x, [2, 3]),
            x => (x - x.Mean([1, 2], keepDim: true)) / (x.Var([1, 2], correction: 0, keepDim: true) + 1e-5).Sqrt(),
            Tensor.Randn([4, 2, 3], DType.Float64, new Generator(3)));
    }

    [Fact]
    public void CrossEntropyMatchesLogSoftmaxNll()
    {
        var t = Tensor.FromArray(new long[] { 1, 0, 4, 2 }, 4);
        AssertSameValueAndGradient(
            x => F.CrossEntropy(x, t, reduction: "none"),
            x => -x.LogSoftmax(1).Gather(1, t.Unsqueeze(1)).Squeeze(1),
            Tensor.Randn([4, 5], DType.Float64, new Generator(4)));
    }

    [Fact]
    public void BinaryCrossEntropyMatchesComposedInside()
    {
        var y = Tensor.Rand([6], DType.Float64, new Generator(5));
        AssertSameValueAndGradient(
            x => F.BinaryCrossEntropy(x.Sigmoid(), y, reduction: "none"),
            x => -(y * x.Sigmoid().Log() + (1.0 - y) * (1.0 - x.Sigmoid()).Log()),
            Tensor.Randn([6], DType.Float64, new Generator(6)));
    }

    private static Tensor GradientOf(Tensor x, bool createGraph)
    {
        var leaf = createGraph ? x : x.Detach().Clone().RequiresGrad_();
        leaf.Grad = null;
        F.BatchNorm(leaf, null, null, training: true).Pow(3.0).Sum().Backward(createGraph: createGraph);
        return leaf.Grad!;
    }

    [Fact]
    public void SecondDerivativeSeesTheStatistics()
    {
        var x = Tensor.Randn([5, 2], DType.Float64, new Generator(7)).RequiresGrad_();
        var v = Tensor.Randn([5, 2], DType.Float64, new Generator(8));
        var g = GradientOf(x, createGraph: true);
        x.Grad = null;
        (g * v).Sum().Backward();
        var hvp = x.Grad!.ToArray<double>();
        const double eps = 1e-6;
        var plus = GradientOf((x.Detach() + v * eps), false).ToArray<double>();
        var minus = GradientOf((x.Detach() - v * eps), false).ToArray<double>();
        for (int i = 0; i < hvp.Length; i++) Assert.Equal((plus[i] - minus[i]) / (2 * eps), hvp[i], 1e-4);
    }

    [Fact]
    public void FloatAndDoubleAgree()
    {
        var x64 = Tensor.Randn([3, 4], DType.Float64, new Generator(8));
        var t = Tensor.FromArray(new long[] { 0, 3, 1 }, 3);
        Assert.Equal(F.CrossEntropy(x64, t).Item(), F.CrossEntropy(x64.To(DType.Float32), t).Item(), 1e-6);
        Assert.Equal(F.LayerNorm(x64, [4]).Sum().Item(), F.LayerNorm(x64.To(DType.Float32), [4]).Sum().Item(), 1e-5);
        Assert.Equal(DType.Float32, F.BatchNorm(x64.To(DType.Float32), null, null, training: true).DType);
    }
}
