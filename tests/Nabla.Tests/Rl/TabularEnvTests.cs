using Nabla.Rl.Envs;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>Gridworlds, cliff walking, FrozenLake: models P(s′, r | s, a), sampling, rendering and the registry.</summary>
public class TabularEnvTests
{
    [Fact]
    public void SuttonBartoGridTeleportsAndBumps()
    {
        var g = GridWorld.SuttonBarto();
        var m = g.Model;
        Assert.Equal((25, 4), (m.StateCount, m.ActionCount));
        for (int a = 0; a < 4; a++)
        {
            Assert.Equal(new Transition(1, g.StateOf(new(4, 1)), 10, false), m[g.StateOf(new(0, 1)), a][0]);
            Assert.Equal(new Transition(1, g.StateOf(new(2, 3)), 5, false), m[g.StateOf(new(0, 3)), a][0]);
        }
        Assert.Equal(new Transition(1, 0, -1, false), m[0, GridWorld.Up][0]);
        Assert.Equal(new Transition(1, 0, -1, false), m[0, GridWorld.Left][0]);
        Assert.Equal(new Transition(1, 5, 0, false), m[0, GridWorld.Down][0]);
        Assert.Equal(new Transition(1, 1, 0, false), m[0, GridWorld.Right][0]);
        Assert.All(g.InitialStateDistribution, p => Assert.Equal(1.0 / 25, p, 1e-15));
        g.State = g.StateOf(new(0, 1));
        var r = g.Step(GridWorld.Left);
        Assert.Equal((21, 10.0), (r.Observation, r.Reward));
        Assert.Equal(".A.B.\n.....\n...b.\n.....\n.@...\n(Left)\n", g.Render());
    }

    [Fact]
    public void StarGridPaysNineOrTenOnTheFinalStep()
    {
        var g = GridWorld.Stars(4, 4);
        Assert.Equal(new Transition(1, 0, 9, true), g.Model[1, GridWorld.Left][0]);
        Assert.Equal(new Transition(1, 0, 0, true), g.Model[0, GridWorld.Right][0]);
        Assert.Equal(0.0, g.InitialStateDistribution[0]);
        var g10 = GridWorld.Stars(4, 4, goalAddsStepReward: false);
        Assert.Equal(new Transition(1, 15, 10, true), g10.Model[14, GridWorld.Right][0]);
    }

    [Fact]
    public void WallsBlockAndOptionsAreValidated()
    {
        var g = new GridWorld(new GridWorldOptions { Rows = 2, Cols = 2, Walls = [new(0, 1)], StepReward = -0.5, OffGridReward = -2, Start = new(0, 0) });
        Assert.Equal(new Transition(1, 0, -2, false), g.Model[0, GridWorld.Right][0]);
        Assert.Equal(new Transition(1, 2, -0.5, false), g.Model[0, GridWorld.Down][0]);
        Assert.Equal(0, g.Reset(0).Observation);
        Assert.Contains("goal (5, 0) lies outside the 2×2 grid",
            Assert.Throws<ArgumentException>(() => new GridWorld(new GridWorldOptions { Rows = 2, Cols = 2, Goals = [new(new(5, 0), 1)] })).Message);
    }

    [Fact]
    public void CliffWalkingCliffSendsBackAndEdgePathReturnsMinus13()
    {
        var env = new CliffWalking();
        Assert.Equal(CliffWalking.StartState, env.Reset(0).Observation);
        var r = env.Step(GridWorld.Right);
        Assert.Equal((CliffWalking.StartState, -100.0, false), (r.Observation, r.Reward, r.Terminated));
        env.Reset();
        double ret = env.Step(GridWorld.Up).Reward;
        for (int i = 0; i < 11; i++) ret += env.Step(GridWorld.Right).Reward;
        r = env.Step(GridWorld.Down);
        ret += r.Reward;
        Assert.True(r.Terminated);
        Assert.Equal(-13.0, ret);
        Assert.Equal(new Transition(1, CliffWalking.GoalState, 0, true), env.Model[CliffWalking.GoalState, 0][0]);
        Assert.StartsWith("oooooooooooo\n", env.Render());
        Assert.Contains("oCCCCCCCCCCx\n(Down)", env.Render());
    }

