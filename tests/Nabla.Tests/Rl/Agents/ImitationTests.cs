using Nabla.Rl.Agents;
using Nabla.Rl.Envs;
using Nabla.Rl.Training;
using Xunit;

namespace Nabla.Tests.Rl.Agents;

/// <summary>The CartPole expert, data collection, behavioural cloning and DAgger at equal label budgets.</summary>
public class ImitationTests
{
    private static Env<float[], int> CartPole() => Gym.Make<float[], int>("CartPole-v1");

    [Fact]
    public void ExpertBalancesForTheWholeEpisode()
    {
        var result = Evaluation.Evaluate(CartPole(), new CartPoleExpert(), episodes: 20, seed: 3);
        Assert.All(result.Returns, r => Assert.Equal(500, r));
        Assert.Equal(1, new CartPoleExpert().Act([0f, 0f, 0.01f, 0f]));
        Assert.Equal(0, new CartPoleExpert().Act([0f, 0f, -0.01f, 0f]));
        Assert.Throws<ArgumentException>(() => new CartPoleExpert([1.0]));
    }

    [Fact]
    public void CollectLabelsTheBehaviourPolicysStatesWithTheExpert()
    {
        var always0 = new ConstantPolicy(0);
        var expert = new CartPoleExpert();
        var data = new Demonstrations(4);
        var curve = new LearningCurve();
        Imitation.Collect(CartPole(), always0, expert, 40, data, seed: 1, curve);
        Assert.Equal(40, data.Count);
        // Pushing left every step ends episodes after about ten steps, so several episodes were needed.
        Assert.True(curve.Episodes.Count >= 3);
        var obs = data.Observations();
        var actions = data.Actions();
        for (int i = 0; i < data.Count; i++) Assert.Equal(expert.Act(obs.AsSpan(i * 4, 4)), actions[i]);
        Assert.Contains(1L, actions);
    }

    [Fact]
    public void DaggerBeatsBehaviouralCloningAtEqualLabelBudgets()
    {
        // 200 expert labels, 4 DAgger rounds of 50; each classifier gets the same 300 gradient steps.
        var options = new ImitationOptions { HiddenSizes = [32, 32], DaggerRounds = 4, TrainSteps = 300 };
        var expert = new CartPoleExpert();
        double bc = 0, dagger = 0;
        for (int seed = 0; seed < 3; seed++)
        {
            var b = Imitation.BehavioralCloning(CartPole(), expert, 200, options, seed);
            var d = Imitation.DAgger(CartPole(), expert, 200, options, seed, CartPole(), evaluationEpisodes: 1);
            Assert.Equal(200, b.Data.Count);
            Assert.Equal(200, d.Data.Count);
            Assert.Equal([50, 50, 50, 50], d.LabelsPerRound);
            Assert.Equal(4, d.Curve.Evaluations.Count);
            bc += Evaluation.Evaluate(CartPole(), b.Policy, 10, seed: 10 + seed).Mean / 3;
            dagger += Evaluation.Evaluate(CartPole(), d.Policy, 10, seed: 10 + seed).Mean / 3;
        }
        Assert.True(dagger > bc + 75, $"DAgger {dagger:F1}, behavioural cloning {bc:F1}");
    }

    [Fact]
    public void ClassifierFitsSeparableLabels()
    {
        var data = new Demonstrations(2);
        var g = new Generator(4);
        for (int i = 0; i < 200; i++)
        {
            float x = (float)g.NextNormal(), y = (float)g.NextNormal();
            data.Add([x, y], x + y > 0 ? 1 : 0);
        }
        var policy = Imitation.TrainClassifier(data, 2, new ImitationOptions { TrainSteps = 300, HiddenSizes = [16] }, seed: 1);
        Assert.Equal(1, policy.Act([1f, 1f]));
        Assert.Equal(0, policy.Act([-1f, -1f]));
        Assert.Contains("label 2", Assert.Throws<ArgumentException>(() => Imitation.TrainClassifier(WithLabel(2), 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Imitation.DAgger(CartPole(), new CartPoleExpert(), 3));
    }

    private static Demonstrations WithLabel(int label)
    {
        var d = new Demonstrations(1);
        d.Add([0f], label);
        return d;
    }

    private sealed class ConstantPolicy(int action) : IPolicy
    {
        public int Act(ReadOnlySpan<float> observation) => action;
    }
}
