using Nabla.Rl.Bandits;
using Nabla.Rl.Envs;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>Bandit algorithms: the curriculum's formulas (seed000 §14.18), samplers' moments and regret orderings.</summary>
public class BanditTests
{
    [Fact]
    public void IncrementalMeanOfOneZeroOneOneIsThreeQuarters()
    {
        double q = 0;
        double[] rewards = [1, 0, 1, 1];
        double[] expected = [1, 0.5, 2.0 / 3, 0.75];
        for (int n = 1; n <= 4; n++)
        {
            q = BanditAgent.IncrementalMean(q, rewards[n - 1], n);
            Assert.Equal(expected[n - 1], q, 1e-15);
        }
        var agent = new EpsilonGreedy(2, 0.1, seed: 0);
        foreach (double r in rewards) agent.Update(1, r);
        Assert.Equal(0.75, agent.Estimates[1], 1e-15);
        Assert.Equal(4, agent.Counts[1]);
    }

    [Fact]
    public void GreedyAndRandomRegretFormulas()
    {
        double[] means = [0.2, 0.5, 0.9];
        Assert.Equal(40.0, BanditExperiment.ExpectedRegret(means, [0, 100, 0]), 1e-12);
        Assert.Equal(36.67, BanditExperiment.RandomPolicyRegret(means, 100), 0.005);
    }

    [Fact]
    public void BetaPosteriorAfterThreeSuccessesAndOneFailure()
    {
        var agent = new ThompsonBernoulli(2, seed: 0);
        foreach (double r in new[] { 1.0, 1.0, 0.0, 1.0 }) agent.Update(0, r);
        Assert.Equal((4.0, 2.0), agent.Posterior(0));
        Assert.Equal(4.0 / 6, agent.PosteriorMean(0), 1e-15);
        Assert.Equal((1.0, 1.0), agent.Posterior(1));
        Assert.Contains("reward 0.5 is not 0 or 1", Assert.Throws<ArgumentException>(() => agent.Update(0, 0.5)).Message);
    }

    [Fact]
    public void UcbScoreIs1Point85723()
    {
        Assert.Equal(1.85723, Ucb1.Score(0.5, 2, 100, 10), 5);
        // Untried arms come first, each once, before any score is compared.
        var agent = new Ucb1(4, seed: 1, c: 2);
        var first = new HashSet<int>();
        for (int i = 0; i < 4; i++)
        {
            int k = agent.SelectArm();
            first.Add(k);
            agent.Update(k, 0);
        }
        Assert.Equal(4, first.Count);
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(3.7, 0.5)]
    public void GammaSamplesHaveTheRightMoments(double shape, double scale)
    {
        var g = new Generator(11);
        const int n = 200_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++)
        {
            double x = Sampling.Gamma(g, shape, scale);
            Assert.True(x > 0);
            sum += x;
            sq += x * x;
        }
        double mean = sum / n, variance = sq / n - mean * mean;
        Assert.Equal(shape * scale, mean, 0.02 * shape * scale);
        Assert.Equal(shape * scale * scale, variance, 0.04 * shape * scale * scale);
    }

    [Fact]
    public void BetaSamplesHaveTheRightMoments()
    {
        var g = new Generator(5);
        const int n = 200_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++)
        {
            double x = Sampling.Beta(g, 4, 2);
            Assert.InRange(x, 0, 1);
            sum += x;
            sq += x * x;
        }
        double mean = sum / n, variance = sq / n - mean * mean;
        Assert.Equal(4.0 / 6, mean, 0.003);
        Assert.Equal(8.0 / (36 * 7), variance, 0.001);
        Assert.Contains("shape must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.Gamma(g, 0)).Message);
    }

    private static BanditCurves Testbed(Func<int, int, BanditAgent> agent) =>
        BanditExperiment.Run(r => GaussianBandit.Testbed(10, 1000 + r), agent, runs: 100, steps: 1000);

    [Fact]
    public void UcbAndThompsonHaveSublinearRegretGreedyLinear()
    {
        var greedy = Testbed((r, k) => new Greedy(k, r));
        var eps = Testbed((r, k) => new EpsilonGreedy(k, 0.1, r));
        var ucb = Testbed((r, k) => new Ucb1(k, r, c: 2));
        var thompson = Testbed((r, k) => new ThompsonGaussian(k, r));
        Assert.Equal("greedy", greedy.Agent);

        // Regret growth in the second half relative to the first: about 1 for linear regret, well below for log-like.
        static double Growth(BanditCurves c) => (c.CumulativeRegret[999] - c.CumulativeRegret[499]) / c.CumulativeRegret[499];
        Assert.True(Growth(greedy) > 0.9, $"greedy growth {Growth(greedy):F3}");
        Assert.True(Growth(ucb) < 0.6, $"UCB growth {Growth(ucb):F3}");
        Assert.True(Growth(thompson) < 0.6, $"Thompson growth {Growth(thompson):F3}");
        Assert.True(ucb.FinalRegret < eps.FinalRegret && eps.FinalRegret < greedy.FinalRegret,
            $"regret UCB {ucb.FinalRegret:F1}, eps {eps.FinalRegret:F1}, greedy {greedy.FinalRegret:F1}");
        Assert.True(thompson.FinalRegret < greedy.FinalRegret);
        Assert.True(ucb.OptimalActionRate[999] > greedy.OptimalActionRate[999] + 0.2);
    }

    [Fact]
    public void ThompsonBeatsGreedyOnBernoulliArms()
    {
        BanditCurves Run(Func<int, int, BanditAgent> agent) =>
            BanditExperiment.Run(_ => new BernoulliBandit([0.2, 0.5, 0.55, 0.9]), agent, runs: 100, steps: 1000);
        var greedy = Run((r, k) => new Greedy(k, r));
        var thompson = Run((r, k) => new ThompsonBernoulli(k, r));
        var ucb = Run((r, k) => new Ucb1(k, r));
        Assert.True(thompson.FinalRegret < ucb.FinalRegret && ucb.FinalRegret < greedy.FinalRegret,
            $"Thompson {thompson.FinalRegret:F1}, UCB {ucb.FinalRegret:F1}, greedy {greedy.FinalRegret:F1}");
        Assert.True(thompson.AverageReward.Skip(900).Average() > 0.85);
    }

    [Fact]
    public void ResetRestartsTheSameSequence()
    {
        var agent = new ThompsonGaussian(3, seed: 9);
        var bandit = new GaussianBandit([0, 0.5, 1]);
        int[] Play()
        {
            bandit.Reset(1);
            var arms = new int[50];
            for (int t = 0; t < 50; t++)
            {
                arms[t] = agent.SelectArm();
                agent.Update(arms[t], bandit.Pull(arms[t]));
            }
            return arms;
        }
        var first = Play();
        agent.Reset();
        Assert.Equal(first, Play());
    }
}
