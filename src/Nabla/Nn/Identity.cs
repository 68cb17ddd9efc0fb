namespace Nabla.Nn;

/// <summary>Returns its input unchanged (a placeholder layer, e.g. to remove a head).</summary>
public sealed class Identity : Module
{
    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input;
}
