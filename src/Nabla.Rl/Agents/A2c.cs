using Nabla.Autograd;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Rl.Envs;
using Nabla.Rl.Training;

namespace Nabla.Rl.Agents;

/// <summary>
/// Synchronous advantage actor-critic (A2C, Mnih et al. 2016) over a <see cref="SyncVectorEnv"/>: each rollout steps
/// every copy <see cref="A2cOptions.RolloutSteps"/> times with actions sampled from the policy, advantages come from
/// GAE(λ) (λ = 1: n-step returns) bootstrapped from the critic (also through time-limit truncations, via the final
/// observation), and one Adam step minimises policy loss + ValueCoef·critic MSE − EntropyCoef·entropy.
/// </summary>
public sealed class A2c : IPolicy
{
    private readonly Generator _rng;
    private readonly GreedyPolicy _greedy;
    private readonly Tensor[] _parameters;
    private readonly Tensor _input, _finalInput, _batchObservations, _batchActions, _batchAdvantages, _batchReturns;
    private readonly float[] _logits, _stepValues, _rewards, _values, _nextValues, _advantages, _returns;
    private readonly bool[] _terminated, _ends;
    private readonly int[] _actions;

    /// <summary>A fresh agent for <paramref name="observationSize"/>-float observations and <paramref name="actionCount"/> actions.</summary>
    public A2c(int observationSize, int actionCount, A2cOptions? options = null, long seed = 0)
    {
        Options = options ?? new A2cOptions();
        Options.Validate();
        (ObservationSize, ActionCount) = (observationSize, actionCount);
        Network = new ActorCritic(observationSize, actionCount, Options.HiddenSizes, Options.SharedNetwork, Options.Activation, new Generator(seed));
        _parameters = Network.Parameters().ToArray();
        Optimizer = new Adam(_parameters, Options.LearningRate);
        _rng = new Generator(seed ^ 0x5DEECE66DL);
        _greedy = new GreedyPolicy(Network, observationSize, actionCount);
        int n = Options.NumEnvs, batch = n * Options.RolloutSteps;
        using (TensorScope.Suspend())
        {
            _input = Tensor.Zeros([n, observationSize], DType.Float32);
            _finalInput = Tensor.Zeros([n, observationSize], DType.Float32);
            _batchObservations = Tensor.Zeros([batch, observationSize], DType.Float32);
            _batchActions = Tensor.Zeros([batch], DType.Int64);
            _batchAdvantages = Tensor.Zeros([batch], DType.Float32);
            _batchReturns = Tensor.Zeros([batch], DType.Float32);
        }
        _logits = new float[n * actionCount];
        _stepValues = new float[n];
        _actions = new int[n];
        _rewards = new float[batch];
        _values = new float[batch];
        _nextValues = new float[batch];
        _advantages = new float[batch];
        _returns = new float[batch];
        _terminated = new bool[batch];
        _ends = new bool[batch];
    }

    /// <summary>The hyperparameters.</summary>
    public A2cOptions Options { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Number of discrete actions.</summary>
    public int ActionCount { get; }

    /// <summary>The actor and critic.</summary>
    public ActorCritic Network { get; }

    /// <summary>Adam over all of the network's parameters.</summary>
    public Adam Optimizer { get; }

    /// <summary>Environment transitions taken by <see cref="Learn"/> so far (all copies together).</summary>
    public long Steps { get; private set; }

    /// <summary>Updates so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The most probable action.</summary>
    public int Act(ReadOnlySpan<float> observation) => _greedy.Act(observation);

    /// <summary>
    /// Trains until at least <paramref name="steps"/> transitions have been taken (whole rollouts of
    /// NumEnvs × RolloutSteps); <paramref name="envs"/> must have <see cref="A2cOptions.NumEnvs"/> copies and is reset
    /// with <paramref name="seed"/> (copy i with seed + i). Returns the learning curve.
    /// </summary>
    public LearningCurve Learn(SyncVectorEnv envs, long steps, long? seed = null, LearningCurve? curve = null, PeriodicEvaluation? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(envs);
        if (envs.NumEnvs != Options.NumEnvs)
            throw new ArgumentException($"A2c.Learn: the vector environment has {envs.NumEnvs} copies, the options say {Options.NumEnvs}.");
        if (envs.ObservationSize != ObservationSize || envs.SingleActionSpace.N != ActionCount)
            throw new ArgumentException(
                $"A2c.Learn: the environments have {envs.ObservationSize} floats and {envs.SingleActionSpace.N} actions, the agent {ObservationSize} and {ActionCount}.");
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"A2c.Learn: steps must be non-negative, got {steps}.");
        curve ??= new LearningCurve();
        envs.Reset(seed);
        long end = Steps + steps;
        while (Steps < end)
        {
            Rollout(envs, curve, evaluation);
            Update();
        }
        return curve;
    }

