namespace Nabla.Nn;

/// <summary>
/// Base of the loss modules, like PyTorch's <c>_Loss</c>: a callable holding the options of one loss function,
/// with <see cref="Forward"/> taking the prediction and the target.
/// </summary>
public abstract class Loss
{
    /// <summary>Stores the reduction.</summary>
    protected Loss(string reduction)
    {
        Reduction = reduction;
    }

    /// <summary>"mean", "sum" or "none" ("batchmean" too for <see cref="KLDivLoss"/>).</summary>
    public string Reduction { get; }

    /// <summary>The loss of <paramref name="input"/> (prediction) against <paramref name="target"/>.</summary>
    public abstract Tensor Forward(Tensor input, Tensor target);

    /// <summary>The class name and options, like PyTorch's printing of a loss module.</summary>
    public override string ToString() => GetType().Name + "()";
}
