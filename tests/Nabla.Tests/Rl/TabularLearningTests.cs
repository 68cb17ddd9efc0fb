using Nabla.Rl;
using Nabla.Rl.Envs;
using Nabla.Rl.Tabular;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>
/// Model-free tabular methods: the curriculum's hand-computed updates (seed000 §14.11 and §14.18, seed001-002 B15),
/// convergence to dynamic-programming values, and the classic SARSA versus Q-learning cliff-walking result.
/// </summary>
public class TabularLearningTests
{
    [Fact]
    public void DrivingHomeTdErrors()
    {
        // V = predicted time to go at: leaving office, reach car, exiting highway, secondary road, home street; then home.
        double[] v = [30, 35, 15, 10, 3, 0];
        double[] elapsed = [5, 15, 10, 10, 3];
        double[] expected = [10, -5, 5, 3, 0];
        for (int t = 0; t < 5; t++)
            Assert.Equal(expected[t], TdUpdates.Td0(v, t, elapsed[t], t + 1, terminal: t == 4, alpha: 1, gamma: 1));
        // With α = 1 each prediction moves by its δ: the new predicted totals are 40, 35 + ... as in the table.
        Assert.Equal([40, 30, 20, 13, 3, 0], v);
    }

    [Fact]
    public void SingleUpdatesOfB15()
    {
        double[] v = [0.5, 1.0];
        double delta = TdUpdates.Td0(v, 0, 1, 1, false, 0.1, 0.9);
        Assert.Equal(1.4, delta, 1e-12);
        Assert.Equal(0.64, v[0], 1e-12);

        var q = new double[,] { { 2, 0 }, { 3, 5 } };
        TdUpdates.Sarsa(q, 0, 0, -1, 1, 0, false, 0.5, 0.9);
        Assert.Equal(1.85, q[0, 0], 1e-12);

        q = new double[,] { { 2, 0 }, { 3, 5 } };
        TdUpdates.QLearning(q, 0, 0, -1, 1, false, 0.5, 0.9);
        Assert.Equal(2.75, q[0, 0], 1e-12);

        q = new double[,] { { 2, 0 }, { 3, 5 } };
        TdUpdates.QLearning(q, 0, 0, -1, 1, true, 0.5, 0.9);
        Assert.Equal(0.5, q[0, 0], 1e-12);
    }

    [Fact]
    public void DiscountedReturns()
    {
        Assert.Equal([2.71, 1.9, 1.0], Returns.Discounted([1, 1, 1], 0.9).Select(x => Math.Round(x, 12)));
        Assert.Equal([0.9801, 0.99, 1.0], Returns.Discounted([0, 0, 1], 0.99).Select(x => Math.Round(x, 12)));
        Assert.Equal(0.25, Returns.Discounted([0, 0, 1], 0.5)[0]);
    }

    [Fact]
    public void FirstVisitAndEveryVisitOnOneEpisode()
    {
        var e = new Episode([0, 0, 1], [0, 0, 0], [1, 2, 3], true);
        Assert.Equal([6, 3], MonteCarlo.Evaluate([e], 2, 1.0, firstVisit: true));
        Assert.Equal([5.5, 3], MonteCarlo.Evaluate([e], 2, 1.0, firstVisit: false));
    }

