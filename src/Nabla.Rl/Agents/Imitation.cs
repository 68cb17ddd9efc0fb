using Nabla.Nn;
using Nabla.Optim;
using Nabla.Rl.Envs;
using Nabla.Rl.Training;

namespace Nabla.Rl.Agents;

/// <summary>What <see cref="Imitation.BehavioralCloning"/> and <see cref="Imitation.DAgger"/> produce.</summary>
/// <param name="Policy">The trained classifier, acting greedily.</param>
/// <param name="Data">Every labelled pair used for the final training.</param>
/// <param name="LabelsPerRound">Expert labels added in each round (one round for behavioural cloning).</param>
/// <param name="Curve">Episodes of the rollouts that gathered the data, and the greedy evaluation after each round (Step = labels so far).</param>
public sealed record ImitationResult(GreedyPolicy Policy, Demonstrations Data, IReadOnlyList<int> LabelsPerRound, LearningCurve Curve);

/// <summary>
/// Imitation learning from an expert policy with a budget of expert labels. Behavioural cloning labels the states the
/// expert itself visits and fits a classifier to them; its errors compound, because the learner drifts to states
/// the expert never showed it. DAgger (Ross, Gordon and Bagnell 2011) spends the same budget over rounds: after a
/// first round of expert states, it rolls out the current learner, asks the expert to label the states the learner
/// visited, aggregates everything and retrains, so the data covers the learner's own mistakes.
/// </summary>
public static class Imitation
{
    /// <summary>
    /// Runs <paramref name="behaviour"/> on <paramref name="env"/> for <paramref name="labels"/> steps (starting a new
    /// episode whenever one ends, and stopping mid-episode when the budget is spent), adding each visited observation
    /// with <paramref name="expert"/>'s action to <paramref name="data"/>. A non-null <paramref name="seed"/> reseeds
    /// the first reset. Finished episodes go to <paramref name="curve"/> with Step counted from <paramref name="stepOffset"/>.
    /// </summary>
    public static void Collect(Env<float[], int> env, IPolicy behaviour, IPolicy expert, int labels, Demonstrations data, long? seed = null,
        LearningCurve? curve = null, long stepOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(expert);
        ArgumentNullException.ThrowIfNull(data);
        if (labels < 0) throw new ArgumentOutOfRangeException(nameof(labels), $"Imitation.Collect: labels must be non-negative, got {labels}.");
        if (labels == 0) return;
        var obs = env.Reset(seed).Observation;
        double episodeReturn = 0;
        int length = 0;
        for (int i = 0; i < labels; i++)
        {
            data.Add(obs, expert.Act(obs));
            var (next, reward, terminated, truncated, _) = env.Step(behaviour.Act(obs));
            episodeReturn += reward;
            length++;
            if (terminated || truncated)
            {
                curve?.AddEpisode(stepOffset + i + 1, episodeReturn, length);
                (episodeReturn, length) = (0, 0);
                if (i + 1 < labels) obs = env.Reset().Observation;
            }
            else
            {
                obs = next;
            }
        }
    }

    /// <summary>
    /// Fits a fresh MLP classifier (cross-entropy, Adam, <see cref="ImitationOptions.TrainSteps"/> minibatch steps
    /// drawn with replacement) to <paramref name="data"/> and returns its greedy policy.
    /// </summary>
    public static GreedyPolicy TrainClassifier(Demonstrations data, int actionCount, ImitationOptions? options = null, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ImitationOptions();
        options.Validate();
        if (data.Count == 0) throw new ArgumentException("Imitation.TrainClassifier: no demonstrations.");
        int n = data.Count, size = data.ObservationSize, batch = Math.Min(options.BatchSize, n);
        var net = Mlp.Create(size, options.HiddenSizes, actionCount, new Generator(seed));
        var optimizer = new Adam(net.Parameters(), options.LearningRate);
        var observations = data.Observations();
        var actions = data.Actions();
        foreach (long a in actions)
            if (a < 0 || a >= actionCount)
                throw new ArgumentException($"Imitation.TrainClassifier: label {a} is not an action in [0, {actionCount}).");
        var rng = new Generator(seed ^ 0x5DEECE66DL);
        using var scope = TensorScope.Begin();
        var x = Tensor.Zeros([batch, size], DType.Float32);
        var y = Tensor.Zeros([batch], DType.Int64);
        for (int step = 0; step < options.TrainSteps; step++)
        {
            var xs = x.Data<float>();
            var ys = y.Data<long>();
            for (int i = 0; i < batch; i++)
            {
                int j = (int)rng.NextInt64(0, n);
                observations.AsSpan(j * size, size).CopyTo(xs.Slice(i * size, size));
                ys[i] = actions[j];
            }
            using var stepScope = TensorScope.Begin();
            var loss = Functional.CrossEntropy(net.Forward(x), y);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
        }
        return new GreedyPolicy(net, size, actionCount);
    }

