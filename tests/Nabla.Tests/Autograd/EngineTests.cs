using Nabla.Autograd;
using Xunit;

namespace Nabla.Tests.Autograd;

public class EngineTests
{
    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0]).RequiresGrad_();
        (x * x).Sum().Backward();
        (x * 3.0).Sum().Backward();
        TestUtil.AssertClose([5, 7, 9], x.Grad!.ToArray<double>());
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void SecondBackwardWithoutRetainGraphFailsClearly()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        var y = (x.Exp() * x).Sum();
        y.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", ex.Message);
    }

    [Fact]
    public void RetainGraphAllowsRepeatedBackward()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        TestUtil.AssertClose([4, 8], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void NoGradRecordsNothing()
    {
        var x = Tensor.FromArray([1.0f, 2.0f]).RequiresGrad_();
        Tensor y;
        using (Tensor.NoGrad()) y = x * x;
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        Assert.True(GradMode.IsEnabled);
        var z = x * x;
        Assert.True(z.RequiresGrad);
        Assert.Equal("Mul", z.GradFnName);
    }

    [Fact]
    public void DetachCutsTheGraphAndSharesData()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        var y = x * 2.0;
        var d = y.Detach();
        Assert.False(d.RequiresGrad);
        (y * d).Sum().Backward();
        TestUtil.AssertClose([4, 8], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void NonScalarBackwardNeedsAGradient()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        var y = x * x;
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        y.Backward(Tensor.FromArray([1.0, 0.5]));
        TestUtil.AssertClose([2, 2], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void BackwardOnTensorWithoutGradFails()
    {
        var x = Tensor.FromArray([1.0, 2.0]);
        var ex = Assert.Throws<InvalidOperationException>(() => x.Sum().Backward());
        Assert.Contains("does not require grad", ex.Message);
    }

    [Fact]
    public void HessianVectorProductMatchesAnalytic()
    {
        // f(x) = A·B with A = Σ exp(x_i), B = Σ x_i²; H·v = B·(e^x∘v) + 2(x·v)·e^x + 2(e^x·v)·x + 2A·v.
        double[] xv = [0.5, -1.0, 2.0], vv = [1.0, 2.0, -1.0];
        var x = Tensor.FromArray(xv).RequiresGrad_();
        var v = Tensor.FromArray(vv);
        var y = x.Exp().Sum() * (x * x).Sum();
        y.Backward(createGraph: true);
        var g = x.Grad!;
        x.Grad = null;
        (g * v).Sum().Backward();

        double a = xv.Sum(Math.Exp), b = xv.Sum(t => t * t);
        double xDotV = xv.Zip(vv, (p, q) => p * q).Sum(), eDotV = xv.Zip(vv, (p, q) => Math.Exp(p) * q).Sum();
        var expected = xv.Select((xi, i) => b * Math.Exp(xi) * vv[i] + 2 * xDotV * Math.Exp(xi) + 2 * eDotV * xi + 2 * a * vv[i]).ToArray();
        TestUtil.AssertClose(expected, x.Grad!.ToArray<double>(), 1e-12, 1e-12);
    }

    [Fact]
    public void ExpandedAndBroadcastGradientsSumBack()
    {
        var a = TestUtil.Leaf(1, 3, 1);
        var b = TestUtil.Leaf(2, 4);
        TestUtil.CheckAll(xs => xs[0] * xs[1] + xs[0] / (xs[1] * xs[1] + 1.0) - xs[1], a, b);
    }
}
