using Nabla.Autograd;

namespace Nabla.Nn;

public abstract partial class Module
{
    /// <summary>
    /// Parameters and persistent buffers by dotted name, in PyTorch's order and naming (a <c>Sequential</c> of
    /// Flatten, Linear, ReLU, Dropout, Linear gives <c>1.weight</c>, <c>1.bias</c>, <c>4.weight</c>, <c>4.bias</c>).
    /// The tensors are the module's own, not copies.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor>();
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, p) in module._parameters)
                if (p is not null) dict.TryAdd(Join(prefix, name), p);
            foreach (var (name, b) in module._buffers)
                if (b is not null && !module._nonPersistent.Contains(name)) dict.TryAdd(Join(prefix, name), b);
        }
        return dict;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into this module's parameters and buffers (cast to their dtypes).
    /// With <paramref name="strict"/>, missing and unexpected keys are errors; a shape mismatch is always an error.
    /// Nothing is modified unless every check passes.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new ArgumentException($"LoadStateDict: error(s) loading state dict for {GetType().Name}:" +
                (missing.Count > 0 ? " missing keys: " + string.Join(", ", missing) + "." : "") +
                (unexpected.Count > 0 ? " unexpected keys: " + string.Join(", ", unexpected) + "." : ""));
        foreach (var (key, target) in own)
            if (state.TryGetValue(key, out var value) && value.Shape != target.Shape)
                throw new ArgumentException($"LoadStateDict: size mismatch for {key}: the checkpoint has shape {value.Shape}, the module has {target.Shape}.");
        using (GradMode.NoGrad())
            foreach (var (key, target) in own)
                if (state.TryGetValue(key, out var value)) target.CopyFrom_(value);
    }
}
