using Nabla.Rl.Envs;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>The registry, the time limit and keyword arguments.</summary>
public class GymTests
{
    [Theory]
    [InlineData("CartPole-v0", 200)]
    [InlineData("CartPole-v1", 500)]
    public void MakeAppliesTheRegisteredTimeLimit(string id, int limit)
    {
        var env = Gym.Make<float[], int>(id);
        Assert.Equal(limit, env.MaxEpisodeSteps);
        Assert.Equal(id, env.Spec!.Id);
        Assert.IsType<CartPole>(env.Unwrapped);
        // A balancing controller (push toward the lean) keeps the pole up until the time limit truncates.
        var (obs, _) = env.Reset(seed: 1);
        int steps = 0;
        StepResult<float[]> r;
        do
        {
            r = env.Step(obs[2] + 0.5f * obs[3] > 0 ? 1 : 0);
            obs = r.Observation;
            steps++;
        }
        while (!r.Done);
        Assert.Equal(limit, steps);
        Assert.True(r.Truncated);
        Assert.False(r.Terminated);
    }

    [Fact]
    public void MaxEpisodeStepsOverridesAndUnknownIdsAndArgsFail()
    {
        var env = Gym.Make("CartPole-v1", maxEpisodeSteps: 7);
        Assert.Equal(7, env.MaxEpisodeSteps);
        Assert.Equal(7, env.Spec!.MaxEpisodeSteps);
        Assert.Contains("no environment 'Pong-v0'", Assert.Throws<ArgumentException>(() => Gym.Make("Pong-v0")).Message);
        var kw = new Dictionary<string, string> { ["gravity"] = "3" };
        Assert.Contains("'CartPole-v1' takes no argument 'gravity'", Assert.Throws<ArgumentException>(() => Gym.Make("CartPole-v1", kw)).Message);
        Assert.Contains("is not an Env<Int32, Int32>", Assert.Throws<ArgumentException>(() => Gym.Make<int, int>("CartPole-v1")).Message);
    }

    [Fact]
    public void SpecsListTheBuiltins()
    {
        var ids = Gym.Specs.Select(s => s.Id).ToArray();
        Assert.Contains("CartPole-v0", ids);
        Assert.Equal(475.0, Gym.Spec("CartPole-v1").RewardThreshold);
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(
            () => Gym.Register(new EnvSpec("CartPole-v1", 1, null, ""), _ => new CartPole())).Message);
    }

    [Fact]
    public void TimeLimitCountsFromReset()
    {
        var env = new TimeLimit<float[], int>(new CartPole(), 3);
        env.Reset(0);
        Assert.False(env.Step(0).Truncated);
        Assert.False(env.Step(1).Truncated);
        Assert.True(env.Step(0).Truncated);
        env.Reset();
        Assert.Equal(0, env.ElapsedSteps);
        Assert.Contains("maxEpisodeSteps must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeLimit<float[], int>(new CartPole(), 0)).Message);
    }
}
