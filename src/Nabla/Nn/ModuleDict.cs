namespace Nabla.Nn;

/// <summary>Holds named submodules so their parameters are registered under those names; it has no forward of its own.</summary>
public sealed class ModuleDict : Module
{
    private readonly Dictionary<string, Module> _items = [];

    /// <summary>Adds <paramref name="module"/> under <paramref name="name"/>.</summary>
    public void Add(string name, Module module) => _items[name] = RegisterModule(name, module);

    /// <summary>The module registered under <paramref name="name"/>.</summary>
    public Module this[string name] => _items.TryGetValue(name, out var m) ? m
        : throw new KeyNotFoundException($"ModuleDict: no module named '{name}'.");

    /// <summary>Names in registration order.</summary>
    public IEnumerable<string> Keys => NamedChildren().Select(c => c.Name);

    /// <summary>Number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>Always throws: a ModuleDict is a container; look modules up and call them.</summary>
    protected override Tensor ForwardCore(Tensor input) =>
        throw new InvalidOperationException("ModuleDict: a container has no Forward; look its modules up and call them.");
}
