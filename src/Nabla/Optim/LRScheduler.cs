namespace Nabla.Optim;

/// <summary>
/// Base of learning-rate schedules, like <c>torch.optim.lr_scheduler.LRScheduler</c>: each <see cref="Step"/>
/// advances the epoch (or step) counter and writes the new rate into every parameter group.
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

    /// <summary>Number of <see cref="Step"/> calls so far (PyTorch's <c>last_epoch</c> + 1 after construction).</summary>
    public int StepCount { get; protected set; }

    /// <summary>The rate of each group now.</summary>
    public double[] LastLearningRates => Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();

    /// <summary>Advances the schedule by one step and applies the new rates.</summary>
    public virtual void Step()
    {
        StepCount++;
        var rates = ComputeLearningRates();
        for (int i = 0; i < rates.Length; i++) Optimizer.ParamGroups[i].LearningRate = rates[i];
    }

    /// <summary>The rate of each group after <see cref="StepCount"/> steps.</summary>
    protected abstract double[] ComputeLearningRates();

    /// <summary>The schedule's state as named 0-d tensors (at least <c>step_count</c>).</summary>
    public virtual OrderedDictionary<string, Tensor> StateDict() => new() { ["step_count"] = Tensor.Scalar(StepCount, DType.Int64) };

    /// <summary>Restores state saved by <see cref="StateDict"/>.</summary>
    public virtual void LoadStateDict(IReadOnlyDictionary<string, Tensor> state) =>
        StepCount = state.TryGetValue("step_count", out var s) ? (int)s.Item<long>()
            : throw new ArgumentException($"{GetType().Name}.LoadStateDict: missing key 'step_count'.");
}
