using Nabla.Autograd;

namespace Nabla.Nn;

/// <summary>
/// Base of every layer and model, like <c>torch.nn.Module</c>. Parameters, buffers and submodules are registered
/// explicitly (no reflection), which keeps their order, works under trimming and NativeAOT, and gives hierarchical
/// names (<c>encoder.layers.0.weight</c>) that map one to one onto PyTorch state dicts.
/// </summary>
public abstract partial class Module
{
    private readonly List<KeyValuePair<string, Tensor?>> _parameters = [];
    private readonly List<KeyValuePair<string, Tensor?>> _buffers = [];
    private readonly HashSet<string> _nonPersistent = [];
    private readonly List<KeyValuePair<string, Module>> _modules = [];
    private readonly List<Func<Module, Tensor, Tensor?>> _preHooks = [];
    private readonly List<Func<Module, Tensor, Tensor, Tensor?>> _hooks = [];

    /// <summary>True in training mode (dropout active, batch norm uses batch statistics); see <see cref="Train"/> and <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Runs the forward pre-hooks, <see cref="ForwardCore"/>, then the forward hooks.</summary>
    public Tensor Forward(Tensor input)
    {
        foreach (var hook in _preHooks.ToArray()) input = hook(this, input) ?? input;
        var output = ForwardCore(input);
        foreach (var hook in _hooks.ToArray()) output = hook(this, input, output) ?? output;
        return output;
    }

    /// <summary>The layer's computation; called through <see cref="Forward"/>.</summary>
    protected abstract Tensor ForwardCore(Tensor input);

    /// <summary>Registers a parameter (made a leaf that requires grad); returns it so a field can hold it. Null registers an absent optional parameter (e.g. no bias).</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        if (!value.IsLeaf) value = value.Detach();
        if (value.DType.IsFloatingPoint()) value.RequiresGrad = true;
        _parameters.Add(new(name, value));
        return value;
    }

    /// <summary>Records that the optional parameter <paramref name="name"/> is absent (as PyTorch's <c>bias=None</c>).</summary>
    protected void RegisterParameter(string name)
    {
        CheckName(name);
        _parameters.Add(new(name, null));
    }

    /// <summary>Registers a state tensor that is not trained (running statistics); persistent ones go into the state dict.</summary>
    protected Tensor RegisterBuffer(string name, Tensor value, bool persistent = true)
    {
        CheckName(name);
        _buffers.Add(new(name, value));
        if (!persistent) _nonPersistent.Add(name);
        return value;
    }

    /// <summary>Registers a submodule under <paramref name="name"/>; returns it so a field can hold it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _modules.Add(new(name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: invalid member name '{name}' (non-empty, no dots).");
        if (_parameters.Any(p => p.Key == name) || _buffers.Any(b => b.Key == name) || _modules.Any(m => m.Key == name))
            throw new ArgumentException($"{GetType().Name}: '{name}' is already registered.");
    }

    /// <summary>Direct submodules in registration order.</summary>
    public IEnumerable<Module> Children() => _modules.Select(m => m.Value);

    /// <summary>Direct submodules with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _modules.Select(m => (m.Key, m.Value));

    /// <summary>This module and all descendants, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in _modules)
            foreach (var item in child.NamedModules(Join(prefix, name)))
                yield return item;
    }

    /// <summary>All parameters of this module and its descendants with dotted names, each tensor once.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, p) in module._parameters)
                if (p is not null && seen.Add(p)) yield return (Join(prefix, name), p);
    }

    /// <summary>All parameters, each tensor once, in registration order.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>All buffers of this module and its descendants with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, b) in module._buffers)
                if (b is not null) yield return (Join(prefix, name), b);
    }

    /// <summary>Puts this module and its descendants in training mode; returns this module.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var (_, m) in NamedModules()) m.Training = mode;
        return this;
    }

    /// <summary>Puts this module and its descendants in evaluation mode; returns this module.</summary>
    public Module Eval() => Train(false);

    /// <summary>Stops gradients for every parameter (for transfer learning); returns this module.</summary>
    public Module Freeze()
    {
        foreach (var p in Parameters()) p.RequiresGrad = false;
        return this;
    }

    /// <summary>Turns gradients back on for every floating-point parameter; returns this module.</summary>
    public Module Unfreeze()
    {
        foreach (var p in Parameters()) p.RequiresGrad = true;
        return this;
    }

    /// <summary>Sets every parameter's gradient to null.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>Converts floating-point parameters and buffers to <paramref name="dtype"/> in place (their identities are kept); returns this module.</summary>
    public Module To(DType dtype)
    {
        foreach (var t in Parameters().Concat(NamedBuffers().Select(b => b.Buffer)))
            if (t.DType.IsFloatingPoint() && t.DType != dtype)
                using (GradMode.NoGrad()) t.SetData(t.To(dtype));
        return this;
    }

    /// <summary>Adds a hook called before <see cref="ForwardCore"/>; it may return a replacement input. Dispose the handle to remove it.</summary>
    public IDisposable RegisterForwardPreHook(Func<Module, Tensor, Tensor?> hook)
    {
        _preHooks.Add(hook);
        return new HookHandle(() => _preHooks.Remove(hook));
    }

    /// <summary>Adds a hook called with (module, input, output) after <see cref="ForwardCore"/>; it may return a replacement output.</summary>
    public IDisposable RegisterForwardHook(Func<Module, Tensor, Tensor, Tensor?> hook)
    {
        _hooks.Add(hook);
        return new HookHandle(() => _hooks.Remove(hook));
    }

    private sealed class HookHandle(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose()
        {
            _remove?.Invoke();
            _remove = null;
        }
    }

    internal static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>A one-line summary; containers print their children indented, like PyTorch.</summary>
    public override string ToString() => Describe(0);

    /// <summary>Extra constructor arguments shown in <see cref="ToString"/>, e.g. <c>in_features=784, out_features=10</c>.</summary>
    protected virtual string ExtraRepr() => "";

    private string Describe(int indent)
    {
        string head = GetType().Name + "(" + ExtraRepr();
        if (_modules.Count == 0) return head + ")";
        var pad = new string(' ', indent + 2);
        var lines = _modules.Select(m => $"{pad}({m.Key}): {m.Value.Describe(indent + 2)}");
        return head + "\n" + string.Join("\n", lines) + "\n" + new string(' ', indent) + ")";
    }
}