    [Fact]
    public void CartPoleTabularFixedPointIsOneHundred()
    {
        // Reward 1 forever with γ = 0.99: Q(s, a) ← 1 + 0.99 max Q climbs to 1/(1 − 0.99) = 100 and never past it.
        var loop = new LoopEnv();
        var r = TdControl.QLearning(new TimeLimit<int, int>(loop, 2000), new TabularOptions { Episodes = 1, Alpha = 1, Gamma = 0.99, Seed = 0 });
        Assert.InRange(TdUpdates.Max(r.Q, 0), 100 - 1e-6, 100);

        // The curriculum's discretised CartPole (bins {-0.2, 0, 0.2} on θ and {-3, 3} on θ̇): values stay below 100.
        // The slides' edges {1e20} put every cart position and speed in bin 0; no edges at all is the same 1 × 1 × 4 × 3 table.
        var cart = new DiscretizedObservation(Gym.Make<float[], int>("CartPole-v0"), DiscretizedObservation.CurriculumCartPoleEdges);
        Assert.Equal([1, 1, 4, 3], cart.BinCounts);
        Assert.Equal(12, ((Nabla.Rl.Spaces.Discrete)cart.ObservationSpace).N);
        Assert.Equal(0 * 3 + 0, cart.StateOf([0, 0, -0.25f, -4f]));
        Assert.Equal(1 * 3 + 1, cart.StateOf([0, 0, -0.1f, 0f]));
        Assert.Equal(2 * 3 + 2, cart.StateOf([0, 0, 0f, 3f]));
        Assert.Equal(3 * 3 + 1, cart.StateOf([0, 0, 0.2f, 2.9f]));
        Assert.Equal([0, 0, 3, 1], cart.BinsOf(10));
        var learned = TdControl.QLearning(cart, new TabularOptions { Episodes = 300, Alpha = 1, Gamma = 0.99, Epsilon = Schedule.Constant(0.2), Seed = 0 });
        foreach (double x in learned.Q) Assert.InRange(x, 0, 100);
    }

    [Fact]
    public void TabularQLearningBalancesCartPoleWithFinerBins()
    {
        var env = new DiscretizedObservation(Gym.Make<float[], int>("CartPole-v1"), DiscretizedObservation.CartPoleEdges);
        Assert.Equal(768, ((Nabla.Rl.Spaces.Discrete)env.ObservationSpace).N);
        var r = TdControl.QLearning(env, new TabularOptions { Episodes = 4000, Alpha = 0.1, Gamma = 0.99, Epsilon = Schedule.Linear(1.0, 0.0, 3000), Seed = 0 });
        env.Reset(777);
        double greedy = Enumerable.Range(0, 20).Average(_ => TdUpdates.GreedyEpisode(env, r.Q).Return);
        // A random policy lasts about 22 steps; the curriculum's 12-state table cannot beat the sign-of-θ policy (~40).
        Assert.True(greedy > 100, $"greedy mean return {greedy:F1}");
    }

    /// <summary>One state, two actions, reward 1, never terminating.</summary>
    private sealed class LoopEnv : DiscreteEnv
    {
        public LoopEnv() : base(new TabularModel([[[new(1, 0, 1, false)], [new(1, 0, 1, false)]]]), [1.0])
        {
        }

        public override string Render() => "loop";
    }

