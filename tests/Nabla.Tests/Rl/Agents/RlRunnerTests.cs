using System.Text.Json;
using Nabla.Rl.Agents;
using Nabla.Rl.Envs;
using Nabla.Rl.Training;
using Xunit;

namespace Nabla.Tests.Rl.Agents;

/// <summary>The engine of <c>nabla rl</c>: every agent end to end on small budgets, the JSON report and the curve PNG.</summary>
public class RlRunnerTests
{
    [Theory]
    [InlineData("dqn", 300)]
    [InlineData("reinforce", 300)]
    [InlineData("a2c", 320)]
    [InlineData("bc", 60)]
    [InlineData("dagger", 60)]
    public void DeepAndImitationAgentsRunEndToEnd(string agent, long steps)
    {
        var options = new RlRunOptions
        {
            EnvId = "CartPole-v1",
            Agent = agent,
            Seed = 3,
            Steps = steps,
            EvalEpisodes = 3,
            CheckpointEpisodes = 2,
            Dqn = new DqnOptions { HiddenSizes = [16] },
            Reinforce = new ReinforceOptions { HiddenSizes = [16] },
            A2c = new A2cOptions { HiddenSizes = [16] },
            Imitation = new ImitationOptions { HiddenSizes = [16], TrainSteps = 50, DaggerRounds = 3 },
        };
        var lines = new List<string>();
        var result = RlRunner.Run(options, lines.Add);
        Assert.Equal(3, result.Evaluation.Returns.Count);
        Assert.Equal(steps, result.Steps);
        // A 60-label expert rollout finishes no 500-step episode; imitation runs record an evaluation per round instead.
        if (agent is "bc" or "dagger") Assert.NotEmpty(result.Curve.Evaluations);
        else Assert.NotEmpty(result.Curve.Episodes);
        using var json = JsonDocument.Parse(RunReport.ToJson(result));
        var root = json.RootElement;
        Assert.Equal(agent, root.GetProperty("agent").GetString());
        Assert.Equal(result.Evaluation.Mean, root.GetProperty("eval_mean_return").GetDouble());
        var curve = root.GetProperty("curve");
        Assert.Equal(result.Curve.Episodes.Count, curve.GetArrayLength());
        if (result.Curve.Episodes.Count > 0)
        {
            Assert.Equal(result.Curve.Episodes[0].Step, curve[0].GetProperty("step").GetInt64());
            Assert.Equal(result.Curve.Episodes[0].Return, curve[0].GetProperty("return").GetDouble());
        }
        Assert.True(root.GetProperty("hyperparameters").EnumerateObject().Any());
        if (agent is "bc" or "dagger") Assert.NotEmpty(lines);
    }

