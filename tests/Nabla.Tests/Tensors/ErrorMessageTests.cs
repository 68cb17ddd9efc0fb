using Xunit;

namespace Nabla.Tests.Tensors;

/// <summary>Shape and dtype errors name the op and the shapes.</summary>
public class ErrorMessageTests
{
    [Fact]
    public void MatMulNamesBothShapesAndTheInnerDimensions()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(32, 784).MatMul(Tensor.Zeros(128, 10)));
        Assert.Equal("MatMul: [32,784] @ [128,10]: inner dimensions 784 and 128 differ.", ex.Message);
        Assert.Contains("MatMul", Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).MatMul(Tensor.Zeros(4))).Message);
        Assert.Equal("MatMul: [2,3,4] @ [5,4,2]: batch dimensions [2] and [5] cannot be broadcast together.",
            Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3, 4).MatMul(Tensor.Zeros(5, 4, 2))).Message);
    }

    [Fact]
    public void BroadcastFailuresNameTheOpAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
        Assert.Equal("Add: shapes [2, 3] and [4] cannot be broadcast together (dimension 1: 3 vs 4).", ex.Message);
        Assert.StartsWith("Mul:", Assert.Throws<ArgumentException>(() => Tensor.Zeros(2) * Tensor.Zeros(3)).Message);
    }

    [Fact]
    public void ReshapeAndDimErrorsNameTheOp()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4, -1));
        Assert.Contains("Reshape", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        var dim = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).Sum(2));
        Assert.Contains("Sum", dim.Message);
    }

    [Fact]
    public void DTypeErrorsNameTheOpAndTheType()
    {
        var ex = Assert.ThrowsAny<Exception>(() => Tensor.Zeros(2) & Tensor.Zeros(2));
        Assert.Contains("Float32", ex.Message);
        var mean = Assert.ThrowsAny<Exception>(() => Tensor.Arange(4).Mean());
        Assert.Contains("Mean", mean.Message);
    }
}
