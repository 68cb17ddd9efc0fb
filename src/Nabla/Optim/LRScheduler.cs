namespace Nabla.Optim;

/// <summary>
/// Base of learning-rate schedules, like <c>torch.optim.lr_scheduler.LRScheduler</c>: each <see cref="Step"/>
/// advances the epoch (or step) counter and writes the new rate into every parameter group. Schedules use closed forms
/// of the step count and the groups' initial rates (PyTorch's <c>_get_closed_form_lr</c>), so a restored schedule
/// continues exactly where it stopped.
/// </summary>
public abstract class LRScheduler
{
    /// <summary>Attaches to <paramref name="optimizer"/>, remembering each group's initial rate.</summary>
    protected LRScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer;
        BaseLearningRates = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
    }

    /// <summary>The optimizer whose rates are scheduled.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The rates the groups had when the schedule was created.</summary>
    public double[] BaseLearningRates { get; }

    /// <summary>Number of <see cref="Step"/> calls so far; PyTorch's <c>last_epoch</c> (0 right after construction).</summary>
    public int StepCount { get; protected set; }

    /// <summary>The rate of each group now.</summary>
    public double[] LastLearningRates => Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();

    /// <summary>
    /// Writes the step-0 rates into the optimizer, as PyTorch's constructor does (e.g. <see cref="LinearLR"/> starts at
    /// startFactor·lr); subclasses call it at the end of their constructor, once their fields are set.
    /// </summary>
    protected void ApplyInitialRates() => Apply(ComputeLearningRates());

    /// <summary>Advances the schedule by one step and applies the new rates.</summary>
    public virtual void Step()
    {
        StepCount++;
        Apply(ComputeLearningRates());
    }

    private void Apply(double[] rates)
    {
        for (int i = 0; i < rates.Length; i++) Optimizer.ParamGroups[i].LearningRate = rates[i];
    }

    /// <summary>The rate of each group after <see cref="StepCount"/> steps.</summary>
    protected abstract double[] ComputeLearningRates();

    /// <summary>The schedule's state as named 0-d tensors: <c>step_count</c>, <c>base_lrs.{i}</c> and the subclass's counters.</summary>
    public virtual OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor> { ["step_count"] = Tensor.Scalar(StepCount, DType.Int64) };
        for (int i = 0; i < BaseLearningRates.Length; i++) dict[$"base_lrs.{i}"] = Tensor.Scalar(BaseLearningRates[i], DType.Float64);
        return dict;
    }

    /// <summary>
    /// Restores state saved by <see cref="StateDict"/>. Like PyTorch it leaves the optimizer's current rates alone:
    /// restore the optimizer's state dict too.
    /// </summary>
    public virtual void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        StepCount = (int)Required(state, "step_count").Item<long>();
        for (int i = 0; i < BaseLearningRates.Length; i++)
            if (state.TryGetValue($"base_lrs.{i}", out var b)) BaseLearningRates[i] = b.Item();
    }

    /// <summary>The entry <paramref name="key"/> of a state dict, or an ArgumentException naming this schedule.</summary>
    protected Tensor Required(IReadOnlyDictionary<string, Tensor> state, string key) =>
        state.TryGetValue(key, out var t) ? t : throw new ArgumentException($"{GetType().Name}.LoadStateDict: missing key '{key}'.");

    /// <summary>Each base rate times <paramref name="factor"/>.</summary>
    protected double[] Scaled(double factor)
    {
        var rates = new double[BaseLearningRates.Length];
        for (int i = 0; i < rates.Length; i++) rates[i] = BaseLearningRates[i] * factor;
        return rates;
    }
}
