using Nabla.Rl.Envs;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>Gaussian and Bernoulli bandit environments.</summary>
public class BanditEnvTests
{
    [Fact]
    public void TestbedMeansAreStandardNormalAndRewardsHaveUnitNoise()
    {
        var all = Enumerable.Range(0, 400).SelectMany(s => GaussianBandit.Testbed(10, s).Means).ToArray();
        Assert.Equal(0.0, all.Average(), 0.05);
        Assert.Equal(1.0, all.Select(m => m * m).Average(), 0.05);

        var b = GaussianBandit.Testbed(10, 7);
        Assert.Equal(b.Means, GaussianBandit.Testbed(10, 7).Means);
        Assert.Equal(b.Means.Max(), b.OptimalMean);
        double sum = 0, sq = 0;
        const int n = 20000;
        for (int i = 0; i < n; i++)
        {
            double r = b.Pull(3) - b.Means[3];
            sum += r;
            sq += r * r;
        }
        Assert.Equal(0.0, sum / n, 0.03);
        Assert.Equal(1.0, sq / n, 0.03);
    }

    [Fact]
    public void BernoulliPaysZeroOrOneAtItsRate()
    {
        var b = new BernoulliBandit([0.2, 0.5, 0.9]);
        b.Reset(1);
        Assert.Equal(2, b.OptimalArm);
        int ones = 0;
        for (int i = 0; i < 10000; i++)
        {
            var r = b.Step(1);
            Assert.True(r.Reward is 0.0 or 1.0);
            Assert.False(r.Done);
            ones += (int)r.Reward;
        }
        Assert.Equal(0.5, ones / 10000.0, 0.02);
        Assert.Contains("arm 1 paid", b.Render());
        Assert.Contains("mean 1.5 is not a probability", Assert.Throws<ArgumentException>(() => new BernoulliBandit([1.5])).Message);
        Assert.Contains("arm 3 is not in [0, 3)", Assert.Throws<ArgumentOutOfRangeException>(() => b.Pull(3)).Message);
    }
}
