using Nabla.Autograd;

namespace Nabla.Optim;

/// <summary>
/// Base of the optimizers, like <c>torch.optim.Optimizer</c>: parameter groups with hyperparameters, per-parameter
/// state tensors, <see cref="ZeroGrad"/>, <see cref="Step"/> and a state dict for checkpoints.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Tensor, Dictionary<string, Tensor>> _state = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer over <paramref name="groups"/>, filling each group's unset hyperparameters from <paramref name="defaults"/>.</summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
    {
        ParamGroups = groups.ToList();
        if (ParamGroups.Count == 0 || ParamGroups.All(g => g.Params.Count == 0))
            throw new ArgumentException($"{GetType().Name}: got an empty parameter list.");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var g in ParamGroups)
        {
            foreach (var p in g.Params)
            {
                if (!p.IsLeaf) throw new ArgumentException($"{GetType().Name}: can't optimize a non-leaf tensor.");
                if (!seen.Add(p)) throw new ArgumentException($"{GetType().Name}: a parameter appears in more than one group.");
            }
            foreach (var (k, v) in defaults) g.Options.TryAdd(k, v);
        }
    }

    /// <summary>The parameter groups; change <see cref="ParamGroup.LearningRate"/> here to adjust rates by hand.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups { get; }

    /// <summary>Updates every parameter that has a gradient; must run outside graph recording (it uses <see cref="GradMode.NoGrad"/>).</summary>
    public void Step()
    {
        using var _ = GradMode.NoGrad();
        using var __ = TensorScope.Suspend();
        // Indexing, because foreach over the IReadOnlyList would box an enumerator every step.
        for (int i = 0; i < ParamGroups.Count; i++) StepGroup(ParamGroups[i]);
    }

    /// <summary>Updates the parameters of one group.</summary>
    protected abstract void StepGroup(ParamGroup group);

    /// <summary>
    /// Clears gradients. With <paramref name="setToNone"/> (PyTorch's default) gradients become null and their buffers
    /// return to the pool, so do not hold on to a <see cref="Tensor.Grad"/> across this call; otherwise they are zeroed in place.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var g in ParamGroups)
            foreach (var p in g.Params)
            {
                if (p.Grad is not { } grad) continue;
                if (setToNone)
                {
                    p.Grad = null;
                    grad.Dispose();
                }
                else
                {
                    using (GradMode.NoGrad()) grad.Zero_();
                }
            }
    }

    /// <summary>A single group holding <paramref name="parameters"/>, for constructors that take a plain parameter list.</summary>
    protected static IEnumerable<ParamGroup> SingleGroup(IEnumerable<Tensor> parameters) => [new ParamGroup(parameters)];

    /// <summary>
    /// Checks every group's hyperparameters after defaults are filled in; <paramref name="check"/> returns an error
    /// message for a bad group or null.
    /// </summary>
    protected void ValidateGroups(Func<ParamGroup, string?> check)
    {
        for (int i = 0; i < ParamGroups.Count; i++)
            if (check(ParamGroups[i]) is { } error)
                throw new ArgumentException($"{GetType().Name}: {error} (parameter group {i}).");
    }

    /// <summary>
    /// The state tensor <paramref name="name"/> of <paramref name="parameter"/>, created on first use with the
    /// parameter's shape and dtype, filled with <paramref name="initialValue"/>. A state loaded with another dtype is cast once.
    /// </summary>
    protected Tensor StateTensor(Tensor parameter, string name, double initialValue = 0)
    {
        var s = State(parameter);
        if (!s.TryGetValue(name, out var t))
            s[name] = t = Tensor.Full(parameter.Dims, initialValue, parameter.DType);
        else if (!t.Dims.AsSpan().SequenceEqual(parameter.Dims))
            throw new ArgumentException($"{GetType().Name}: state '{name}' has shape {t.Shape} but its parameter has shape {parameter.Shape}.");
        else if (t.DType != parameter.DType || !t.IsContiguous)
        {
            var cast = t.To(parameter.DType);
            var dense = cast.IsContiguous ? cast : cast.DenseCopy();
            if (cast != dense && cast != t) cast.Dispose();
            t.Dispose();
            s[name] = t = dense;
        }
        return t;
    }

    /// <summary>True when <paramref name="parameter"/> already has a state tensor called <paramref name="name"/>.</summary>
    protected bool HasState(Tensor parameter, string name) => State(parameter).ContainsKey(name);

    /// <summary>Increments the parameter's step counter (state <c>step</c>, a 0-d float64 tensor as in PyTorch) and returns it.</summary>
    protected double IncrementStep(Tensor parameter)
    {
        var s = State(parameter);
        if (!s.TryGetValue("step", out var t) || t.DType != DType.Float64)
        {
            double previous = t?.Item() ?? 0;
            t?.Dispose();
            s["step"] = t = Tensor.Scalar(previous, DType.Float64);
        }
        return ++t.Data<double>()[0];
    }

    /// <summary>The state tensors of <paramref name="parameter"/> (created empty on first use), e.g. <c>exp_avg</c>.</summary>
    protected Dictionary<string, Tensor> State(Tensor parameter)
    {
        if (!_state.TryGetValue(parameter, out var s)) _state[parameter] = s = [];
        return s;
    }

    /// <summary>
    /// The optimizer's state as named tensors, in PyTorch's layout: <c>state.{i}.{name}</c> for parameter i (numbered
    /// across groups in order) and <c>param_groups.{g}.{hyperparameter}</c> as 0-d float64 tensors.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor>();
        int index = 0;
        foreach (var g in ParamGroups)
            foreach (var p in g.Params)
            {
                if (_state.TryGetValue(p, out var s))
                    foreach (var (name, t) in s) dict[$"state.{index}.{name}"] = t;
                index++;
            }
        for (int gi = 0; gi < ParamGroups.Count; gi++)
            foreach (var (k, v) in ParamGroups[gi].Options)
                dict[$"param_groups.{gi}.{k}"] = Tensor.Scalar(v, DType.Float64);
        return dict;
    }

    /// <summary>Restores state saved by <see cref="StateDict"/> from an optimizer built over the same parameters.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var parameters = ParamGroups.SelectMany(g => g.Params).ToList();
        var restored = new Dictionary<Tensor, Dictionary<string, Tensor>>(ReferenceEqualityComparer.Instance);
        var groups = new List<(int Group, string Key, double Value)>();
        foreach (var (key, value) in state)
        {
            var parts = key.Split('.', 3);
            if (parts.Length == 3 && parts[0] == "state" && int.TryParse(parts[1], out int i) && i >= 0 && i < parameters.Count)
            {
                if (!restored.TryGetValue(parameters[i], out var s)) restored[parameters[i]] = s = [];
                using (TensorScope.Suspend()) s[parts[2]] = value.Clone();
            }
            else if (parts.Length == 3 && parts[0] == "param_groups" && int.TryParse(parts[1], out int gi) && gi >= 0 && gi < ParamGroups.Count)
                groups.Add((gi, parts[2], value.Item()));
            else
                throw new ArgumentException($"{GetType().Name}.LoadStateDict: unexpected key '{key}' for {parameters.Count} parameters in {ParamGroups.Count} groups.");
        }
        _state.Clear();
        foreach (var (p, s) in restored) _state[p] = s;
        foreach (var (gi, k, v) in groups) ParamGroups[gi].Options[k] = v;
    }
}
