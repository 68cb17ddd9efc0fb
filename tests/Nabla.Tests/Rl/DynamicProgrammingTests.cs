using Nabla.Rl.Envs;
using Nabla.Rl.Tabular;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>
/// Dynamic programming against the curriculum: the gridworld's v* and random-policy v_π (seed000 §14.10), the chain
/// MDP's Q-iteration (seed003-004 B28) and the small examples of seed001-002 B15.
/// </summary>
public class DynamicProgrammingTests
{
    private static readonly double[] VStar =
    [
        22.0, 24.4, 22.0, 19.4, 17.5,
        19.8, 22.0, 19.8, 17.8, 16.0,
        17.8, 19.8, 17.8, 16.0, 14.4,
        16.0, 17.8, 16.0, 14.4, 13.0,
        14.4, 16.0, 14.4, 13.0, 11.7,
    ];

    private static readonly double[] VRandom =
    [
        3.3, 8.8, 4.4, 5.3, 1.5,
        1.5, 3.0, 2.3, 1.9, 0.5,
        0.1, 0.7, 0.7, 0.4, -0.4,
        -1.0, -0.4, -0.4, -0.6, -1.2,
        -1.9, -1.3, -1.2, -1.4, -2.0,
    ];

    private static void AssertOneDecimal(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Round(actual[i], 1, MidpointRounding.AwayFromZero) == expected[i], $"state {i}: expected {expected[i]}, got {actual[i]:F4}");
    }

    [Fact]
    public void ValueIterationGivesTheGridworldOptimalValues()
    {
        var r = DynamicProgramming.ValueIteration(GridWorld.SuttonBarto().Model, 0.9);
        AssertOneDecimal(VStar, r.Values);
        Assert.Equal(24.4194, r.Values[1], 1e-4);
    }

    [Fact]
    public void PolicyIterationAgreesWithValueIterationBothWays()
    {
        var model = GridWorld.SuttonBarto().Model;
        var vi = DynamicProgramming.ValueIteration(model, 0.9);
        var linear = DynamicProgramming.PolicyIteration(model, 0.9);
        var sweeps = DynamicProgramming.PolicyIteration(model, 0.9, linearEvaluation: false);
        for (int s = 0; s < 25; s++)
        {
            Assert.Equal(vi.Values[s], linear.Values[s], 1e-8);
            Assert.Equal(vi.Values[s], sweeps.Values[s], 1e-8);
        }
        Assert.InRange(linear.Iterations, 2, 10);
        // The greedy policies may differ on ties; their values may not.
        var v = DynamicProgramming.EvaluatePolicyLinear(model, Policies.Deterministic(vi.Policy, 4), 0.9);
        for (int s = 0; s < 25; s++) Assert.Equal(vi.Values[s], v[s], 1e-8);
    }

    [Fact]
    public void RandomPolicyValuesByIterationAndByLinearSolve()
    {
        var model = GridWorld.SuttonBarto().Model;
        var pi = Policies.Uniform(model);
        var (iterative, sweeps) = DynamicProgramming.EvaluatePolicy(model, pi, 0.9);
        var linear = DynamicProgramming.EvaluatePolicyLinear(model, pi, 0.9);
        AssertOneDecimal(VRandom, iterative);
        AssertOneDecimal(VRandom, linear);
        for (int s = 0; s < 25; s++) Assert.Equal(linear[s], iterative[s], 1e-8);
        Assert.InRange(sweeps, 100, 400);
    }

    private static TabularModel Chain()
    {
        // States 0, 1 and the terminal goal 2; L moves to s − 1 (clipped at 0), R to s + 1; −1 per step.
        Transition Move(int to) => new(1, to, -1, to == 2);
        return new TabularModel(
        [
            [[Move(0)], [Move(1)]],
            [[Move(0)], [Move(2)]],
            [[new(1, 2, 0, true)], [new(1, 2, 0, true)]],
        ]);
    }

    [Fact]
    public void ChainMdpQIterationMatchesB28()
    {
        var model = Chain();
        var q1 = DynamicProgramming.QBackup(model, new double[3, 2], 1.0);
        Assert.Equal(new double[,] { { -1, -1 }, { -1, -1 }, { 0, 0 } }, q1);
        var q2 = DynamicProgramming.QBackup(model, q1, 1.0);
        Assert.Equal(new double[,] { { -2, -2 }, { -2, -1 }, { 0, 0 } }, q2);
        var q3 = DynamicProgramming.QBackup(model, q2, 1.0);
        Assert.Equal(new double[,] { { -3, -2 }, { -3, -1 }, { 0, 0 } }, q3);
        var (q, iterations) = DynamicProgramming.QValueIteration(model, 1.0);
        Assert.Equal(q3, q);
        Assert.Equal(4, iterations);
        Assert.Equal([1, 1, 0], Policies.Greedy(q));

        var (q9, _) = DynamicProgramming.QValueIteration(model, 0.9);
        Assert.Equal(-2.71, q9[0, 0], 1e-9);
        Assert.Equal(-1.9, q9[0, 1], 1e-9);
        Assert.Equal(-2.71, q9[1, 0], 1e-9);
        Assert.Equal(-1.0, q9[1, 1], 1e-9);
    }

    [Fact]
    public void SingleBackupAndDqnLossOfB28()
    {
        // r = 1, γ = 0.9, Q(s′, ·) = [2, 5]: target 5.5; with Q(s, a) = 4 the squared error is 2.25.
        var model = new TabularModel([[[new(1, 1, 1, false)], [new(1, 1, 1, false)]], [[new(1, 1, 0, false)], [new(1, 1, 0, false)]]]);
        var q = DynamicProgramming.QBackup(model, new double[,] { { 4, 0 }, { 2, 5 } }, 0.9);
        Assert.Equal(5.5, q[0, 0], 1e-12);
        Assert.Equal(2.25, Math.Pow(4 - q[0, 0], 2), 1e-12);
    }

    private static TabularModel Corridor()
    {
        // B15: cells 0..4, stars (terminal) at 0 and 4, actions left/right, −1 per action, +10 on reaching a star.
        var p = new Transition[5][][];
        for (int s = 0; s < 5; s++)
        {
            p[s] = new Transition[2][];
            for (int a = 0; a < 2; a++)
            {
                int to = s + (a == 0 ? -1 : 1);
                p[s][a] = s is 0 or 4 ? [new(1, s, 0, true)] : [new(1, to, to is 0 or 4 ? 9 : -1, to is 0 or 4)];
            }
        }
        return new TabularModel(p);
    }

    [Fact]
    public void CorridorValuesOfB15()
    {
        var model = Corridor();
        Assert.Equal([0, 9, 8, 9, 0], DynamicProgramming.ValueIteration(model, 1.0).Values);
        var v9 = DynamicProgramming.ValueIteration(model, 0.9).Values;
        Assert.Equal([0, 9.0, 7.1, 9.0, 0], v9.Select(x => Math.Round(x, 10)).ToArray());
        var random = DynamicProgramming.EvaluatePolicyLinear(model, Policies.Uniform(model), 1.0);
        Assert.Equal([0, 7, 6, 7, 0], random.Select(x => Math.Round(x, 10)).ToArray());
        // The 1×5 gridworld with four actions has the same optimal values: up and down only bump.
        var grid = new GridWorld(new GridWorldOptions { Rows = 1, Cols = 5, Goals = [new(new(0, 0), 10), new(new(0, 4), 10)], StepReward = -1 });
        Assert.Equal([0, 9, 8, 9, 0], DynamicProgramming.ValueIteration(grid.Model, 1.0).Values);
        Assert.Equal([0, 9, 8, 9, 0], DynamicProgramming.PolicyIteration(grid.Model, 1.0, initialPolicy: [0, 3, 3, 1, 0]).Values.Select(x => Math.Round(x, 10)).ToArray());
    }

    [Fact]
    public void SmallLinearSystemsOfB15()
    {
        // s1 stays (p 0.5) or moves to the absorbing s2 (p 0.5), reward 1; γ = 0.9: v(s1) = 1 / (1 − 0.45).
        var m = new TabularModel([[[new(0.5, 0, 1, false), new(0.5, 1, 1, false)]], [[new(1, 1, 0, false)]]]);
        var v = DynamicProgramming.EvaluatePolicyLinear(m, Policies.Uniform(m), 0.9);
        Assert.Equal(1.8181818181818181, v[0], 1e-15);
        Assert.Equal(0.0, v[1]);
        // A → B (reward 0) → terminal (reward 1), γ = 0.9: V(B) = 1, V(A) = 0.9.
        var chain = new TabularModel([[[new(1, 1, 0, false)]], [[new(1, 2, 1, true)]], [[new(1, 2, 0, true)]]]);
        Assert.Equal([0.9, 1.0, 0.0], DynamicProgramming.EvaluatePolicyLinear(chain, Policies.Uniform(chain), 0.9));
    }

    [Fact]
    public void EpsilonGreedyTableOfB15()
    {
        var pi = Policies.EpsilonGreedy(new double[,] { { 0, 3, 1, 2 } }, 0.1);
        Assert.Equal([0.025, 0.925, 0.025, 0.025], Enumerable.Range(0, 4).Select(a => Math.Round(pi[0, a], 12)).ToArray());
    }

    [Fact]
    public void FrozenLakeOptimalPolicyBeatsRandomAndFailsMostlyOnHoles()
    {
        var lake = new FrozenLake();
        var vi = DynamicProgramming.ValueIteration(lake.Model, 0.99);
        var pi = DynamicProgramming.PolicyIteration(lake.Model, 0.99);
        for (int s = 0; s < 16; s++) Assert.Equal(vi.Values[s], pi.Values[s], 1e-7);
        var random = DynamicProgramming.EvaluatePolicyLinear(lake.Model, Policies.Uniform(lake.Model), 0.99);
        Assert.True(vi.Values[0] > 0.5 && random[0] < 0.02, $"optimal {vi.Values[0]}, random {random[0]}");
    }

    [Fact]
    public void SolverPivotsAndRejectsSingularSystems()
    {
        var x = LinearSolver.Solve(new double[,] { { 0, 2, 1 }, { 1, 1, 1 }, { 2, 1, 0 } }, [7, 6, 4]);
        Assert.Equal(1.0, x[0], 1e-12);
        Assert.Equal(2.0, x[1], 1e-12);
        Assert.Equal(3.0, x[2], 1e-12);
        Assert.Contains("singular", Assert.Throws<ArgumentException>(() => LinearSolver.Solve(new double[,] { { 1, 2 }, { 2, 4 } }, [1, 2])).Message);
        Assert.Contains("policy row 0 sums to 0.5", Assert.Throws<ArgumentException>(
            () => DynamicProgramming.EvaluatePolicy(Chain(), new double[,] { { 0.5, 0 }, { 1, 0 }, { 1, 0 } }, 0.9)).Message);
    }
}
