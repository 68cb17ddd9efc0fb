using Nabla.Rl.Agents;
using Nabla.Rl.Envs;
using Xunit;

namespace Nabla.Tests.Rl.Agents;

/// <summary>REINFORCE's numbers from seed003-004 §30 B26, GAE by hand, and short learning runs of REINFORCE and A2C.</summary>
public class PolicyGradientTests
{
    [Fact]
    public void RewardToGoAndDiscountedReturnsMatchTheCurriculum()
    {
        Assert.Equal([3.0, 2.0, 2.0], Returns.RewardToGo([1.0, 0.0, 2.0], 1.0));
        Assert.Equal(2.71, Returns.Discounted([1.0, 1.0, 1.0], 0.9), 12);
        Assert.Equal(0.25, Returns.Discounted([0.0, 0.0, 1.0], 0.5), 12);
        var g = Returns.RewardToGo([1.0, 1.0, 1.0], 0.9);
        Assert.Equal(2.71, g[0], 12);
        Assert.Equal(1.9, g[1], 12);
        Assert.Equal(1.0, g[2], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Returns.Discounted([1.0], 1.5));
    }

    [Fact]
    public void MeanBaselineMatchesTheCurriculum()
    {
        var advantages = new float[3];
        Assert.Equal(3.0, PolicyGradient.MeanBaseline([3f, 5f, 1f], advantages), 12);
        Assert.Equal([0f, 2f, -2f], advantages);
    }

    [Fact]
    public void SoftmaxPolicyGradientsMatchTheCurriculum()
    {
        // Logits [0, 0], action 0: ∇ log π = [0.5, −0.5]; weighted by return 2 → [1, −1], so the loss −G·log π has gradient [−1, 1].
        var logits = Tensor.FromArray([0.0, 0.0], 1, 2).RequiresGrad_();
        var actions = Tensor.FromArray([0L]);
        PolicyGradient.LogProbabilities(logits, actions).Sum().Backward();
        Assert.Equal([0.5, -0.5], logits.Grad!.ToArray<double>());
        logits.ZeroGrad();
        PolicyGradient.Loss(logits, actions, Tensor.FromArray([2.0])).Backward();
        Assert.Equal([-1.0, 1.0], logits.Grad!.ToArray<double>());

        // Logits [1, 0]: π = [0.7310585786300049, 0.2689414213699951]; action 1 gives ∇ log π = [−0.731..., 0.731...].
        var l2 = Tensor.FromArray([1.0, 0.0], 1, 2).RequiresGrad_();
        Assert.Equal(0.7310585786300049, l2.Softmax(1).ToArray<double>()[0], 15);
        PolicyGradient.LogProbabilities(l2, Tensor.FromArray([1L])).Sum().Backward();
        var grad = l2.Grad!.ToArray<double>();
        Assert.Equal(-0.7310585786300049, grad[0], 15);
        Assert.Equal(0.7310585786300049, grad[1], 15);
    }

    [Fact]
    public void EntropyBonusLowersTheLossOfUniformPolicies()
    {
        var logits = Tensor.FromArray([0.0, 0.0, 2.0, -2.0], 2, 2);
        var h = PolicyGradient.Entropy(logits).ToArray<double>();
        Assert.Equal(Math.Log(2), h[0], 12);
        Assert.True(h[1] < 0.2);
        var plain = PolicyGradient.Loss(logits, Tensor.FromArray([0L, 1L]), Tensor.FromArray([1.0, 1.0])).Item();
        var bonus = PolicyGradient.Loss(logits, Tensor.FromArray([0L, 1L]), Tensor.FromArray([1.0, 1.0]), entropyCoef: 0.1).Item();
        Assert.Equal(plain - 0.1 * (h[0] + h[1]) / 2, bonus, 12);
        Assert.Contains("PolicyGradient.Loss", Assert.Throws<ArgumentException>(() => PolicyGradient.Loss(logits, Tensor.FromArray([0L, 1L]), Tensor.FromArray([1.0]))).Message);
    }

