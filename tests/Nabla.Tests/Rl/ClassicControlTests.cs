using Nabla.Rl.Envs;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>
/// MountainCar and Acrobot against Gymnasium's equations: the reference numbers come from a NumPy transcription of
/// Gymnasium's mountain_car.py and acrobot.py step functions (rk4, wrap and bound included), run with /usr/bin/python3.
/// </summary>
public class ClassicControlTests
{
    [Fact]
    public void MountainCarMatchesGymnasiumStepsAndSpaces()
    {
        var env = new MountainCar();
        env.State = (-0.5, 0.0);
        StepResult<float[]> r = default;
        foreach (int a in new[] { 2, 2, 0, 1, 2 }) r = env.Step(a);
        Assert.Equal(-0.4957996374204934, env.State.Position, 1e-15);
        Assert.Equal(0.0010458626473540712, env.State.Velocity, 1e-15);
        Assert.Equal((float)-0.4957996374204934, r.Observation[0]);
        Assert.Equal(-1.0, r.Reward);
        Assert.Equal("Box([-1.2 -0.07], [0.6 0.07], (2,), float32)", env.ObservationSpace.ToString());
        Assert.Equal("Discrete(3)", env.ActionSpace.ToString());
    }

    [Fact]
    public void MountainCarEnergyPumpingReachesTheFlagIn124Steps()
    {
        var env = new MountainCar();
        env.State = (-0.5, 0.0);
        int steps = 0;
        StepResult<float[]> r;
        do r = env.Step(env.State.Velocity >= 0 ? 2 : 0);
        while (++steps < 1000 && !r.Terminated);
        Assert.Equal(124, steps);
        Assert.Contains("F", env.Render());
    }

    [Fact]
    public void MountainCarLeftWallStopsTheCarAndResetIsInRange()
    {
        var env = new MountainCar();
        env.State = (-1.19, -0.07);
        env.Step(0);
        Assert.Equal((MountainCar.MinPosition, 0.0), env.State);
        for (int i = 0; i < 100; i++)
        {
            var obs = env.Reset(i).Observation;
            Assert.InRange(obs[0], -0.6f, -0.4f);
            Assert.Equal(0f, obs[1]);
        }
    }

    [Fact]
    public void AcrobotMatchesGymnasiumRk4Steps()
    {
        var env = new Acrobot();
        env.State = [(float)0.05, (float)-0.03, (float)0.02, (float)0.01];
        StepResult<float[]> r = default;
        foreach (int a in new[] { 2, 2, 2, 0, 0, 1, 2, 2 }) r = env.Step(a);
        double[] expected = [0.08155262346227861, -0.16372540205877786, 0.005922474817409706, -0.12262283819152486];
        var s = env.State;
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], s[i], 1e-12);
        Assert.Equal((float)Math.Cos(expected[0]), r.Observation[0], 1e-6);
        Assert.Equal((float)Math.Sin(expected[1]), r.Observation[3], 1e-6);
        Assert.Equal((float)expected[3], r.Observation[5], 1e-6);
        Assert.Equal((-1.0, false), (r.Reward, r.Terminated));
        Assert.Equal(6, r.Observation.Length);
    }

    [Fact]
    public void AcrobotSwingsUpWhenTorqueFollowsTheSecondJoint()
    {
        // The NumPy reference needs 74 steps from [0.01, 0, 0, 0]; the motion is chaotic, so allow rounding to drift.
        var env = new Acrobot();
        env.State = [0.01, 0, 0, 0];
        int steps = 0;
        StepResult<float[]> r;
        do r = env.Step(env.State[3] >= 0 ? 2 : 0);
        while (++steps < 500 && !r.Terminated);
        Assert.InRange(steps, 60, 120);
        Assert.Equal(0.0, r.Reward);
        Assert.True(env.TipHeight > 1.0);
    }

    [Fact]
    public void AcrobotResetIsSmallAndFloat32()
    {
        var env = new Acrobot();
        env.Reset(5);
        foreach (double v in env.State)
        {
            Assert.InRange(v, -0.1, 0.1);
            Assert.Equal(v, (double)(float)v);
        }
        Assert.Contains("tip=", env.Render());
    }
}
