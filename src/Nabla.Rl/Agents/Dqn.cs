using Nabla.Autograd;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Rl.Envs;
using Nabla.Rl.Training;

namespace Nabla.Rl.Agents;

/// <summary>
/// Deep Q-network (Mnih et al. 2015) for float-vector observations and discrete actions: an online Q-network trained
/// by Adam on minibatches from a <see cref="ReplayBuffer"/> towards targets r + γ(1 − done)·max Q_target(s′, ·)
/// (or the Double DQN target), a target network copied from the online one every
/// <see cref="DqnOptions.TargetUpdateInterval"/> steps, ε-greedy exploration on a linear <see cref="Schedule"/>, Huber
/// or squared loss and optional gradient-norm clipping. For frame stacking, wrap the environment in
/// <see cref="FrameStack"/>. All randomness (weights, exploration, replay sampling) comes from the seed.
/// </summary>
public sealed class Dqn : IPolicy
{
    private readonly Generator _rng;
    private readonly NetworkRunner _runner;
    private readonly Tensor[] _parameters;
    private readonly Tensor _batchObservations, _batchNextObservations, _batchActions, _batchTargets;
    private readonly float[] _rewards, _terminated, _nextTargetQ, _nextOnlineQ, _q;
    private readonly int[] _indices;

    /// <summary>A fresh agent for <paramref name="observationSize"/>-float observations and <paramref name="actionCount"/> actions.</summary>
    public Dqn(int observationSize, int actionCount, DqnOptions? options = null, long seed = 0)
    {
        Options = options ?? new DqnOptions();
        Options.Validate();
        if (actionCount <= 0) throw new ArgumentOutOfRangeException(nameof(actionCount), $"Dqn: actionCount must be positive, got {actionCount}.");
        (ObservationSize, ActionCount) = (observationSize, actionCount);
        var init = new Generator(seed);
        QNetwork = Mlp.Create(observationSize, Options.HiddenSizes, actionCount, init);
        TargetNetwork = Mlp.Create(observationSize, Options.HiddenSizes, actionCount, init);
        TargetNetwork.LoadStateDict(QNetwork.StateDict());
        TargetNetwork.Freeze();
        _parameters = QNetwork.Parameters().ToArray();
        Optimizer = new Adam(_parameters, Options.LearningRate);
        Buffer = new ReplayBuffer(Options.BufferCapacity, observationSize);
        Epsilon = Options.EpsilonDecaySteps > 0
            ? Schedule.Linear(Options.EpsilonStart, Options.EpsilonEnd, Options.EpsilonDecaySteps)
            : Schedule.Constant(Options.EpsilonEnd);
        _rng = new Generator(seed ^ 0x5DEECE66DL);
        _runner = new NetworkRunner(QNetwork, observationSize, actionCount);
        int b = Options.BatchSize;
        using (TensorScope.Suspend())
        {
            _batchObservations = Tensor.Zeros([b, observationSize], DType.Float32);
            _batchNextObservations = Tensor.Zeros([b, observationSize], DType.Float32);
            _batchActions = Tensor.Zeros([b, 1], DType.Int64);
            _batchTargets = Tensor.Zeros([b], DType.Float32);
        }
        _rewards = new float[b];
        _terminated = new float[b];
        _nextTargetQ = new float[b * actionCount];
        _nextOnlineQ = Options.DoubleDqn ? new float[b * actionCount] : [];
        _q = new float[actionCount];
        _indices = new int[b];
    }

