using Nabla.Nn;
using Nabla.Optim;
using Nabla.Rl.Agents;
using Nabla.Rl.Envs;
using Xunit;

namespace Nabla.Tests.Rl.Agents;

/// <summary>DQN: the curriculum's backup numbers, Double DQN by hand, replay, ε schedule, target sync, learning.</summary>
public class DqnTests
{
    [Fact]
    public void SingleBackupTargetAndLossMatchTheCurriculum()
    {
        // seed003-004 §30 B28: r = 1, γ = 0.9, Q(s′,·) = [2, 5] → target 5.5; with Q(s, a) = 4 the squared loss is 2.25.
        var targets = new float[1];
        DqnTargets.Compute([1f], [0f], [2f, 5f], [], 2, 0.9, targets);
        Assert.Equal(5.5f, targets[0], 6);
        var q = Tensor.FromArray([4f]);
        var y = Tensor.FromArray(targets);
        Assert.Equal(2.25, Functional.MseLoss(q, y).Item(), 6);
        // Huber with δ = 1: |d| = 1.5 ≥ 1 gives |d| − 0.5.
        Assert.Equal(1.0, Functional.HuberLoss(q, y).Item(), 6);
    }

    [Fact]
    public void TerminalTransitionsDoNotBootstrap()
    {
        var targets = new float[2];
        DqnTargets.Compute([1f, 2f], [1f, 0f], [2f, 5f, -1f, 3f], [], 2, 0.5, targets);
        Assert.Equal([1f, 3.5f], targets);
    }

    [Fact]
    public void DoubleDqnValuesTheOnlineArgmaxWithTheTargetNetwork()
    {
        // Online Q(s′) picks action 1 in row 0 and action 0 in row 1; the target network's values of those actions are
        // 20 and 30, where plain DQN would take the target's max, 20 and 40.
        float[] nextOnline = [1, 3, 4, 2], nextTarget = [10, 20, 30, 40];
        var plain = new float[2];
        var dbl = new float[2];
        DqnTargets.Compute([0.5f, 0f], [0f, 0f], nextTarget, [], 2, 0.9, plain);
        DqnTargets.Compute([0.5f, 0f], [0f, 0f], nextTarget, nextOnline, 2, 0.9, dbl);
        Assert.Equal([0.5f + 0.9f * 20, 0.9f * 40], plain);
        Assert.Equal([0.5f + 0.9f * 20, 0.9f * 30], dbl);
    }

    [Fact]
    public void DoubleDqnTrainStepUsesTheOnlineNetworkForTheArgmax()
    {
        var agent = new Dqn(2, 3, new DqnOptions { HiddenSizes = [8], BatchSize = 4, LearningStarts = 4, BufferCapacity = 4, DoubleDqn = true, Gamma = 0.9 }, seed: 3);
        var g = new Generator(5);
        for (int i = 0; i < 4; i++)
            agent.Buffer.Add([(float)g.NextNormal(), (float)g.NextNormal()], i % 3, i, [(float)g.NextNormal(), (float)g.NextNormal()], i == 3);
        // Perturb the online network so it disagrees with the target network.
        using (Nabla.Autograd.GradMode.NoGrad())
            foreach (var p in agent.QNetwork.Parameters()) p.Add_(Tensor.RandnLike(p, new Generator(9)), 0.5);
        double loss = agent.TrainStep();
        Assert.True(double.IsFinite(loss));
        Assert.Equal(1, agent.Updates);
    }

