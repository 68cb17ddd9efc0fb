namespace Nabla.Optim;

/// <summary>
/// A set of parameters sharing hyperparameters, like one entry of PyTorch's <c>optimizer.param_groups</c>.
/// Hyperparameters are named with PyTorch's keys (<c>lr</c>, <c>momentum</c>, <c>weight_decay</c>, <c>betas</c> as
/// <c>beta1</c>/<c>beta2</c>, ...); unset ones take the optimizer's defaults.
/// </summary>
public sealed class ParamGroup
{
    /// <summary>Creates a group of <paramref name="parameters"/> with optional per-group hyperparameter overrides.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, double>? options = null)
    {
        Params = parameters.ToList();
        if (options is not null)
            foreach (var (k, v) in options) Options[k] = v;
    }

    /// <summary>The parameters updated by this group.</summary>
    public List<Tensor> Params { get; }

    /// <summary>The hyperparameters of this group by PyTorch name.</summary>
    public Dictionary<string, double> Options { get; } = [];

    /// <summary>The learning rate (<c>lr</c>).</summary>
    public double LearningRate
    {
        get => Options["lr"];
        set => Options["lr"] = value;
    }

    /// <summary>A hyperparameter by name.</summary>
    public double this[string name]
    {
        get => Options.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"ParamGroup: no hyperparameter '{name}'.");
        set => Options[name] = value;
    }
}
