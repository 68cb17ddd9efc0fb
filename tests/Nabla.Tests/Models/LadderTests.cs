using Nabla.Models.Vision;
using Xunit;

namespace Nabla.Tests.Models;

/// <summary>The curriculum's model ladder: parameter counts from seed000-inventory §5.5 and §14.4, shapes end to end.</summary>
public class LadderTests
{
    [Theory]
    [InlineData("lr", 7_850)]
    [InlineData("cnn_cf", 503_434)]
    [InlineData("cnn_cpcpff", 3_274_634)]
    [InlineData("cnn_cpcpfd", 3_274_634)]
    [InlineData("mlp", 101_770)]
    public void ParameterCountsMatchTheCurriculum(string name, int expected) =>
        Assert.Equal(expected, Ladder.Create(name).Parameters().Sum(p => p.NumElements));

    [Fact]
    public void LeNet5HasTheClassicLayout()
    {
        var net = Ladder.Create("lenet5");
        var c1 = net.StateDict()["0.weight"];
        Assert.Equal(new Shape(6, 1, 5, 5), c1.Shape);
        Assert.Equal(48_000, net.StateDict()["7.weight"].NumElements);
    }

    [Theory]
    [InlineData(1, 28, 28)]
    [InlineData(1, 8, 8)]
    [InlineData(3, 32, 32)]
    public void EveryModelMapsImagesToClassLogits(int c, int h, int w)
    {
        foreach (var name in Ladder.Names)
        {
            var net = Ladder.Create(name, c, h, w, 10);
            net.Eval();
            using var scope = TensorScope.Begin();
            Assert.Equal(new Shape(2, 10), net.Forward(Tensor.Randn(2, c, h, w)).Shape);
        }
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes() =>
        Assert.Contains("cnn_cpcpfd", Assert.Throws<ArgumentException>(() => Ladder.Create("vgg")).Message);
}