    [Fact]
    public void ReplayBufferWrapsAroundAndOverwritesTheOldest()
    {
        var buffer = new ReplayBuffer(3, 2);
        for (int i = 0; i < 5; i++) buffer.Add([i, -i], i % 2, 10 * i, [i + 0.5f, 0], i == 4);
        Assert.Equal(3, buffer.Count);
        Assert.Equal(2, buffer.Position);
        // Slots 0 and 1 hold transitions 3 and 4; slot 2 still holds transition 2.
        Assert.Equal([3f, -3f], buffer.Observation(0).ToArray());
        Assert.Equal([4f, -4f], buffer.Observation(1).ToArray());
        Assert.Equal([2f, -2f], buffer.Observation(2).ToArray());
        Assert.Equal([4.5f, 0f], buffer.NextObservation(1).ToArray());
        Assert.Equal((0, 40f, true), buffer.Transition(1));
        Assert.Equal((0, 20f, false), buffer.Transition(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Observation(3));
        var e = Assert.Throws<ArgumentException>(() => buffer.Add([1f], 0, 0, [1f, 2f], false));
        Assert.Contains("ReplayBuffer.Add", e.Message);
    }

    [Fact]
    public void ReplaySamplingIsSeededUniformAndGathersRows()
    {
        var buffer = new ReplayBuffer(100, 1);
        for (int i = 0; i < 10; i++) buffer.Add([i], i % 2, i, [i + 1], false);
        var a = new int[1000];
        var b = new int[1000];
        buffer.SampleIndices(a, new Generator(7));
        buffer.SampleIndices(b, new Generator(7));
        Assert.Equal(a, b);
        Assert.All(a, i => Assert.InRange(i, 0, 9));
        var counts = new int[10];
        foreach (int i in a) counts[i]++;
        Assert.All(counts, c => Assert.InRange(c, 60, 140));

        int[] idx = [3, 7, 3];
        var obs = new float[3];
        var next = new float[3];
        var actions = new long[3];
        var rewards = new float[3];
        var done = new float[3];
        buffer.Gather(idx, obs, actions, rewards, next, done);
        Assert.Equal([3f, 7f, 3f], obs);
        Assert.Equal([4f, 8f, 4f], next);
        Assert.Equal([1L, 1L, 1L], actions);
        Assert.Equal([3f, 7f, 3f], rewards);
        Assert.Throws<InvalidOperationException>(() => new ReplayBuffer(4, 1).SampleIndices(a, new Generator(1)));
    }

    [Fact]
    public void EpsilonScheduleIsLinearThenFlat()
    {
        var eps = new Dqn(4, 2, new DqnOptions { HiddenSizes = [4], EpsilonEnd = 0.05, EpsilonDecaySteps = 2000 }).Epsilon;
        Assert.Equal(1.0, eps.At(0));
        Assert.Equal(0.525, eps.At(1000), 12);
        Assert.Equal(0.05 + 0.95 * 0.25, eps.At(1500), 12);
        Assert.Equal(0.05, eps.At(2000));
        Assert.Equal(0.05, eps.At(100_000));
        Assert.Equal(0.05, new Dqn(4, 2, new DqnOptions { HiddenSizes = [4], EpsilonEnd = 0.05, EpsilonDecaySteps = 0 }).Epsilon.At(0));
    }

    [Fact]
    public void DefaultEpsilonFallsTo004Over8000Steps()
    {
        var eps = new Dqn(4, 2).Epsilon;
        Assert.Equal(1.0, eps.At(0));
        Assert.Equal(0.52, eps.At(4000), 12);
        Assert.Equal(0.04, eps.At(8000));
    }

    [Fact]
    public void EachTrainingPhaseTakesGradientStepsUpdates()
    {
        // Phases at steps 50, 100, 150, 200; the first has only 50 < 64 transitions stored, the others take 3 updates each.
        var options = new DqnOptions { HiddenSizes = [8], LearningStarts = 64, TrainFrequency = 50, GradientSteps = 3, TargetUpdateInterval = 10 };
        var agent = new Dqn(4, 2, options, seed: 1);
        agent.Learn(Gym.Make<float[], int>("CartPole-v1"), 200, seed: 0);
        Assert.Equal(9, agent.Updates);
        // The sync at step 200 follows the phase at step 200, so the target equals the trained online network.
        Assert.True(SameWeights(agent.QNetwork, agent.TargetNetwork));
        Assert.Contains("GradientSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new Dqn(4, 2, options with { GradientSteps = 0 })).Message);
    }

    [Fact]
    public void TargetNetworkStartsEqualAndIsSyncedEveryInterval()
    {
        var options = new DqnOptions { HiddenSizes = [16], TargetUpdateInterval = 100, LearningStarts = 64, TrainFrequency = 1, GradientSteps = 1 };
        var agent = new Dqn(4, 2, options, seed: 1);
        Assert.True(SameWeights(agent.QNetwork, agent.TargetNetwork));
        var env = Gym.Make<float[], int>("CartPole-v1");
        agent.Learn(env, 150, seed: 0);
        // 87 updates since step 64; the last sync was at step 100, and 50 updates since then moved the online weights.
        Assert.Equal(87, agent.Updates);
        Assert.False(SameWeights(agent.QNetwork, agent.TargetNetwork));
        agent.Learn(env, 50);
        Assert.Equal(200, agent.Steps);
        Assert.True(SameWeights(agent.QNetwork, agent.TargetNetwork));
        Assert.All(agent.TargetNetwork.Parameters(), p => Assert.False(p.RequiresGrad));
    }

    [Fact]
    public void SameSeedGivesTheSameRun()
    {
        var options = new DqnOptions { HiddenSizes = [32] };
        var c1 = new Dqn(4, 2, options, seed: 4).Learn(Gym.Make<float[], int>("CartPole-v1"), 400, seed: 4);
        var c2 = new Dqn(4, 2, options, seed: 4).Learn(Gym.Make<float[], int>("CartPole-v1"), 400, seed: 4);
        Assert.Equal(c1.Episodes, c2.Episodes);
    }

    [Fact]
    public void RegressionNetworkLossFalls()
    {
        // seed000 §14.17: a 4→60→2 ReLU network fits y = [x0 + x1², x2 + x3³] by full-batch Adam; the MSE falls from
        // about 10 to below 0.6. Reduced here to 500 samples, 600 steps at lr 3e-3 so it runs in about a second.
        const int n = 500;
        var x = Tensor.Randn([n, 4], DType.Float32, new Generator(0));
        var xs = x.ToArray<float>();
        var ys = new float[2 * n];
        for (int i = 0; i < n; i++)
        {
            ys[2 * i] = xs[4 * i] + xs[4 * i + 1] * xs[4 * i + 1];
            ys[2 * i + 1] = xs[4 * i + 2] + xs[4 * i + 3] * xs[4 * i + 3] * xs[4 * i + 3];
        }
        var y = Tensor.FromArray(ys, n, 2);
        var net = Mlp.Create(4, [60], 2, new Generator(1));
        var optimizer = new Adam(net.Parameters(), 3e-3);
        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < 600; step++)
        {
            using var scope = TensorScope.Begin();
            var loss = Functional.MseLoss(net.Forward(x), y);
            if (step == 0) first = loss.Item();
            last = loss.Item();
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
        }
        Assert.InRange(first, 7, 15);
        Assert.True(last < 0.6, $"MSE after 600 steps is {last}");
    }

    [Fact]
    public void DqnReturnRisesOnCartPole()
    {
        // The benchmark's update scheme (one update per step, target sync every 500, ε over 2000 steps) with a 4→32→32→2
        // network keeps the test to seconds; RlCommandTests.DefaultDqnSolvesCartPole runs the defaults to the end.
        var options = new DqnOptions
        {
            HiddenSizes = [32, 32], LearningRate = 2e-3, BufferCapacity = 10_000, LearningStarts = 64, TrainFrequency = 1, GradientSteps = 1,
            TargetUpdateInterval = 500, EpsilonEnd = 0.05, EpsilonDecaySteps = 2000, MaxGradNorm = null,
        };
        var agent = new Dqn(4, 2, options, seed: 1);
        var curve = agent.Learn(Gym.Make<float[], int>("CartPole-v1"), 3000, seed: 1);
        double early = curve.MeanReturnBetween(0, 1000), late = curve.MeanReturnBetween(2000, 3000);
        Assert.True(late > 2 * early && late > 60, $"mean return {early:F1} in the first 1000 steps, {late:F1} in the last 1000");
    }

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Contains("BufferCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new Dqn(4, 2, new DqnOptions { BufferCapacity = 10 })).Message);
        Assert.Contains("Gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new Dqn(4, 2, new DqnOptions { Gamma = 1.5 })).Message);
        Assert.Contains("LearningStarts", Assert.Throws<ArgumentOutOfRangeException>(() => new Dqn(4, 2, new DqnOptions { LearningStarts = 1 })).Message);
    }

    private static bool SameWeights(Module a, Module b)
    {
        var sa = a.StateDict();
        var sb = b.StateDict();
        foreach (var (k, t) in sa)
            if (!t.ToArray<float>().AsSpan().SequenceEqual(sb[k].ToArray<float>())) return false;
        return true;
    }
}
