using Nabla.Autograd;

namespace Nabla.Training;

/// <summary>
/// Example-weighted running mean of a loss, like <c>keras.metrics.Mean</c> over a loss: each batch contributes its
/// mean loss times its number of examples. Either give a <c>loss</c> function (evaluated without gradients in
/// <see cref="Update"/>) or feed precomputed values with <see cref="Add"/>.
/// </summary>
public sealed class MeanLoss : Metric
{
    private readonly Func<Tensor, Tensor, Tensor>? _loss;
    private double _sum;
    private long _count;

    /// <summary>Creates the metric; <paramref name="loss"/> maps (output, target) to a mean loss scalar.</summary>
    public MeanLoss(Func<Tensor, Tensor, Tensor>? loss = null, string name = "mean_loss")
    {
        _loss = loss;
        Name = name;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override void Reset() => (_sum, _count) = (0, 0);

    /// <summary>Adds a batch whose mean loss is <paramref name="meanLoss"/> over <paramref name="examples"/> examples.</summary>
    public void Add(double meanLoss, int examples)
    {
        _sum += meanLoss * examples;
        _count += examples;
    }

    /// <inheritdoc/>
    public override void Update(Tensor output, Tensor target)
    {
        if (_loss is null) throw new InvalidOperationException($"MeanLoss '{Name}': created without a loss function; use Add(value, examples).");
        using var _ = GradMode.NoGrad();
        using var value = _loss(output, target);
        Add(value.Item(), output.Rank == 0 ? 1 : output.Dims[0]);
    }

    /// <inheritdoc/>
    public override double Result() => _count == 0 ? double.NaN : _sum / _count;
}
