namespace Nabla.Nn;

/// <summary>Splits dim <c>dim</c> into <c>unflattenedSize</c>: (N, 12) → (N, 3, 4) for dim 1 and sizes (3, 4).</summary>
public sealed class Unflatten : Module
{
    private readonly int[] _sizes;

    /// <summary>Creates the layer; one size may be −1 (inferred).</summary>
    public Unflatten(int dim, int[] unflattenedSize)
    {
        Dim = dim;
        _sizes = (int[])unflattenedSize.Clone();
    }

    /// <summary>The dim that is split.</summary>
    public int Dim { get; }

    /// <summary>The sizes it is split into.</summary>
    public IReadOnlyList<int> UnflattenedSize => _sizes;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Unflatten(Dim, _sizes);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}, unflattened_size={Repr.Tuple(_sizes)}";
}
