using Nabla.Nn;
using Nabla.Rl.Agents;
using Nabla.Rl.Envs;

namespace Nabla.Rl.Training;

/// <summary>
/// Greedy evaluation every <see cref="Interval"/> environment steps during training, recorded on the learning curve.
/// With modules to keep, it also snapshots their weights whenever the evaluation is the best so far (ties go to the
/// later one), and <see cref="RestoreBest"/> loads that snapshot back: the usual "best model" checkpointing of
/// unstable value-based training. Its episodes run on its own environment, so training episodes are not disturbed.
/// </summary>
public sealed class PeriodicEvaluation
{
    private readonly Env<float[], int> _env;
    private readonly IPolicy _policy;
    private readonly Module[] _modules;
    private OrderedDictionary<string, Tensor>[]? _best;
    private long _nextStep;
    private long _seed;

    /// <summary>
    /// Evaluates <paramref name="policy"/> on <paramref name="env"/> for <paramref name="episodes"/> episodes every
    /// <paramref name="interval"/> steps, and keeps the best weights of <paramref name="keepBest"/> (none when empty).
    /// </summary>
    public PeriodicEvaluation(Env<float[], int> env, IPolicy policy, int interval, int episodes = 10, long seed = 2_000_000,
        IEnumerable<Module>? keepBest = null)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        if (interval <= 0) throw new ArgumentOutOfRangeException(nameof(interval), $"PeriodicEvaluation: interval must be positive, got {interval}.");
        if (episodes <= 0) throw new ArgumentOutOfRangeException(nameof(episodes), $"PeriodicEvaluation: episodes must be positive, got {episodes}.");
        (Interval, Episodes, _seed, _nextStep) = (interval, episodes, seed, interval);
        _modules = keepBest?.ToArray() ?? [];
    }

    /// <summary>Environment steps between evaluations.</summary>
    public int Interval { get; }

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; }

    /// <summary>The best mean return so far (−∞ before the first evaluation).</summary>
    public double BestMeanReturn { get; private set; } = double.NegativeInfinity;

    /// <summary>The step of the best evaluation (0 before the first).</summary>
    public long BestStep { get; private set; }

    /// <summary>Runs an evaluation when <paramref name="step"/> has reached the next multiple of <see cref="Interval"/>; returns whether it did.</summary>
    public bool MaybeEvaluate(long step, LearningCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (step < _nextStep) return false;
        while (_nextStep <= step) _nextStep += Interval;
        // Each evaluation draws fresh start states, so a lucky set of starts cannot be selected twice.
        double mean = Evaluation.Evaluate(_env, _policy, Episodes, _seed).Mean;
        _seed += Episodes;
        curve.AddEvaluation(step, mean);
        if (mean >= BestMeanReturn)
        {
            BestMeanReturn = mean;
            BestStep = step;
            if (_modules.Length > 0) Snapshot();
        }
        return true;
    }

    /// <summary>Loads the best snapshot into the kept modules; false when there is none.</summary>
    public bool RestoreBest()
    {
        if (_best is null) return false;
        for (int i = 0; i < _modules.Length; i++) _modules[i].LoadStateDict(_best[i]);
        return true;
    }

    private void Snapshot()
    {
        using var _ = TensorScope.Suspend();
        if (_best is null)
        {
            _best = new OrderedDictionary<string, Tensor>[_modules.Length];
            for (int i = 0; i < _modules.Length; i++)
            {
                _best[i] = new OrderedDictionary<string, Tensor>();
                foreach (var (name, t) in _modules[i].StateDict()) _best[i][name] = t.Detach().Clone();
            }
            return;
        }
        for (int i = 0; i < _modules.Length; i++)
            foreach (var (name, t) in _modules[i].StateDict())
                using (Autograd.GradMode.NoGrad()) _best[i][name].CopyFrom_(t);
    }
}
