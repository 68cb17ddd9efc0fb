using System.Globalization;
using System.Text.Json;
using Nabla.Rl.Agents;
using Nabla.Tests.Cli;
using Xunit;

namespace Nabla.Tests.Rl.Agents;

/// <summary>
/// <c>nabla rl</c> through the tool's real entry point: a short run writing JSON and a curve PNG, and argument errors
/// with their exit codes. Console redirection is process-wide, so these run alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class RlCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-rl-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Nabla(string args) => CliRunner.Run(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void TrainsEvaluatesAndWritesJsonAndCurve()
    {
        string json = Path.Combine(_dir, "run.json"), png = Path.Combine(_dir, "curve.png");
        var (code, output, error) = Nabla($"rl CartPole-v1 --agent dqn --seed 2 --steps 400 --hidden 16 --double --eval-episodes 3 --checkpoint-every 200 --json {json} --curve-png {png}");
        Assert.True(code == 0, error);
        Assert.Contains("dqn on CartPole-v1, seed 2, 400 environment steps", output);
        Assert.Contains("greedy evaluation over 3 episodes", output);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal("true", root.GetProperty("hyperparameters").GetProperty("double_dqn").GetString());
        Assert.Equal("16", root.GetProperty("hyperparameters").GetProperty("hidden").GetString());
        Assert.Equal(3, root.GetProperty("eval_episodes").GetInt32());
        Assert.True(root.GetProperty("eval_mean_return").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("evaluations").GetArrayLength());
        Assert.True(root.GetProperty("curve").GetArrayLength() > 0);
        Assert.Equal((byte)0x89, File.ReadAllBytes(png)[0]);
    }

    [Fact]
    public void DefaultDqnSolvesCartPole()
    {
        // Issue 9 item 16: the old defaults ended seed 3 at 262.6. The defaults, exactly as a user runs them (50 000 steps,
        // best of the 20-episode checkpoints every 2500 steps), must reach the registered threshold of 475 over 100
        // fresh episodes. Seed 0 stands for the five seeds of docs/results/dqn-cartpole-seed*.json (about 20 s).
        string json = Path.Combine(_dir, "dqn.json");
        var (code, output, error) = Nabla($"rl CartPole-v1 --agent dqn --seed 0 --json {json}");
        Assert.True(code == 0, error);
        Assert.Contains("dqn on CartPole-v1, seed 0, 50000 environment steps", output);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(100, root.GetProperty("eval_episodes").GetInt32());
        double mean = root.GetProperty("eval_mean_return").GetDouble();
        Assert.True(mean >= 475, $"greedy mean return {mean} over 100 episodes");
        Assert.Equal(20, root.GetProperty("evaluations").GetArrayLength());
        // The CLI's defaults are the library's.
        var d = new DqnOptions();
        var h = root.GetProperty("hyperparameters");
        string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        Assert.Equal(string.Join(",", d.HiddenSizes), h.GetProperty("hidden").GetString());
        Assert.Equal(Text(d.LearningRate), h.GetProperty("lr").GetString());
        Assert.Equal(Text(d.BatchSize), h.GetProperty("batch_size").GetString());
        Assert.Equal(Text(d.BufferCapacity), h.GetProperty("buffer_capacity").GetString());
        Assert.Equal(Text(d.LearningStarts), h.GetProperty("learning_starts").GetString());
        Assert.Equal(Text(d.TrainFrequency), h.GetProperty("train_frequency").GetString());
        Assert.Equal(Text(d.GradientSteps), h.GetProperty("gradient_steps").GetString());
        Assert.Equal(Text(d.TargetUpdateInterval), h.GetProperty("target_update_interval").GetString());
        Assert.Equal($"{Text(d.EpsilonStart)} to {Text(d.EpsilonEnd)} over {Text(d.EpsilonDecaySteps)} steps", h.GetProperty("epsilon").GetString());
        Assert.Equal(Text(d.MaxGradNorm!.Value), h.GetProperty("max_grad_norm").GetString());
        Assert.Equal("false", h.GetProperty("double_dqn").GetString());
        Assert.Equal("huber", h.GetProperty("loss").GetString());
        Assert.Equal("2500", h.GetProperty("checkpoint_every").GetString());
    }

    [Theory]
    [InlineData("rl", 2, "give an environment id")]
    [InlineData("rl CartPole-v1", 2, "give --agent")]
    [InlineData("rl CartPole-v1 --agent ppo", 2, "unknown agent 'ppo'")]
    [InlineData("rl CartPole-v1 --agent dqn --hidden 8,x", 2, "--hidden: '8,x'")]
    [InlineData("rl CartPole-v1 --agent reinforce --baseline median", 2, "unknown --baseline 'median'")]
    [InlineData("rl CartPole-v1 --agent dqn --frobnicate 1", 2, "unknown option(s): --frobnicate")]
    [InlineData("rl CartPole-v1 --agent dqn --gamma 2", 2, "Gamma must be in [0, 1]")]
    [InlineData("rl FrozenLake-v1 --agent sarsa --steps 10", 1, "give Episodes, not Steps")]
    [InlineData("rl Pong-v5 --agent dqn", 1, "no environment 'Pong-v5'")]
    public void BadArgumentsFailWithAMessage(string args, int expectedCode, string message)
    {
        var (code, _, error) = Nabla(args);
        Assert.Equal(expectedCode, code);
        Assert.Contains(message, error);
    }
}
