using Nabla.Nn;
using Nabla.Optim;
using Nabla.Rl.Envs;
using Nabla.Rl.Training;

namespace Nabla.Rl.Agents;

/// <summary>
/// REINFORCE (Williams 1992) with a softmax policy network: sample whole episodes, weight each log π(aₜ|sₜ) by its
/// discounted reward-to-go (or the whole return) minus a baseline (none, the batch mean, or a learned V(s)), add an
/// optional entropy bonus, and take one Adam step per <see cref="ReinforceOptions.EpisodesPerUpdate"/> episodes.
/// Episodes cut by a time limit are treated as ended (Monte Carlo returns do not bootstrap).
/// </summary>
public sealed class Reinforce : IPolicy
{
    private readonly Generator _rng;
    private readonly NetworkRunner _runner;
    private readonly float[] _logits;
    private readonly List<float> _observations = [];
    private readonly List<long> _actions = [];
    private readonly List<float> _returns = [];
    private readonly List<double> _episodeRewards = [];

    /// <summary>A fresh agent for <paramref name="observationSize"/>-float observations and <paramref name="actionCount"/> actions.</summary>
    public Reinforce(int observationSize, int actionCount, ReinforceOptions? options = null, long seed = 0)
    {
        Options = options ?? new ReinforceOptions();
        Options.Validate();
        (ObservationSize, ActionCount) = (observationSize, actionCount);
        var init = new Generator(seed);
        Policy = Mlp.Create(observationSize, Options.HiddenSizes, actionCount, init, Options.Activation);
        Optimizer = new Adam(Policy.Parameters(), Options.LearningRate);
        if (Options.Baseline == BaselineKind.Learned)
        {
            Value = Mlp.Create(observationSize, Options.HiddenSizes, 1, init, Options.Activation);
            ValueOptimizer = new Adam(Value.Parameters(), Options.ValueLearningRate);
        }
        _rng = new Generator(seed ^ 0x5DEECE66DL);
        _runner = new NetworkRunner(Policy, observationSize, actionCount);
        _logits = new float[actionCount];
    }

    /// <summary>The hyperparameters.</summary>
    public ReinforceOptions Options { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Number of discrete actions.</summary>
    public int ActionCount { get; }

    /// <summary>The policy network, (N, ObservationSize) → action logits (N, ActionCount).</summary>
    public Sequential Policy { get; }

    /// <summary>The learned baseline V(s), (N, ObservationSize) → (N, 1); null unless <see cref="BaselineKind.Learned"/>.</summary>
    public Sequential? Value { get; }

    /// <summary>Adam over the policy's parameters.</summary>
    public Adam Optimizer { get; }

    /// <summary>Adam over the baseline's parameters; null without a learned baseline.</summary>
    public Adam? ValueOptimizer { get; }

    /// <summary>Environment steps taken by <see cref="Learn"/> so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Policy updates so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The most probable action.</summary>
    public int Act(ReadOnlySpan<float> observation)
    {
        _runner.Run(observation, _logits);
        return ActionSelection.Argmax(_logits);
    }

    /// <summary>An action sampled from π(·|observation).</summary>
    public int Sample(ReadOnlySpan<float> observation)
    {
        _runner.Run(observation, _logits);
        return ActionSelection.SampleFromLogits(_logits, _rng);
    }

    /// <summary>
    /// Trains for <paramref name="steps"/> environment steps, updating after every
    /// <see cref="ReinforceOptions.EpisodesPerUpdate"/> complete episodes; a last partial batch of episodes is dropped.
    /// The first reset uses <paramref name="seed"/>. Returns the learning curve (finished episodes and evaluations).
    /// </summary>
    public LearningCurve Learn(Env<float[], int> env, long steps, long? seed = null, LearningCurve? curve = null, PeriodicEvaluation? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"Reinforce.Learn: steps must be non-negative, got {steps}.");
        curve ??= new LearningCurve();
        ClearBatch();
        int episodesInBatch = 0;
        var obs = env.Reset(seed).Observation;
        for (long t = 0; t < steps; t++)
        {
            int action = Sample(obs);
            var (next, reward, terminated, truncated, _) = env.Step(action);
            _observations.AddRange(obs);
            _actions.Add(action);
            _episodeRewards.Add(reward);
            Steps++;
            if (terminated || truncated)
            {
                curve.AddEpisode(Steps, _episodeRewards.Sum(), _episodeRewards.Count);
                EndEpisode();
                if (++episodesInBatch == Options.EpisodesPerUpdate)
                {
                    Update();
                    episodesInBatch = 0;
                }
                obs = env.Reset().Observation;
            }
            else
            {
                obs = next;
            }
            evaluation?.MaybeEvaluate(Steps, curve);
        }
        ClearBatch();
        return curve;
    }

    private void EndEpisode()
    {
        var rewards = _episodeRewards.ToArray();
        var g = Returns.RewardToGo(rewards, Options.Gamma);
        foreach (double r in g) _returns.Add((float)(Options.RewardToGo ? r : g[0]));
        _episodeRewards.Clear();
    }

    private void ClearBatch()
    {
        _observations.Clear();
        _actions.Clear();
        _returns.Clear();
        _episodeRewards.Clear();
    }

    /// <summary>One policy-gradient step (and one baseline step) on the batch of finished episodes.</summary>
    private void Update()
    {
        int n = _actions.Count;
        using var scope = TensorScope.Begin();
        var obs = Tensor.FromArray(_observations.ToArray(), n, ObservationSize);
        var actions = Tensor.FromArray(_actions.ToArray(), n);
        var returns = _returns.ToArray();
        var advantages = new float[n];
        switch (Options.Baseline)
        {
            case BaselineKind.None:
                returns.CopyTo(advantages, 0);
                break;
            case BaselineKind.Mean:
                PolicyGradient.MeanBaseline(returns, advantages);
                break;
            case BaselineKind.Learned:
                var values = Value!.Forward(obs).Squeeze(1);
                var valueData = values.Detach().Contiguous().ToArray<float>();
                for (int i = 0; i < n; i++) advantages[i] = returns[i] - valueData[i];
                var valueLoss = Functional.MseLoss(values, Tensor.FromArray(returns));
                ValueOptimizer!.ZeroGrad();
                valueLoss.Backward();
                ValueOptimizer.Step();
                break;
        }
        if (Options.NormalizeAdvantages) PolicyGradient.Normalize(advantages);
        var loss = PolicyGradient.Loss(Policy.Forward(obs), actions, Tensor.FromArray(advantages), Options.EntropyCoef);
        Optimizer.ZeroGrad();
        loss.Backward();
        Optimizer.Step();
        Updates++;
        ClearBatch();
    }
}
