using Nabla.Rl.Spaces;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>Box and Discrete: bounds, membership, seeded sampling and Gymnasium's sampling rules.</summary>
public class SpacesTests
{
    [Fact]
    public void DiscreteSamplesCoverTheRangeAndRepeatWithTheSeed()
    {
        var d = new Discrete(3, start: -1);
        d.Seed(7);
        var first = Enumerable.Range(0, 200).Select(_ => d.Sample()).ToArray();
        d.Seed(7);
        var second = Enumerable.Range(0, 200).Select(_ => d.Sample()).ToArray();
        Assert.Equal(first, second);
        Assert.Equal([-1, 0, 1], first.Distinct().Order());
        Assert.True(d.Contains(1));
        Assert.False(d.Contains(2));
        Assert.False(d.ContainsValue(1.0));
        Assert.Equal("Discrete(3, start=-1)", d.ToString());
        Assert.Equal("Discrete(2)", new Discrete(2).ToString());
    }

    [Fact]
    public void DiscreteRejectsEmpty()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Discrete(0));
        Assert.Contains("Discrete: n must be positive, got 0", e.Message);
    }

    [Fact]
    public void BoxSamplesFollowGymnasiumRulesPerDimension()
    {
        var box = new Box([-1f, float.NegativeInfinity, 2f, float.NegativeInfinity], [3f, float.PositiveInfinity, float.PositiveInfinity, -5f]);
        box.Seed(1);
        const int n = 20000;
        var sums = new double[4];
        var sq = new double[4];
        for (int i = 0; i < n; i++)
        {
            var x = box.Sample();
            Assert.True(box.Contains(x));
            for (int j = 0; j < 4; j++)
            {
                sums[j] += x[j];
                sq[j] += (double)x[j] * x[j];
            }
        }
        // Uniform(-1, 3) has mean 1; N(0, 1) mean 0, variance 1; 2 + Exp(1) mean 3; -5 - Exp(1) mean -6.
        Assert.Equal(1.0, sums[0] / n, 0.05);
        Assert.Equal(0.0, sums[1] / n, 0.05);
        Assert.Equal(1.0, sq[1] / n, 0.05);
        Assert.Equal(3.0, sums[2] / n, 0.05);
        Assert.Equal(-6.0, sums[3] / n, 0.05);
    }

    [Fact]
    public void BoxSeedReproducesAndContainsChecksLengthBoundsAndNaN()
    {
        var box = new Box(-2f, 2f, 2, 3);
        Assert.Equal(6, box.Size);
        Assert.Equal([2, 3], box.Shape);
        box.Seed(3);
        var a = box.Sample();
        box.Seed(3);
        Assert.Equal(a, box.Sample());
        Assert.False(box.Contains(new float[5]));
        Assert.False(box.Contains([0, 0, 0, 0, 0, 2.5f]));
        Assert.False(box.Contains([0, 0, 0, 0, 0, float.NaN]));
        Assert.True(box.Contains([0, 0, 0, 0, 0, 2f]));
        Assert.Equal("Box([-2 -2 -2 -2 -2 -2], [2 2 2 2 2 2], (2, 3), float32)", box.ToString());
    }

    [Fact]
    public void BoxRejectsInconsistentBounds()
    {
        Assert.Contains("low[1] = 3 is not ≤ high[1] = 2", Assert.Throws<ArgumentException>(() => new Box([0f, 3f], [1f, 2f])).Message);
        Assert.Contains("needs 4", Assert.Throws<ArgumentException>(() => new Box([0f, 0f], [1f, 1f], [2, 2])).Message);
    }
}