    [Fact]
    public void QLearningFindsTheCliffEdgeAndSarsaTheSaferPath()
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var o = new TabularOptions { Episodes = 500, Alpha = 0.5, Gamma = 1.0, Epsilon = Schedule.Constant(0.1), Seed = seed };
            var env = new CliffWalking();
            var sarsa = TdControl.Sarsa(env, o);
            var q = TdControl.QLearning(env, o);
            double sarsaOnline = sarsa.EpisodeReturns.Skip(100).Average(), qOnline = q.EpisodeReturns.Skip(100).Average();
            Assert.True(sarsaOnline > qOnline, $"seed {seed}: SARSA online {sarsaOnline:F2}, Q-learning {qOnline:F2}");
            Assert.Equal(-13.0, TdUpdates.GreedyEpisode(env, q.Q, 0, 100).Return);
            double safe = TdUpdates.GreedyEpisode(env, sarsa.Q, 0, 100).Return;
            Assert.InRange(safe, -25, -15);
        }
    }

    [Fact]
    public void QLearningReachesTheGridworldOptimum()
    {
        var env = Gym.Make<int, int>("GridWorld-5x5");
        var model = ((GridWorld)env.Unwrapped).Model;
        var vStar = DynamicProgramming.ValueIteration(model, 0.9).Values;
        for (int seed = 0; seed < 3; seed++)
        {
            var q = TdControl.QLearning(env, new TabularOptions { Episodes = 200, Alpha = 0.5, Gamma = 0.9, Epsilon = Schedule.Constant(0.5), Seed = seed });
            var v = DynamicProgramming.EvaluatePolicyLinear(model, Policies.Deterministic(q.GreedyPolicy, 4), 0.9);
            for (int s = 0; s < 25; s++) Assert.Equal(vStar[s], v[s], 1e-6);

            var sarsa = TdControl.Sarsa(env, new TabularOptions { Episodes = 300, Alpha = 0.5, Gamma = 0.9, Epsilon = Schedule.Linear(0.5, 0, 225), Seed = seed });
            var vs = DynamicProgramming.EvaluatePolicyLinear(model, Policies.Deterministic(sarsa.GreedyPolicy, 4), 0.9);
            for (int s = 0; s < 25; s++) Assert.True(vs[s] >= vStar[s] - 0.5, $"seed {seed}, state {s}: SARSA {vs[s]:F3}, v* {vStar[s]:F3}");
        }
    }

    [Fact]
    public void QLearningAndSarsaSolveSlipperyFrozenLake()
    {
        var lake = new FrozenLake();
        double vStar = DynamicProgramming.ValueIteration(lake.Model, 0.99).Values[0];
        Assert.Equal(0.542, vStar, 3);
        for (int seed = 0; seed < 2; seed++)
        {
            var env = Gym.Make<int, int>("FrozenLake-v1");
            var q = TdControl.QLearning(env, new TabularOptions { Episodes = 10_000, Alpha = 0.05, Gamma = 0.99, Epsilon = Schedule.Linear(1.0, 0.1, 5000), Seed = seed });
            var v = DynamicProgramming.EvaluatePolicyLinear(lake.Model, Policies.Deterministic(q.GreedyPolicy, 4), 0.99);
            Assert.Equal(vStar, v[0], 1e-6);

            var sarsa = TdControl.Sarsa(env, new TabularOptions { Episodes = 10_000, Alpha = 0.05, Gamma = 0.99, Epsilon = Schedule.Linear(1.0, 0, 7500), Seed = seed });
            var vs = DynamicProgramming.EvaluatePolicyLinear(lake.Model, Policies.Deterministic(sarsa.GreedyPolicy, 4), 0.99);
            Assert.True(vs[0] >= 0.98 * vStar, $"seed {seed}: SARSA greedy v(0) = {vs[0]:F4}, v* = {vStar:F4}");
        }
    }

    private static (GridWorld Env, double[] Truth) StarGrid()
    {
        var g = GridWorld.Stars(3, 3);
        return (g, DynamicProgramming.EvaluatePolicyLinear(g.Model, Policies.Uniform(g.Model), 1.0));
    }

    /// <summary>Sutton and Barto's random walk (Example 6.2): states 1..5 between terminals 0 and 6, +1 on the right; v = s/6.</summary>
    private sealed class RandomWalk : DiscreteEnv
    {
        public RandomWalk() : base(BuildModel(), [0, 0, 0, 1.0, 0, 0, 0])
        {
        }

        private static TabularModel BuildModel()
        {
            var p = new Transition[7][][];
            for (int s = 0; s < 7; s++)
                p[s] = s is 0 or 6
                    ? [[new(1, s, 0, true)]]
                    : [[new(0.5, s - 1, 0, s - 1 == 0), new(0.5, s + 1, s + 1 == 6 ? 1 : 0, s + 1 == 6)]];
            return new TabularModel(p);
        }

        public override string Render() => State.ToString();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MonteCarloPredictionConvergesToTheLinearSolve(bool firstVisit)
    {
        var (env, truth) = StarGrid();
        var v = MonteCarlo.Predict(env, Policies.Uniform(env.Model), new TabularOptions { Episodes = 4000, Gamma = 1.0, Seed = 3 }, firstVisit);
        for (int s = 0; s < 9; s++) Assert.Equal(truth[s], v[s], 0.4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TdPredictionLearnsTheRandomWalk(int n)
    {
        var env = new RandomWalk();
        var truth = DynamicProgramming.EvaluatePolicyLinear(env.Model, Policies.Uniform(env.Model), 1.0);
        Assert.Equal(4.0 / 6, truth[4], 1e-12);
        var v = TdPrediction.NStep(env, Policies.Uniform(env.Model), n, new TabularOptions { Episodes = 3000, Alpha = 0.01, Gamma = 1.0, Seed = 4, InitialValue = 0.5 });
        for (int s = 1; s < 6; s++) Assert.Equal(s / 6.0, v[s], 0.06);
        Assert.Equal(v, TdPrediction.NStep(env, Policies.Uniform(env.Model), n, new TabularOptions { Episodes = 3000, Alpha = 0.01, Gamma = 1.0, Seed = 4, InitialValue = 0.5 }));
    }

    [Fact]
    public void NStepTdWithLongHorizonIsConstantAlphaMonteCarlo()
    {
        // A deterministic chain 0 → 1 → 2 → terminal with rewards 1, 2, 3: every episode is the same, so n-step TD with
        // n beyond the episode's length and constant-α Monte Carlo make exactly the same updates.
        var chain = new ChainEnv();
        var pi = Policies.Uniform(chain.Model);
        var o = new TabularOptions { Episodes = 3, Alpha = 0.1, Gamma = 0.9, Seed = 8, ConstantAlphaMonteCarlo = true };
        var td = TdPrediction.NStep(chain, pi, 10, o);
        var mc = MonteCarlo.Predict(chain, pi, o, firstVisit: false);
        double g0 = 1 + 0.9 * 2 + 0.81 * 3, expected = g0 * (1 - Math.Pow(0.9, 3));
        Assert.Equal(expected, td[0], 1e-12);
        for (int s = 0; s < 4; s++) Assert.Equal(mc[s], td[s], 1e-12);
        // One-step TD on the same chain after one episode: only the last state has seen a non-bootstrapped target.
        var td1 = TdPrediction.Td0(chain, pi, o with { Episodes = 1 });
        Assert.Equal([0.1, 0.2, 0.30000000000000004, 0], td1);
    }

    private sealed class ChainEnv : DiscreteEnv
    {
        public ChainEnv() : base(new TabularModel(
        [
            [[new(1, 1, 1, false)]],
            [[new(1, 2, 2, false)]],
            [[new(1, 3, 3, true)]],
            [[new(1, 3, 0, true)]],
        ]), [1.0, 0, 0, 0])
        {
        }

        public override string Render() => State.ToString();
    }

    [Fact]
    public void MonteCarloControlFindsTheStarGridOptimum()
    {
        var env = GridWorld.Stars(4, 4);
        var vStar = DynamicProgramming.ValueIteration(env.Model, 1.0).Values;
        var r = MonteCarlo.Control(new TimeLimit<int, int>(env, 100), new TabularOptions { Episodes = 3000, Gamma = 1.0, Epsilon = Schedule.Linear(0.5, 0.05, 2000), Seed = 2 });
        var v = DynamicProgramming.EvaluatePolicyLinear(env.Model, Policies.Deterministic(r.GreedyPolicy, 4), 1.0);
        for (int s = 0; s < 16; s++) Assert.Equal(vStar[s], v[s], 1e-9);
        Assert.True(r.EpisodeReturns.Skip(2500).Average() > r.EpisodeReturns.Take(100).Average());
    }

    [Fact]
    public void SchedulesAndOptionsAreChecked()
    {
        var lin = Schedule.Linear(1.0, 0.1, 10);
        Assert.Equal(1.0, lin.At(0));
        Assert.Equal(0.55, lin.At(5), 1e-12);
        Assert.Equal(0.1, lin.At(10));
        Assert.Equal(0.1, lin.At(1000));
        Assert.Equal(0.5 + 0.5 * 0.25, Schedule.Exponential(1.0, 0.5, 0.5).At(2), 1e-12);
        Assert.Equal("linear(1 -> 0.1 over 10)", lin.ToString());
        Assert.Contains("Alpha 0 is not in (0, 1]", Assert.Throws<ArgumentOutOfRangeException>(
            () => TdControl.QLearning(new CliffWalking(), new TabularOptions { Alpha = 0 })).Message);
        Assert.Contains("needs Discrete spaces", Assert.Throws<ArgumentException>(
            () => TdControl.Sarsa(new BanditLike(), new TabularOptions())).Message);
    }

    private sealed class BanditLike : BanditEnv
    {
        public BanditLike() : base([0.0, 1.0])
        {
        }

        public override Nabla.Rl.Spaces.Space<int> ObservationSpace { get; } = new Nabla.Rl.Spaces.Discrete(1, start: 5);

        protected override double Sample(Generator rng, double mean) => mean;
    }
}