    private void Rollout(SyncVectorEnv envs, LearningCurve curve, PeriodicEvaluation? evaluation)
    {
        int n = Options.NumEnvs, size = ObservationSize;
        var obsBuffer = _batchObservations.Data<float>();
        var actionBuffer = _batchActions.Data<long>();
        for (int t = 0; t < Options.RolloutSteps; t++)
        {
            int row = t * n;
            envs.Observations.CopyTo(obsBuffer.Slice(row * size, n * size));
            EvaluateNoGrad(_input, envs.Observations, _stepValues, _logits);
            for (int e = 0; e < n; e++)
            {
                _actions[e] = ActionSelection.SampleFromLogits(_logits.AsSpan(e * ActionCount, ActionCount), _rng);
                actionBuffer[row + e] = _actions[e];
                _values[row + e] = _stepValues[e];
                if (t > 0 && !_ends[row - n + e]) _nextValues[row - n + e] = _stepValues[e];
            }
            var r = envs.Step(_actions);
            Steps += n;
            bool anyTruncated = false;
            for (int e = 0; e < n; e++)
            {
                _rewards[row + e] = (float)r.Rewards[e];
                _terminated[row + e] = r.Terminated[e];
                _ends[row + e] = r.Done(e);
                _nextValues[row + e] = 0;
                anyTruncated |= r.Truncated[e] && !r.Terminated[e];
                if (r.Done(e)) curve.AddEpisode(Steps, r.EpisodeReturns[e], r.EpisodeLengths[e]);
            }
            if (anyTruncated)
            {
                // A truncated episode bootstraps from the value of the final observation it was cut at.
                EvaluateNoGrad(_finalInput, r.FinalObservations, _stepValues, _logits);
                for (int e = 0; e < n; e++)
                    if (r.Truncated[e] && !r.Terminated[e]) _nextValues[row + e] = _stepValues[e];
            }
            evaluation?.MaybeEvaluate(Steps, curve);
        }
        int last = (Options.RolloutSteps - 1) * n;
        EvaluateNoGrad(_input, envs.Observations, _stepValues, _logits);
        for (int e = 0; e < n; e++)
            if (!_ends[last + e]) _nextValues[last + e] = _stepValues[e];
    }

    private void EvaluateNoGrad(Tensor input, ReadOnlySpan<float> observations, Span<float> values, Span<float> logits)
    {
        observations.CopyTo(input.Data<float>());
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var (l, v) = Network.Evaluate(input);
        l.Contiguous().Data<float>().CopyTo(logits);
        v.Contiguous().Data<float>().CopyTo(values);
    }

    private void Update()
    {
        Returns.Gae(_rewards, _values, _nextValues, _terminated, _ends, Options.NumEnvs, Options.Gamma, Options.GaeLambda, _advantages, _returns);
        if (Options.NormalizeAdvantages) PolicyGradient.Normalize(_advantages);
        _advantages.CopyTo(_batchAdvantages.Data<float>());
        _returns.CopyTo(_batchReturns.Data<float>());
        using var scope = TensorScope.Begin();
        var (logits, values) = Network.Evaluate(_batchObservations);
        var loss = PolicyGradient.Loss(logits, _batchActions, _batchAdvantages, Options.EntropyCoef)
            + Options.ValueCoef * Functional.MseLoss(values, _batchReturns);
        Optimizer.ZeroGrad();
        loss.Backward();
        if (Options.MaxGradNorm is double maxNorm) ClipGrad.ClipGradNorm_(_parameters, maxNorm);
        Optimizer.Step();
        Updates++;
    }
}