    /// <summary>
    /// Behavioural cloning with <paramref name="labels"/> expert labels: the expert's own rollouts (first reset seeded
    /// with <paramref name="seed"/>), then one classifier fit. The curve's single evaluation point is the learner's
    /// greedy mean return over <paramref name="evaluationEpisodes"/> episodes on <paramref name="evaluationEnv"/> (skipped when null).
    /// </summary>
    public static ImitationResult BehavioralCloning(Env<float[], int> env, IPolicy expert, int labels, ImitationOptions? options = null, long seed = 0,
        Env<float[], int>? evaluationEnv = null, int evaluationEpisodes = 10)
    {
        ArgumentNullException.ThrowIfNull(env);
        options ??= new ImitationOptions();
        options.Validate();
        if (labels <= 0) throw new ArgumentOutOfRangeException(nameof(labels), $"Imitation.BehavioralCloning: labels must be positive, got {labels}.");
        var data = new Demonstrations(ObservationSize(env));
        var curve = new LearningCurve();
        Collect(env, expert, expert, labels, data, seed, curve);
        var policy = TrainClassifier(data, ActionCount(env), options, seed);
        if (evaluationEnv is not null) curve.AddEvaluation(labels, Evaluation.Evaluate(evaluationEnv, policy, evaluationEpisodes, seed + 1_000_000).Mean);
        return new ImitationResult(policy, data, [labels], curve);
    }

    /// <summary>
    /// DAgger with <paramref name="labels"/> expert labels split evenly over <see cref="ImitationOptions.DaggerRounds"/>
    /// rounds (the remainder in the last): round 0 labels expert rollouts; each later round rolls out the classifier
    /// trained on everything so far and labels the states it visits; the classifier is retrained from scratch on the
    /// aggregate after every round. The curve records the rollouts' episodes and, when <paramref name="evaluationEnv"/>
    /// is given, the greedy mean return after each round.
    /// </summary>
    public static ImitationResult DAgger(Env<float[], int> env, IPolicy expert, int labels, ImitationOptions? options = null, long seed = 0,
        Env<float[], int>? evaluationEnv = null, int evaluationEpisodes = 10)
    {
        ArgumentNullException.ThrowIfNull(env);
        options ??= new ImitationOptions();
        options.Validate();
        int rounds = options.DaggerRounds;
        if (labels < rounds)
            throw new ArgumentOutOfRangeException(nameof(labels), $"Imitation.DAgger: labels ({labels}) must be at least the number of rounds ({rounds}).");
        var data = new Demonstrations(ObservationSize(env));
        var curve = new LearningCurve();
        var perRound = new int[rounds];
        GreedyPolicy? policy = null;
        int used = 0;
        for (int r = 0; r < rounds; r++)
        {
            perRound[r] = r == rounds - 1 ? labels - used : labels / rounds;
            Collect(env, policy ?? expert, expert, perRound[r], data, r == 0 ? seed : null, curve, used);
            used += perRound[r];
            policy = TrainClassifier(data, ActionCount(env), options, seed + r);
            if (evaluationEnv is not null)
                curve.AddEvaluation(used, Evaluation.Evaluate(evaluationEnv, policy, evaluationEpisodes, seed + 1_000_000 + r * evaluationEpisodes).Mean);
        }
        return new ImitationResult(policy!, data, perRound, curve);
    }

    private static int ObservationSize(Env<float[], int> env) => env.ObservationSpace is Spaces.Box box
        ? box.Size
        : throw new ArgumentException($"Imitation: observation space {env.ObservationSpace} is not a Box.");

    private static int ActionCount(Env<float[], int> env) => env.ActionSpace is Spaces.Discrete d
        ? d.N
        : throw new ArgumentException($"Imitation: action space {env.ActionSpace} is not Discrete.");
}
