using Nabla.Autograd;
using Nabla.Nn;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Differential;

/// <summary>Focused regression tests for the pooling bugs the randomized differential test's nn cases found.</summary>
public class PoolRegressionTests
{
    [Fact]
    public void MaxPoolWindowWithNoTapInsideTheInputHasNoGradient()
    {
        // Kernel 2, dilation 2, padding 1 over a width of 1: the taps −1 and 1 both miss the input, so the window is
        // −∞ (as torch.nn.functional.max_pool1d). Its index used to be −1, and the backward pass wrote the gradient
        // one element before the plane: into the previous plane, or before the buffer (heap corruption, segfault).
        var x = Tensor.FromArray(new double[] { 1, 2 }, 1, 2, 1).RequiresGrad_();
        var y = Functional.MaxPool1d(x, 2, 1, 1, 2);
        Assert.All(y.ToArray<double>(), v => Assert.Equal(double.NegativeInfinity, v));
        y.Backward(Tensor.FromArray(new double[] { 5, 7 }, 1, 2, 1));
        AssertClose([0, 0], x.Grad!.ToArray<double>(), 0, 0);
        var (_, jvp) = ForwardAD.Jvp(t => Functional.MaxPool1d(t, 2, 1, 1, 2), x.Detach(), Tensor.OnesLike(x));
        AssertClose([0, 0], jvp.ToArray<double>(), 0, 0);
    }

    [Fact]
    public void MaxPool2dWindowsOutsideAShortInputKeepOtherGradients()
    {
        // torch.nn.functional.max_pool2d(x, 2, 1, 1, 2) of x (1, 1, 1, 2): both windows' taps fall in the padding.
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 1, 1, 2).RequiresGrad_();
        var y = Functional.MaxPool2d(x, 2, 1, 1, 2);
        Assert.Equal([2, 1, 1, 2], [y.Size(0), y.Size(1), y.Size(2), y.Size(3)]);
        Assert.All(y.ToArray<double>(), v => Assert.Equal(double.NegativeInfinity, v));
        y.Sum().Backward();
        AssertClose([0, 0, 0, 0], x.Grad!.ToArray<double>(), 0, 0);
    }
}
