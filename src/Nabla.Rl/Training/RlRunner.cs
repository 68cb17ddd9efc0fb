using System.Diagnostics;
using System.Globalization;
using Nabla.Nn;
using Nabla.Rl.Agents;
using Nabla.Rl.Envs;
using Nabla.Rl.Spaces;
using Nabla.Rl.Tabular;

namespace Nabla.Rl.Training;

/// <summary>
/// Trains one agent on one registered environment and evaluates its greedy policy: the engine behind
/// <c>nabla rl</c>. Deep agents take float-vector observations (discrete-state environments are one-hot encoded);
/// q-learning and sarsa need discrete states (CartPole is binned with <see cref="DiscretizedObservation.CartPoleEdges"/>);
/// bc and dagger imitate <see cref="CartPoleExpert"/> and so need CartPole.
/// Environments registered without an episode limit get <see cref="FallbackEpisodeLimit"/> steps.
/// </summary>
public static class RlRunner
{
    /// <summary>The episode limit given to environments registered without one, so that every episode ends.</summary>
    public const int FallbackEpisodeLimit = 1000;

    /// <summary>The agent names <see cref="Run"/> accepts.</summary>
    public static IReadOnlyList<string> Agents { get; } = ["dqn", "reinforce", "a2c", "q-learning", "sarsa", "bc", "dagger"];

    /// <summary>The default budget of <paramref name="agent"/>: environment steps, expert labels (bc, dagger) or episodes (tabular).</summary>
    public static long DefaultSteps(string agent) => agent switch
    {
        "dqn" => 50_000,
        "reinforce" => 200_000,
        "a2c" => 100_000,
        "bc" or "dagger" => 500,
        "q-learning" or "sarsa" => 500,
        _ => throw UnknownAgent(agent),
    };

    /// <summary>
    /// The default checkpoint interval of <paramref name="agent"/> (see <see cref="RlRunOptions.CheckpointInterval"/>):
    /// 2500 steps for dqn, whose final weights on CartPole can fall from 500 to near 100 between two checkpoints, so the
    /// best evaluated weights are what it returns, as Stable-Baselines' EvalCallback keeps them; null (none) for the others.
    /// </summary>
    public static int? DefaultCheckpointInterval(string agent) => agent == "dqn" ? 2500 : null;

