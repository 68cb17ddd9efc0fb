using Nabla.Autograd;
using Xunit;

namespace Nabla.Tests.Autograd;

/// <summary>The curriculum's worked autodiff trace: f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5).</summary>
public class CurriculumTraceTests
{
    private static Tensor F(Tensor x1, Tensor x2) => x1.Log() + x1 * x2 - x2.Sin();

    [Fact]
    public void ForwardModeGivesEachPartialInOnePass()
    {
        var x1 = Tensor.Scalar(2, DType.Float64);
        var x2 = Tensor.Scalar(5, DType.Float64);
        var (y, d1) = ForwardAD.Jvp(xs => F(xs[0], xs[1]), [x1, x2], [Tensor.Scalar(1, DType.Float64), Tensor.Scalar(0, DType.Float64)]);
        var (_, d2) = ForwardAD.Jvp(xs => F(xs[0], xs[1]), [x1, x2], [Tensor.Scalar(0, DType.Float64), Tensor.Scalar(1, DType.Float64)]);
        Assert.Equal(11.652071455223084, y.Item(), 12);
        Assert.Equal(5.5, d1.Item(), 12);
        Assert.Equal(1.7163378145367738, d2.Item(), 12);
    }

    [Fact]
    public void ReverseModeGivesTheWholeGradientInOnePass()
    {
        var x1 = Tensor.Scalar(2, DType.Float64).RequiresGrad_();
        var x2 = Tensor.Scalar(5, DType.Float64).RequiresGrad_();
        var y = F(x1, x2);
        y.Backward();
        Assert.Equal(11.652071455223084, y.Item(), 12);
        Assert.Equal(5.5, x1.Grad!.Item(), 12);
        Assert.Equal(1.7163378145367738, x2.Grad!.Item(), 12);
    }
}