    [Fact]
    public void FrozenLakeModelMatchesGymnasiumP()
    {
        var lake = new FrozenLake();
        const double third = 1.0 / 3;
        // Gymnasium: P[0][0] = [(1/3, 0, 0, False), (1/3, 0, 0, False), (1/3, 4, 0, False)].
        Assert.Equal([new(third, 0, 0, false), new(third, 0, 0, false), new(third, 4, 0, false)], lake.Model[0, FrozenLake.Left]);
        // P[14][2] = [(1/3, 14, 0, False), (1/3, 15, 1.0, True), (1/3, 10, 0, False)].
        Assert.Equal([new(third, 14, 0, false), new(third, 15, 1, true), new(third, 10, 0, false)], lake.Model[14, FrozenLake.Right]);
        Assert.Equal([new Transition(1, 5, 0, true)], lake.Model[5, FrozenLake.Up]);
        var solid = new FrozenLake(isSlippery: false);
        Assert.Equal([new Transition(1, 4, 0, false)], solid.Model[0, FrozenLake.Down]);
        Assert.Equal(1.0, solid.InitialStateDistribution[0]);
    }

    [Fact]
    public void FrozenLakeSlipsAThirdEachWay()
    {
        var lake = new FrozenLake();
        var counts = new int[16];
        lake.Reset(3);
        const int n = 30000;
        for (int i = 0; i < n; i++)
        {
            lake.State = 0;
            var r = lake.Step(FrozenLake.Down);
            Assert.Equal(1.0 / 3, (double)r.Info["prob"], 1e-15);
            counts[r.Observation]++;
        }
        Assert.Equal(n, counts[0] + counts[1] + counts[4]);
        foreach (int s in new[] { 0, 1, 4 }) Assert.Equal(1.0 / 3, counts[s] / (double)n, 0.015);
        Assert.Equal("  (Down)\n S  F  F  F \n F  H  F  H \n F  F  F  H \n H  F  F  G \n".Length, lake.Render().Length);
    }

    [Fact]
    public void FrozenLakeRejectsBadMaps()
    {
        Assert.Contains("unknown cell 'X'", Assert.Throws<ArgumentException>(() => new FrozenLake(["SX", "FG"])).Message);
        Assert.Contains("no start cell", Assert.Throws<ArgumentException>(() => new FrozenLake(["FF", "FG"])).Message);
    }

    [Theory]
    [InlineData("MountainCar-v0", 200)]
    [InlineData("Acrobot-v1", 500)]
    [InlineData("GridWorld-5x5", 100)]
    [InlineData("GridWorld-v0", 100)]
    [InlineData("FrozenLake-v1", 100)]
    [InlineData("FrozenLake8x8-v1", 200)]
    public void RegisteredLimits(string id, int limit) => Assert.Equal(limit, Gym.Make(id).MaxEpisodeSteps);

    [Fact]
    public void MakeTabularWithArgumentsAndOneHot()
    {
        var lake = Gym.Make<int, int>("FrozenLake-v1", new Dictionary<string, string> { ["is_slippery"] = "false", ["map_name"] = "8x8" });
        var inner = Assert.IsType<FrozenLake>(lake.Unwrapped);
        Assert.False(inner.IsSlippery);
        Assert.Equal(64, inner.Model.StateCount);
        Assert.Null(Gym.Make("CliffWalking-v0").MaxEpisodeSteps);
        Assert.Contains("not a valid Boolean", Assert.Throws<ArgumentException>(
            () => Gym.Make("FrozenLake-v1", new Dictionary<string, string> { ["is_slippery"] = "maybe" })).Message);
        Assert.Equal(36, ((GridWorld)Gym.Make("GridWorld-v0", new Dictionary<string, string> { ["rows"] = "6", ["cols"] = "6" }).Unwrapped).Model.StateCount);

        var hot = new OneHotObservation(lake);
        Assert.Equal(100, hot.MaxEpisodeSteps); // FrozenLake-v1 keeps its limit whatever the map, as in Gymnasium
        var x = hot.Reset(0).Observation;
        Assert.Equal(64, x.Length);
        Assert.Equal(1f, x[0]);
        var r = hot.Step(FrozenLake.Right);
        Assert.Equal(1f, r.Observation[1]);
        Assert.Equal(1f, r.Observation.Sum());
    }
}
