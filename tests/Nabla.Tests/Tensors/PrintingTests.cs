using Xunit;

namespace Nabla.Tests.Tensors;

/// <summary>Expected strings are PyTorch 1.13's own printing of the same tensors.</summary>
public class PrintingTests
{
    [Fact]
    public void MatrixAlignsColumns() =>
        Assert.Equal("tensor([[ 1.0000, -2.5000],\n        [ 3.2500,  4.0000]])",
            Tensor.FromArray([1.0f, -2.5f, 3.25f, 4.0f], 2, 2).ToString());

    [Fact]
    public void IntegerValuedFloatsPrintWithTrailingDot() =>
        Assert.Equal("tensor([1., 2., 3.])", Tensor.FromArray([1f, 2f, 3f]).ToString());

    [Fact]
    public void WideRangeUsesScientificNotation() =>
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", Tensor.FromArray([1e-5f, 1f]).ToString());

    [Fact]
    public void IntegersBoolsAndDTypes()
    {
        Assert.Equal("tensor([0, 1, 2, 3, 4])", Tensor.Arange(5).ToString());
        Assert.Equal("tensor([[ True, False]])", Tensor.FromArray([true, false], 1, 2).ToString());
        Assert.Equal("tensor([[0., 0., 0.],\n        [0., 0., 0.]], dtype=float64)", Tensor.Zeros([2, 3], DType.Float64).ToString());
    }

    [Fact]
    public void LongRowsWrapAtEightyColumns() =>
        Assert.Equal(
            "tensor([0.0000, 0.0345, 0.0690, 0.1034, 0.1379, 0.1724, 0.2069, 0.2414, 0.2759,\n" +
            "        0.3103, 0.3448, 0.3793, 0.4138, 0.4483, 0.4828, 0.5172, 0.5517, 0.5862,\n" +
            "        0.6207, 0.6552, 0.6897, 0.7241, 0.7586, 0.7931, 0.8276, 0.8621, 0.8966,\n" +
            "        0.9310, 0.9655, 1.0000])",
            Tensor.Linspace(0, 1, 30).ToString());

    [Fact]
    public void ScalarsEmptyAndSpecialValues()
    {
        Assert.Equal("tensor(3.5000)", Tensor.Scalar(3.5).ToString());
        Assert.Equal("tensor([], size=(2, 0))", Tensor.Zeros(2, 0).ToString());
        Assert.Equal("tensor([   nan, 1.5000,    inf])", Tensor.FromArray([float.NaN, 1.5f, float.PositiveInfinity]).ToString());
    }

    [Fact]
    public void LargeTensorsAreSummarised()
    {
        var s = Tensor.Arange(0, 2000, 1, DType.Float32).ToString();
        Assert.StartsWith("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,", s);
        Assert.EndsWith("1.9990e+03])", s);
    }

    [Fact]
    public void AutogradStateIsShown()
    {
        var x = Tensor.FromArray([1f, 2f]).RequiresGrad_();
        Assert.Equal("tensor([1., 2.], requires_grad=True)", x.ToString());
        Assert.Equal("tensor([2., 4.], grad_fn=<Mul>)", (x * 2.0).ToString());
    }
}