    [Fact]
    public void CheckpointingRestoresTheBestWeights()
    {
        var options = new RlRunOptions
        {
            EnvId = "CartPole-v1",
            Agent = "dqn",
            Steps = 600,
            EvalEpisodes = 2,
            CheckpointInterval = 200,
            CheckpointEpisodes = 2,
            Dqn = new DqnOptions { HiddenSizes = [16] },
        };
        var lines = new List<string>();
        var result = RlRunner.Run(options, lines.Add);
        Assert.Equal(3, result.Curve.Evaluations.Count);
        var best = result.Curve.Evaluations.MaxBy(e => e.MeanReturn);
        Assert.NotNull(result.RestoredCheckpoint);
        Assert.Equal(best.MeanReturn, result.RestoredCheckpoint!.Value.MeanReturn);
        Assert.Contains(lines, l => l.StartsWith("restored", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("step", StringComparison.Ordinal));
        Assert.Equal(3, JsonDocument.Parse(RunReport.ToJson(result)).RootElement.GetProperty("evaluations").GetArrayLength());
    }

    [Fact]
    public void DqnCheckpointsEvery2500StepsByDefaultAndZeroTurnsThemOff()
    {
        var options = new RlRunOptions { EnvId = "CartPole-v1", Agent = "dqn", Steps = 2600, EvalEpisodes = 1, CheckpointEpisodes = 1, Dqn = new DqnOptions { HiddenSizes = [8] } };
        Assert.Equal(2500, RlRunner.DefaultCheckpointInterval("dqn"));
        Assert.Null(RlRunner.DefaultCheckpointInterval("a2c"));
        var result = RlRunner.Run(options);
        Assert.Equal(2500, Assert.Single(result.Curve.Evaluations).Step);
        Assert.Equal(2500, result.RestoredCheckpoint!.Value.Step);
        Assert.Equal("2500", result.Hyperparameters["checkpoint_every"]);
        var off = RlRunner.Run(options with { CheckpointInterval = 0 });
        Assert.Empty(off.Curve.Evaluations);
        Assert.Null(off.RestoredCheckpoint);
        Assert.Equal("none", off.Hyperparameters["checkpoint_every"]);
        Assert.Contains("CheckpointInterval", Assert.Throws<ArgumentOutOfRangeException>(() => RlRunner.Run(options with { CheckpointInterval = -1 })).Message);
    }

    [Fact]
    public void PeriodicEvaluationSnapshotsAndRestoresWeights()
    {
        var dqn = new Dqn(4, 2, new DqnOptions { HiddenSizes = [8] }, seed: 1);
        var eval = new PeriodicEvaluation(Gym.Make<float[], int>("CartPole-v1"), dqn, interval: 10, episodes: 1, keepBest: [dqn.QNetwork]);
        var curve = new LearningCurve();
        Assert.False(eval.RestoreBest());
        Assert.False(eval.MaybeEvaluate(9, curve));
        Assert.True(eval.MaybeEvaluate(10, curve));
        var saved = dqn.QNetwork.StateDict().Values.Select(t => t.ToArray<float>()).ToList();
        using (Nabla.Autograd.GradMode.NoGrad())
            foreach (var p in dqn.QNetwork.Parameters()) p.Fill_(0);
        Assert.True(eval.RestoreBest());
        Assert.Equal(saved, dqn.QNetwork.StateDict().Values.Select(t => t.ToArray<float>()).ToList());
        Assert.Equal(10, eval.BestStep);
    }

    [Theory]
    [InlineData("q-learning", "FrozenLake-v1")]
    [InlineData("sarsa", "CliffWalking-v0")]
    public void TabularAgentsRunOnDiscreteEnvironments(string agent, string env)
    {
        var result = RlRunner.Run(new RlRunOptions { EnvId = env, Agent = agent, Episodes = 200, EvalEpisodes = 5, Seed = 1 });
        Assert.Equal(200, result.Curve.Episodes.Count);
        Assert.Equal(result.Curve.Episodes.Sum(e => e.Length), result.Steps);
        Assert.Equal(5, result.Evaluation.Returns.Count);
        Assert.All(result.Evaluation.Returns, r => Assert.True(double.IsFinite(r)));
    }

    [Fact]
    public void TabularAgentsBinCartPole()
    {
        var result = RlRunner.Run(new RlRunOptions { EnvId = "CartPole-v1", Agent = "q-learning", Episodes = 50, EvalEpisodes = 2 });
        Assert.Equal("3x4x8x8", result.Hyperparameters["bins"]);
        Assert.Equal(50, result.Curve.Episodes.Count);
    }

    [Fact]
    public void DeepAgentsOneHotEncodeDiscreteStates()
    {
        var env = RlRunner.MakeVectorEnv("FrozenLake-v1");
        Assert.IsType<OneHotObservation>(env);
        var result = RlRunner.Run(new RlRunOptions { EnvId = "FrozenLake-v1", Agent = "dqn", Steps = 200, EvalEpisodes = 2, Dqn = new DqnOptions { HiddenSizes = [8] } });
        Assert.Equal(2, result.Evaluation.Returns.Count);
        Assert.Equal(RlRunner.FallbackEpisodeLimit, RlRunner.MakeVectorEnv("CliffWalking-v0").MaxEpisodeSteps);
    }

    [Fact]
    public void BadRequestsNameTheProblem()
    {
        Assert.Contains("unknown agent", Assert.Throws<ArgumentException>(() => RlRunner.Run(new RlRunOptions { EnvId = "CartPole-v1", Agent = "ppo" })).Message);
        Assert.Contains("CartPole", Assert.Throws<ArgumentException>(() => RlRunner.Run(new RlRunOptions { EnvId = "MountainCar-v0", Agent = "bc" })).Message);
        Assert.Contains("discrete states", Assert.Throws<ArgumentException>(() => RlRunner.Run(new RlRunOptions { EnvId = "MountainCar-v0", Agent = "sarsa" })).Message);
        Assert.Contains("Episodes", Assert.Throws<ArgumentException>(() => RlRunner.Run(new RlRunOptions { EnvId = "CartPole-v1", Agent = "dqn", Episodes = 3 })).Message);
        Assert.Contains("Steps", Assert.Throws<ArgumentException>(() => RlRunner.Run(new RlRunOptions { EnvId = "FrozenLake-v1", Agent = "sarsa", Steps = 3 })).Message);
    }

    [Fact]
    public void CurvePngIsWritten()
    {
        var result = RlRunner.Run(new RlRunOptions
        {
            EnvId = "CartPole-v1", Agent = "dqn", Steps = 400, EvalEpisodes = 2, CheckpointInterval = 200, CheckpointEpisodes = 2,
            Dqn = new DqnOptions { HiddenSizes = [8] },
        });
        string path = Path.Combine(Path.GetTempPath(), $"nabla-rl-curve-{Guid.NewGuid():N}.png");
        try
        {
            RunReport.SaveCurvePng(result, path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.Equal(3, RunReport.CurveChart(result).SeriesCount);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
