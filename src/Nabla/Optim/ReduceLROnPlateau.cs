namespace Nabla.Optim;

/// <summary>
/// Cuts the rate by <see cref="Factor"/> when a metric stops improving, like
/// <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>: after more than <c>patience</c> steps without improvement (by
/// <c>threshold</c>, relative or absolute) every group's rate becomes max(lr·factor, minLr), unless the change is at most
/// <c>eps</c>; then <c>cooldown</c> steps pass before bad steps count again. Call <see cref="Step(double)"/> with the metric.
/// </summary>
public sealed class ReduceLROnPlateau : LRScheduler
{
    private readonly bool _max, _relative;

    /// <summary>
    /// Watches a metric to minimise (<paramref name="mode"/> "min") or maximise ("max"); <paramref name="thresholdMode"/>
    /// "rel" counts an improvement beyond best·(1 ∓ threshold), "abs" beyond best ∓ threshold.
    /// </summary>
    public ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10,
        double threshold = 1e-4, string thresholdMode = "rel", int cooldown = 0, double minLr = 0, double eps = 1e-8)
        : base(optimizer)
    {
        if (factor >= 1.0) throw new ArgumentOutOfRangeException(nameof(factor), $"ReduceLROnPlateau: factor should be < 1.0, got {factor}.");
        _max = mode switch
        {
            "min" => false,
            "max" => true,
            _ => throw new ArgumentException($"ReduceLROnPlateau: mode '{mode}' is unknown; use \"min\" or \"max\".", nameof(mode)),
        };
        _relative = thresholdMode switch
        {
            "rel" => true,
            "abs" => false,
            _ => throw new ArgumentException($"ReduceLROnPlateau: threshold mode '{thresholdMode}' is unknown; use \"rel\" or \"abs\".", nameof(thresholdMode)),
        };
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        MinLr = minLr;
        Eps = eps;
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>Multiplier applied on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Steps without improvement tolerated before the cut.</summary>
    public int Patience { get; }

    /// <summary>Minimum change that counts as an improvement.</summary>
    public double Threshold { get; }

    /// <summary>Steps after a cut during which bad steps are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>Lower bound on every group's rate.</summary>
    public double MinLr { get; }

    /// <summary>Cuts smaller than this are skipped.</summary>
    public double Eps { get; }

    /// <summary>Best metric seen so far.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive steps without improvement.</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>Steps of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Not available: this schedule needs the metric, so call <see cref="Step(double)"/>.</summary>
    public override void Step() =>
        throw new InvalidOperationException("ReduceLROnPlateau: Step needs the monitored metric; call Step(metric).");

    /// <summary>Records <paramref name="metric"/> for this step and cuts the rates on a plateau.</summary>
    public void Step(double metric)
    {
        StepCount++;
        if (IsBetter(metric))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else NumBadEpochs++;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0;
        }
        if (NumBadEpochs > Patience)
        {
            foreach (var g in Optimizer.ParamGroups)
            {
                double old = g.LearningRate, cut = Math.Max(old * Factor, MinLr);
                if (old - cut > Eps) g.LearningRate = cut;
            }
            CooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }
    }

    private bool IsBetter(double a) => (_max, _relative) switch
    {
        (false, true) => a < Best * (1 - Threshold),
        (false, false) => a < Best - Threshold,
        (true, true) => a > Best * (Threshold + 1),
        (true, false) => a > Best + Threshold,
    };

    /// <inheritdoc/>
    protected override double[] ComputeLearningRates() => LastLearningRates;

    /// <inheritdoc/>
    public override OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = base.StateDict();
        dict["best"] = Tensor.Scalar(Best, DType.Float64);
        dict["num_bad_epochs"] = Tensor.Scalar(NumBadEpochs, DType.Int64);
        dict["cooldown_counter"] = Tensor.Scalar(CooldownCounter, DType.Int64);
        return dict;
    }

    /// <inheritdoc/>
    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        base.LoadStateDict(state);
        Best = Required(state, "best").Item();
        NumBadEpochs = (int)Required(state, "num_bad_epochs").Item<long>();
        CooldownCounter = (int)Required(state, "cooldown_counter").Item<long>();
    }
}
