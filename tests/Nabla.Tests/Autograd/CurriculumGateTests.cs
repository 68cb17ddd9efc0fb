using Nabla.Autograd;
using Xunit;

namespace Nabla.Tests.Autograd;

/// <summary>The curriculum's backprop gate examples (seed001-002 inventory, B3) and stable softmax numbers (B2).</summary>
public class CurriculumGateTests
{
    private static Tensor S(double v) => Tensor.Scalar(v, DType.Float64).RequiresGrad_();

    [Fact]
    public void AddDistributesAndMulSwitches()
    {
        var (x, y, z) = (S(-2), S(5), S(-4));
        var f = (x + y) * z;
        f.Backward();
        Assert.Equal(-12, f.Item());
        Assert.Equal(3, z.Grad!.Item());
        Assert.Equal(-4, x.Grad!.Item());
        Assert.Equal(-4, y.Grad!.Item());

        var (a, b) = (S(3), S(-4));
        (a * b).Backward(Tensor.Scalar(2, DType.Float64));
        Assert.Equal(-8, a.Grad!.Item());
        Assert.Equal(6, b.Grad!.Item());
    }

    [Fact]
    public void MaxRoutes()
    {
        var (x, y) = (S(4), S(2));
        x.Maximum(y).Backward(Tensor.Scalar(5, DType.Float64));
        Assert.Equal(5, x.Grad!.Item());
        Assert.Equal(0, y.Grad!.Item());
    }

    [Fact]
    public void SigmoidNeuron()
    {
        var w = Tensor.FromArray([2.0, -3.0, -3.0]).RequiresGrad_();
        var x = Tensor.FromArray([-1.0, -2.0, 1.0]).RequiresGrad_();
        var f = (w * x).Sum().Sigmoid();
        f.Backward();
        Assert.Equal(0.7310585786300049, f.Item(), 15);
        TestUtil.AssertClose([0.3932238664829637, -0.5898357997244456], x.Grad!.ToArray<double>()[..2], 1e-14, 1e-15);
        TestUtil.AssertClose([-0.19661193324148185, -0.3932238664829637, 0.19661193324148185], w.Grad!.ToArray<double>(), 1e-14, 1e-15);
    }

    [Fact]
    public void CentredDifferenceOfCubeMatchesTheWorkedNumber()
    {
        var numeric = GradCheck.NumericalGradient(t => t[0] * t[0] * t[0], [Tensor.Scalar(2, DType.Float64)], 1e-3)[0];
        // The inventory computed x**3; x*x*x rounds differently in the last bits, so 9 decimals (the O(h²) term is 1e-6).
        Assert.Equal(12.000000999998317, numeric.Item(), 9);
    }

    [Fact]
    public void SoftmaxIsShiftInvariantAndLogSumExpIsExact()
    {
        var big = Tensor.FromArray([1000.0, 1001.0, 1002.0]).Softmax(0).ToArray<double>();
        var small = Tensor.FromArray([0.0, 1.0, 2.0]).Softmax(0).ToArray<double>();
        TestUtil.AssertClose(small, big, 1e-15, 1e-15);
        Assert.Equal(3.4076059644443806, Tensor.FromArray([1.0, 2.0, 3.0]).LogSumExp(0).Item(), 14);
        var logits = Tensor.FromArray([1.0, 2.0, 3.0]).RequiresGrad_();
        var loss = -logits.LogSoftmax(0).Select(0, 2);
        loss.Backward();
        Assert.Equal(0.40760596444438046, loss.Item(), 14);
        TestUtil.AssertClose([0.09003057317038046, 0.24472847105479764, -0.3347590442251782], logits.Grad!.ToArray<double>(), 1e-13, 1e-15);
    }
}
