namespace Nabla.Nn;

/// <summary>Flattens dims <c>startDim</c>..<c>endDim</c> into one: (N, C, H, W) → (N, C·H·W) with the defaults.</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <summary>First dim flattened.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>Last dim flattened.</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Flatten(StartDim, EndDim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";
}
