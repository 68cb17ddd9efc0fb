using Nabla.Autograd;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Differential;

/// <summary>
/// Focused regression tests for the bugs the randomized differential test found, each with PyTorch 1.13's values
/// (<c>/usr/bin/python3 -c "import torch; ..."</c>).
/// </summary>
public class DifferentialRegressionTests
{
    [Fact]
    public void VarDerivativesWithMoreCorrectionThanElementsAreFinite()
    {
        // torch.var(x, 0, correction=2) of x = [[1, 2]]: forward NaN (n − correction = −1 is clamped to 0), but the
        // gradient divides by −1 as it is: [[-0., -0.]].
        var x = Tensor.FromArray(new double[] { 1, 2 }, 1, 2).RequiresGrad_();
        var y = x.Var(0, correction: 2);
        Assert.All(y.ToArray<double>(), v => Assert.True(double.IsNaN(v)));
        y.Sum().Backward();
        AssertClose([0, 0], x.Grad!.ToArray<double>(), 0, 0);
        var (_, jvp) = ForwardAD.Jvp(t => t.Var(0, correction: 2), x.Detach(), Tensor.OnesLike(x));
        AssertClose([0, 0], jvp.ToArray<double>(), 0, 0);
    }

    [Fact]
    public void VarJvpWithZeroDegreesOfFreedomIsNaNLikePyTorch()
    {
        // PyTorch scales each term by 2 / (n − correction) before summing: ±inf terms give NaN, not −inf.
        var x = Tensor.FromArray(new double[] { 1, 3 });
        var (_, jvp) = ForwardAD.Jvp(t => t.Var(0, correction: 2), x, Tensor.FromArray(new double[] { 1, 2 }));
        Assert.True(double.IsNaN(jvp.Item()));
    }

    [Fact]
    public void MatMulOfDifferentDTypesThrowsLikePyTorch()
    {
        // torch: "expected scalar type Float but found Double"; Nabla used to promote to float64.
        var a = Tensor.Ones(2, 3);
        var b = Tensor.Ones([3, 4], DType.Float64);
        var e = Assert.Throws<ArgumentException>(() => a.MatMul(b));
        Assert.Contains("MatMul", e.Message);
        Assert.Contains("Float64", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Ones(3).MatMul(Tensor.Ones([3], DType.Float64)));
        Assert.Equal([2, 4], a.MatMul(b.To(DType.Float32)).Shape.ToArray());
    }

    [Fact]
    public void MatMulBackwardOfABatchWithZeroInnerSizeGivesZeros()
    {
        // [1,1,1,0] @ [0] is [1,1,1] of zeros; the right operand's gradient is [0] and the left's [1,1,1,0]. Backward
        // used to reshape the batch to (-1, 0), which no shape satisfies.
        var a = Tensor.Zeros([1, 1, 1, 0], DType.Float64).RequiresGrad_();
        var b = Tensor.Zeros([0], DType.Float64).RequiresGrad_();
        var w = Tensor.Zeros([2, 0]).RequiresGrad_();
        a.MatMul(b).Sum().Backward();
        Assert.Equal([1, 1, 1, 0], a.Grad!.Shape.ToArray());
        Assert.Equal([0], b.Grad!.Shape.ToArray());
        var x = Tensor.Zeros(3, 0, 2).RequiresGrad_();
        x.MatMul(w).Sum().Backward();
        Assert.Equal([3, 0, 2], x.Grad!.Shape.ToArray());
    }
}
