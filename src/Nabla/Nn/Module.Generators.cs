namespace Nabla.Nn;

public abstract partial class Module
{
    /// <summary>
    /// The random generators this module and its descendants draw from in <see cref="Forward"/> (dropout masks, for
    /// instance) with dotted names (<c>encoder.dropout.generator</c>), each generator once under the first name that
    /// reaches it. Layers that draw from <see cref="Generator.Default"/> contribute nothing here. A
    /// <see cref="IO.TrainingCheckpoint"/> saves and restores these states so a resumed run draws the same masks.
    /// </summary>
    public IEnumerable<(string Name, Generator Generator)> NamedGenerators()
    {
        var seen = new HashSet<Generator>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, g) in module.OwnGenerators())
                if (seen.Add(g)) yield return (Join(prefix, name), g);
    }

    /// <summary>
    /// The generators this module itself (not its submodules) draws from in its forward computation, by member name;
    /// none by default. Override it in a layer that keeps its own <see cref="Generator"/> for use in the forward pass.
    /// </summary>
    protected virtual IEnumerable<(string Name, Generator Generator)> OwnGenerators() => [];
}