    /// <summary>The hyperparameters.</summary>
    public DqnOptions Options { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Number of discrete actions.</summary>
    public int ActionCount { get; }

    /// <summary>The online Q-network, (N, ObservationSize) → (N, ActionCount).</summary>
    public Sequential QNetwork { get; }

    /// <summary>The target network: a frozen copy of <see cref="QNetwork"/> refreshed by <see cref="SyncTarget"/>.</summary>
    public Sequential TargetNetwork { get; }

    /// <summary>Adam over the online network's parameters.</summary>
    public Adam Optimizer { get; }

    /// <summary>The replay buffer.</summary>
    public ReplayBuffer Buffer { get; }

    /// <summary>ε as a function of the environment step: linear from EpsilonStart to EpsilonEnd over EpsilonDecaySteps, then constant.</summary>
    public Schedule Epsilon { get; }

    /// <summary>Environment steps taken by <see cref="Learn"/> so far (drives ε and the target sync).</summary>
    public long Steps { get; private set; }

    /// <summary>Gradient steps taken so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The loss of the last gradient step (NaN before the first).</summary>
    public double LastLoss { get; private set; } = double.NaN;

    /// <summary>The greedy action argmax_a Q(observation, a).</summary>
    public int Act(ReadOnlySpan<float> observation)
    {
        _runner.Run(observation, _q);
        return ActionSelection.Argmax(_q);
    }

    /// <summary>
    /// With probability <paramref name="epsilon"/> a uniformly random action, otherwise the greedy one. One uniform draw is
    /// always made, so the stream of draws does not depend on the network.
    /// </summary>
    public int ActEpsilonGreedy(ReadOnlySpan<float> observation, double epsilon)
    {
        if (_rng.NextDouble() < epsilon) return (int)_rng.NextInt64(0, ActionCount);
        return Act(observation);
    }

    /// <summary>Copies the online network's weights into the target network.</summary>
    public void SyncTarget() => TargetNetwork.LoadStateDict(QNetwork.StateDict());

    /// <summary>
    /// One gradient step on a minibatch sampled from the buffer (which must hold at least one transition): targets from
    /// the target network without gradients, then loss on Q(s, a), backward, optional clipping, Adam. Returns the loss.
    /// </summary>
    public double TrainStep()
    {
        Buffer.SampleIndices(_indices, _rng);
        Buffer.Gather(_indices, _batchObservations.Data<float>(), _batchActions.Data<long>(), _rewards,
            _batchNextObservations.Data<float>(), _terminated);
        using var scope = TensorScope.Begin();
        using (GradMode.NoGrad())
        {
            TargetNetwork.Forward(_batchNextObservations).Contiguous().Data<float>().CopyTo(_nextTargetQ);
            if (Options.DoubleDqn) QNetwork.Forward(_batchNextObservations).Contiguous().Data<float>().CopyTo(_nextOnlineQ);
        }
        DqnTargets.Compute(_rewards, _terminated, _nextTargetQ, _nextOnlineQ, ActionCount, Options.Gamma, _batchTargets.Data<float>());
        var q = QNetwork.Forward(_batchObservations).Gather(1, _batchActions).Squeeze(1);
        var loss = Options.Loss == DqnLoss.Huber ? Functional.HuberLoss(q, _batchTargets) : Functional.MseLoss(q, _batchTargets);
        Optimizer.ZeroGrad();
        loss.Backward();
        if (Options.MaxGradNorm is double maxNorm) ClipGrad.ClipGradNorm_(_parameters, maxNorm);
        Optimizer.Step();
        Updates++;
        return LastLoss = loss.Item();
    }

    /// <summary>
    /// Trains for <paramref name="steps"/> environment steps on <paramref name="env"/>: ε-greedy action, store the
    /// transition (truncations bootstrap, terminations do not), <see cref="DqnOptions.GradientSteps"/> calls of
    /// <see cref="TrainStep"/> every <see cref="DqnOptions.TrainFrequency"/> steps once
    /// <see cref="DqnOptions.LearningStarts"/> transitions are stored, then target sync every
    /// <see cref="DqnOptions.TargetUpdateInterval"/> steps. The first reset uses
    /// <paramref name="seed"/>. Finished episodes go to <paramref name="curve"/> (a new one when null), which is returned;
    /// <paramref name="evaluation"/>, when given, runs on its schedule.
    /// </summary>
    public LearningCurve Learn(Env<float[], int> env, long steps, long? seed = null, LearningCurve? curve = null, PeriodicEvaluation? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"Dqn.Learn: steps must be non-negative, got {steps}.");
        curve ??= new LearningCurve();
        var obs = env.Reset(seed).Observation;
        double episodeReturn = 0;
        int episodeLength = 0;
        for (long t = 0; t < steps; t++)
        {
            int action = ActEpsilonGreedy(obs, Epsilon.At(Steps));
            var (next, reward, terminated, truncated, _) = env.Step(action);
            Buffer.Add(obs, action, (float)reward, next, terminated);
            Steps++;
            episodeReturn += reward;
            episodeLength++;
            if (Buffer.Count >= Options.LearningStarts && Steps % Options.TrainFrequency == 0)
                for (int g = 0; g < Options.GradientSteps; g++) TrainStep();
            if (Steps % Options.TargetUpdateInterval == 0) SyncTarget();
            if (terminated || truncated)
            {
                curve.AddEpisode(Steps, episodeReturn, episodeLength);
                (episodeReturn, episodeLength) = (0, 0);
                obs = env.Reset().Observation;
            }
            else
            {
                obs = next;
            }
            evaluation?.MaybeEvaluate(Steps, curve);
        }
        return curve;
    }
}