    /// <summary>Trains and evaluates as <paramref name="options"/> says; <paramref name="log"/> receives about ten progress lines.</summary>
    public static RlRunResult Run(RlRunOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Agents.Contains(options.Agent)) throw UnknownAgent(options.Agent);
        if (options.EvalEpisodes <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"RlRunner: EvalEpisodes must be positive, got {options.EvalEpisodes}.");
        if (options.Steps is <= 0) throw new ArgumentOutOfRangeException(nameof(options), $"RlRunner: Steps must be positive, got {options.Steps}.");
        if (options.CheckpointInterval is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"RlRunner: CheckpointInterval must be non-negative (0 turns checkpoints off), got {options.CheckpointInterval}.");
        return options.Agent switch
        {
            "q-learning" or "sarsa" => RunTabular(options, log),
            "bc" or "dagger" => RunImitation(options, log),
            _ => RunDeep(options, log),
        };
    }

    private static RlRunResult RunDeep(RlRunOptions o, Action<string>? log)
    {
        if (o.Episodes is not null) throw new ArgumentException($"RlRunner: {o.Agent} counts environment steps; give Steps, not Episodes.");
        long steps = o.Steps ?? DefaultSteps(o.Agent);
        var env = MakeVectorEnv(o.EnvId);
        int size = ((Box)env.ObservationSpace).Size, actions = ActionCount(env);
        var curve = new LearningCurve();
        Attach(curve, steps, log);
        IPolicy policy;
        Module[] kept;
        Func<PeriodicEvaluation?, long> learn;
        IReadOnlyDictionary<string, string> hyper;
        switch (o.Agent)
        {
            case "dqn":
                var dqn = new Dqn(size, actions, o.Dqn, o.Seed);
                (policy, kept, hyper) = (dqn, [dqn.QNetwork], Describe(o.Dqn));
                learn = ev =>
                {
                    dqn.Learn(env, steps, o.Seed, curve, ev);
                    return dqn.Steps;
                };
                break;
            case "reinforce":
                var reinforce = new Reinforce(size, actions, o.Reinforce, o.Seed);
                (policy, kept, hyper) = (reinforce, reinforce.Value is null ? [reinforce.Policy] : [reinforce.Policy, reinforce.Value], Describe(o.Reinforce));
                learn = ev =>
                {
                    reinforce.Learn(env, steps, o.Seed, curve, ev);
                    return reinforce.Steps;
                };
                break;
            default:
                var a2c = new A2c(size, actions, o.A2c, o.Seed);
                var vector = new SyncVectorEnv(Enumerable.Range(0, o.A2c.NumEnvs).Select(_ => MakeVectorEnv(o.EnvId)));
                (policy, kept, hyper) = (a2c, [a2c.Network], Describe(o.A2c));
                learn = ev =>
                {
                    a2c.Learn(vector, steps, o.Seed, curve, ev);
                    return a2c.Steps;
                };
                break;
        }
        int interval = o.CheckpointInterval ?? DefaultCheckpointInterval(o.Agent) ?? 0;
        var checkpoints = interval > 0
            ? new PeriodicEvaluation(MakeVectorEnv(o.EnvId), policy, interval, o.CheckpointEpisodes, keepBest: kept)
            : null;
        hyper = new Dictionary<string, string>(hyper)
        {
            ["checkpoint_every"] = interval > 0 ? Text(interval) : "none",
            ["checkpoint_episodes"] = interval > 0 ? Text(o.CheckpointEpisodes) : "none",
        };
        var clock = Stopwatch.StartNew();
        long taken = learn(checkpoints);
        double seconds = clock.Elapsed.TotalSeconds;
        EvaluationPoint? restored = null;
        if (checkpoints is not null && checkpoints.RestoreBest())
        {
            restored = new EvaluationPoint(checkpoints.BestStep, checkpoints.BestMeanReturn);
            log?.Invoke(Invariant($"restored the weights of step {checkpoints.BestStep} (checkpoint mean return {checkpoints.BestMeanReturn:F1})"));
        }
        var evaluation = Evaluation.Evaluate(MakeVectorEnv(o.EnvId), policy, o.EvalEpisodes, o.Seed + 1_000_000);
        return Result(o, taken, curve, evaluation, seconds, restored, hyper);
    }

    private static RlRunResult RunImitation(RlRunOptions o, Action<string>? log)
    {
        if (o.Episodes is not null) throw new ArgumentException($"RlRunner: {o.Agent} counts expert labels; give Steps, not Episodes.");
        var env = MakeVectorEnv(o.EnvId);
        if (env.Unwrapped is not CartPole)
            throw new ArgumentException($"RlRunner: {o.Agent} imitates the hand-written CartPole expert, so it needs CartPole-v0 or CartPole-v1, not '{o.EnvId}'.");
        int labels = checked((int)(o.Steps ?? DefaultSteps(o.Agent)));
        var expert = new CartPoleExpert();
        var clock = Stopwatch.StartNew();
        var result = o.Agent == "bc"
            ? Imitation.BehavioralCloning(env, expert, labels, o.Imitation, o.Seed, MakeVectorEnv(o.EnvId), o.CheckpointEpisodes)
            : Imitation.DAgger(env, expert, labels, o.Imitation, o.Seed, MakeVectorEnv(o.EnvId), o.CheckpointEpisodes);
        double seconds = clock.Elapsed.TotalSeconds;
        foreach (var e in result.Curve.Evaluations)
            log?.Invoke(Invariant($"labels {e.Step,6}  greedy mean return {e.MeanReturn:F1} over {o.CheckpointEpisodes} episodes"));
        var evaluation = Evaluation.Evaluate(MakeVectorEnv(o.EnvId), result.Policy, o.EvalEpisodes, o.Seed + 1_000_000);
        var hyper = new Dictionary<string, string>
        {
            ["expert"] = "CartPoleExpert gains " + string.Join(",", expert.Gains.Select(g => g.ToString(CultureInfo.InvariantCulture))),
            ["hidden"] = Join(o.Imitation.HiddenSizes),
            ["lr"] = Text(o.Imitation.LearningRate),
            ["batch_size"] = Text(o.Imitation.BatchSize),
            ["train_steps"] = Text(o.Imitation.TrainSteps),
        };
        if (o.Agent == "dagger") hyper["rounds"] = Text(o.Imitation.DaggerRounds);
        return Result(o, labels, result.Curve, evaluation, seconds, null, hyper);
    }

    private static RlRunResult RunTabular(RlRunOptions o, Action<string>? log)
    {
        if (o.Steps is not null) throw new ArgumentException($"RlRunner: {o.Agent} counts episodes; give Episodes, not Steps.");
        if (o.CheckpointInterval is > 0) throw new ArgumentException($"RlRunner: checkpoints are for the deep agents, not {o.Agent}.");
        var env = MakeTabularEnv(o.EnvId, o.Agent);
        var tabular = o.Tabular with { Episodes = o.Episodes ?? (int)DefaultSteps(o.Agent), Seed = o.Seed };
        var clock = Stopwatch.StartNew();
        var result = o.Agent == "sarsa" ? TdControl.Sarsa(env, tabular) : TdControl.QLearning(env, tabular);
        double seconds = clock.Elapsed.TotalSeconds;
        var curve = new LearningCurve();
        long step = 0;
        for (int e = 0; e < result.EpisodeReturns.Length; e++)
        {
            step += result.EpisodeLengths[e];
            curve.AddEpisode(step, result.EpisodeReturns[e], result.EpisodeLengths[e]);
            if ((e + 1) % Math.Max(1, result.EpisodeReturns.Length / 10) == 0)
                log?.Invoke(Invariant($"episode {e + 1,6}  step {step,8}  mean return (last 20) {curve.RecentMeanReturn():F2}"));
        }
        var greedy = result.GreedyPolicy;
        int start = ((Discrete)env.ObservationSpace).Start;
        var evaluation = Evaluation.Evaluate(MakeTabularEnv(o.EnvId, o.Agent), s => greedy[s - start], o.EvalEpisodes, o.Seed + 1_000_000);
        var hyper = new Dictionary<string, string>
        {
            ["episodes"] = Text(tabular.Episodes),
            ["alpha"] = Text(tabular.Alpha),
            ["gamma"] = Text(tabular.Gamma),
            ["epsilon"] = Text(tabular.Epsilon.At(0)) + " at episode 0, " + Text(tabular.Epsilon.At(tabular.Episodes - 1)) + " at the last",
            ["initial_value"] = Text(tabular.InitialValue),
        };
        if (env is DiscretizedObservation bins) hyper["bins"] = string.Join("x", bins.BinCounts.Select(b => b.ToString(CultureInfo.InvariantCulture)));
        return Result(o, step, curve, evaluation, seconds, null, hyper);
    }

    /// <summary>
    /// Builds <paramref name="id"/> with float-vector observations: Box environments as they are, discrete-state ones
    /// one-hot encoded; environments registered without an episode limit get <see cref="FallbackEpisodeLimit"/>.
    /// </summary>
    public static Env<float[], int> MakeVectorEnv(string id)
    {
        var env = Gym.Make(id, maxEpisodeSteps: Gym.Spec(id).MaxEpisodeSteps ?? FallbackEpisodeLimit);
        return env switch
        {
            Env<float[], int> v when v.ObservationSpace is Box && v.ActionSpace is Discrete => v,
            Env<int, int> d => new OneHotObservation(d),
            _ => throw new ArgumentException($"RlRunner: '{id}' has observations {env.ObservationSpace} and actions {env.ActionSpace}; the agents need a Box or Discrete observation space and Discrete actions."),
        };
    }

    /// <summary>
    /// <paramref name="id"/> with discrete states for the tabular learners: discrete environments as they are, CartPole
    /// through <see cref="DiscretizedObservation.CartPoleEdges"/> (768 states); others cannot be tabulated.
    /// </summary>
    private static Env<int, int> MakeTabularEnv(string id, string agent)
    {
        var env = Gym.Make(id, maxEpisodeSteps: Gym.Spec(id).MaxEpisodeSteps ?? FallbackEpisodeLimit);
        return env switch
        {
            Env<int, int> d => d,
            Env<float[], int> v when v.Unwrapped is CartPole => new DiscretizedObservation(v, DiscretizedObservation.CartPoleEdges),
            _ => throw new ArgumentException(
                $"RlRunner: {agent} is tabular and needs discrete states; '{id}' has observations {env.ObservationSpace} and no discretization preset (CartPole has one)."),
        };
    }

    private static int ActionCount(Env<float[], int> env) => env.ActionSpace is Discrete { Start: 0 } d
        ? d.N
        : throw new ArgumentException($"RlRunner: action space {env.ActionSpace} must be Discrete starting at 0.");

    private static void Attach(LearningCurve curve, long steps, Action<string>? log)
    {
        if (log is null) return;
        long next = Math.Max(1, steps / 10);
        var clock = Stopwatch.StartNew();
        curve.EpisodeFinished += e =>
        {
            if (e.Step < next) return;
            while (next <= e.Step) next += Math.Max(1, steps / 10);
            string eval = curve.Evaluations.Count > 0 ? Invariant($"  last checkpoint eval {curve.Evaluations[^1].MeanReturn:F1}") : "";
            log(Invariant($"step {e.Step,8}/{steps}  episodes {curve.Episodes.Count,6}  mean return (last 20) {curve.RecentMeanReturn(),7:F1}{eval}  {clock.Elapsed.TotalSeconds,6:F1} s"));
        };
    }

    private static RlRunResult Result(RlRunOptions o, long steps, LearningCurve curve, EvaluationResult evaluation, double seconds,
        EvaluationPoint? restored, IReadOnlyDictionary<string, string> hyper) => new()
    {
        EnvId = o.EnvId,
        Agent = o.Agent,
        Seed = o.Seed,
        Steps = steps,
        Curve = curve,
        Evaluation = evaluation,
        TrainSeconds = seconds,
        RestoredCheckpoint = restored,
        Hyperparameters = hyper,
    };

    private static Dictionary<string, string> Describe(DqnOptions d) => new()
    {
        ["hidden"] = Join(d.HiddenSizes),
        ["lr"] = Text(d.LearningRate),
        ["gamma"] = Text(d.Gamma),
        ["batch_size"] = Text(d.BatchSize),
        ["buffer_capacity"] = Text(d.BufferCapacity),
        ["learning_starts"] = Text(d.LearningStarts),
        ["train_frequency"] = Text(d.TrainFrequency),
        ["gradient_steps"] = Text(d.GradientSteps),
        ["target_update_interval"] = Text(d.TargetUpdateInterval),
        ["epsilon"] = $"{Text(d.EpsilonStart)} to {Text(d.EpsilonEnd)} over {Text(d.EpsilonDecaySteps)} steps",
        ["double_dqn"] = d.DoubleDqn ? "true" : "false",
        ["loss"] = d.Loss == DqnLoss.Huber ? "huber" : "mse",
        ["max_grad_norm"] = d.MaxGradNorm is double m ? Text(m) : "none",
    };

    private static Dictionary<string, string> Describe(ReinforceOptions r) => new()
    {
        ["hidden"] = Join(r.HiddenSizes),
        ["activation"] = r.Activation.ToString().ToLowerInvariant(),
        ["lr"] = Text(r.LearningRate),
        ["value_lr"] = Text(r.ValueLearningRate),
        ["gamma"] = Text(r.Gamma),
        ["reward_to_go"] = r.RewardToGo ? "true" : "false",
        ["baseline"] = r.Baseline.ToString().ToLowerInvariant(),
        ["normalize_advantages"] = r.NormalizeAdvantages ? "true" : "false",
        ["entropy_coef"] = Text(r.EntropyCoef),
        ["episodes_per_update"] = Text(r.EpisodesPerUpdate),
    };

    private static Dictionary<string, string> Describe(A2cOptions a) => new()
    {
        ["num_envs"] = Text(a.NumEnvs),
        ["rollout_steps"] = Text(a.RolloutSteps),
        ["gamma"] = Text(a.Gamma),
        ["gae_lambda"] = Text(a.GaeLambda),
        ["lr"] = Text(a.LearningRate),
        ["value_coef"] = Text(a.ValueCoef),
        ["entropy_coef"] = Text(a.EntropyCoef),
        ["max_grad_norm"] = a.MaxGradNorm is double m ? Text(m) : "none",
        ["hidden"] = Join(a.HiddenSizes),
        ["activation"] = a.Activation.ToString().ToLowerInvariant(),
        ["shared_network"] = a.SharedNetwork ? "true" : "false",
        ["normalize_advantages"] = a.NormalizeAdvantages ? "true" : "false",
    };

    private static string Join(IReadOnlyList<int> sizes) => string.Join(",", sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static ArgumentException UnknownAgent(string agent) =>
        new($"RlRunner: unknown agent '{agent}'; known: {string.Join(", ", Agents)}.");
}