    [Fact]
    public void GaeMatchesAHandComputation()
    {
        // Two environments interleaved step-major. Environment 0: rewards 1, 1, 1, V = 0.5, 0.4, 0.3, V(s′) = 0.4, 0.3, 0.2,
        // γ = 0.9, λ = 0.8: δ = 0.86, 0.87, 0.88; A₂ = 0.88, A₁ = 0.87 + 0.72·0.88 = 1.5036, A₀ = 0.86 + 0.72·1.5036 = 1.942592.
        // Environment 1 terminates at step 1 (its V(s′) = 9 is ignored and the trace is cut): δ = −0.1, 0, 1.9.
        float[] rewards = [1, 0, 1, 1, 1, 2], values = [0.5f, 1, 0.4f, 1, 0.3f, 1], next = [0.4f, 1, 0.3f, 9, 0.2f, 1];
        bool[] terminated = [false, false, false, true, false, false];
        var advantages = new float[6];
        var returns = new float[6];
        Returns.Gae(rewards, values, next, terminated, terminated, 2, 0.9, 0.8, advantages, returns);
        float[] expected = [1.942592f, -0.1f, 1.5036f, 0f, 0.88f, 1.9f];
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(expected[i], advantages[i], 5);
            Assert.Equal(expected[i] + values[i], returns[i], 5);
        }
        // λ = 1 is the n-step return: 1 + 0.9 + 0.81 + 0.729·0.2 − 0.5 = 2.3558.
        Returns.Gae(rewards, values, next, terminated, terminated, 2, 0.9, 1.0, advantages, returns);
        Assert.Equal(2.3558f, advantages[0], 5);
        Assert.Equal(2.8558f, returns[0], 5);
    }

    [Fact]
    public void GaeBootstrapsThroughTruncation()
    {
        var advantages = new float[2];
        var returns = new float[2];
        // Step 0 is cut by a time limit (episode end, not terminal): bootstrap from V(final) = 10 but not from step 1.
        Returns.Gae([1f, 5f], [0f, 0f], [10f, 0f], [false, true], [true, true], 1, 0.9, 0.95, advantages, returns);
        Assert.Equal(10f, advantages[0], 5);
        Assert.Equal(5f, advantages[1], 5);
        Assert.Throws<ArgumentException>(() => Returns.Gae([1f], [0f], [0f], [false], [false], 2, 0.9, 1, new float[1], new float[1]));
    }

    [Fact]
    public void ReinforceReturnRisesOnCartPole()
    {
        var agent = new Reinforce(4, 2, new ReinforceOptions(), seed: 0);
        var curve = agent.Learn(Gym.Make<float[], int>("CartPole-v1"), 6000, seed: 0);
        double early = curve.MeanReturnBetween(0, 1500), late = curve.MeanReturnBetween(4500, 6000);
        Assert.True(late > 2 * early, $"mean return {early:F1} in the first 1500 steps, {late:F1} in the last 1500");
        Assert.Equal(6000, agent.Steps);
        Assert.Equal(curve.Episodes.Count / 4, agent.Updates);
    }

    [Theory]
    [InlineData(BaselineKind.None, false)]
    [InlineData(BaselineKind.Mean, true)]
    public void ReinforceRunsWithEveryBaseline(BaselineKind baseline, bool rewardToGo)
    {
        var options = new ReinforceOptions { Baseline = baseline, RewardToGo = rewardToGo, EntropyCoef = 0.01, NormalizeAdvantages = true, EpisodesPerUpdate = 2, HiddenSizes = [16] };
        var agent = new Reinforce(4, 2, options, seed: 1);
        agent.Learn(Gym.Make<float[], int>("CartPole-v1"), 300, seed: 1);
        Assert.True(agent.Updates > 0);
        Assert.Null(agent.Value);
    }

    [Fact]
    public void A2cReturnRisesOnCartPole()
    {
        var agent = new A2c(4, 2, new A2cOptions(), seed: 0);
        var curve = agent.Learn(SyncVectorEnv.Make("CartPole-v1", 8), 10_000, seed: 0);
        double early = curve.MeanReturnBetween(0, 2000), late = curve.MeanReturnBetween(8000, 10_000);
        Assert.True(late > 2.5 * early, $"mean return {early:F1} in the first 2000 steps, {late:F1} in the last 2000");
        Assert.Equal(10_000, agent.Steps);
        Assert.Equal(10_000 / 40, agent.Updates);
    }

    [Fact]
    public void A2cWithSharedNetworkAndGaeHandlesTruncatedEpisodes()
    {
        var options = new A2cOptions { NumEnvs = 2, RolloutSteps = 4, SharedNetwork = true, GaeLambda = 0.95, EntropyCoef = 0.01, HiddenSizes = [16], NormalizeAdvantages = true };
        var agent = new A2c(4, 2, options, seed: 2);
        Assert.Equal(["trunk.0.weight", "trunk.0.bias", "policy_head.weight", "policy_head.bias", "value_head.weight", "value_head.bias"],
            agent.Network.StateDict().Keys);
        // A 3-step limit truncates most episodes, so rollouts cross truncations.
        var curve = agent.Learn(SyncVectorEnv.Make("CartPole-v1", 2, maxEpisodeSteps: 3), 80, seed: 2);
        Assert.All(curve.Episodes, e => Assert.True(e.Length <= 3));
        Assert.Equal(10, agent.Updates);
        Assert.Contains("copies", Assert.Throws<ArgumentException>(() => agent.Learn(SyncVectorEnv.Make("CartPole-v1", 3), 10)).Message);
    }
}
