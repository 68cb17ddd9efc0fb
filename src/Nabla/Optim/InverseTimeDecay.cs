namespace Nabla.Optim;

/// <summary>
/// The Robbins–Monro schedule α_t = α₀ / (1 + decayRate·t) (TensorFlow's <c>inverse_time_decay</c> with
/// decay_steps = 1): Σα_t diverges while Σα_t² converges, the classic condition under which SGD converges. With
/// decayRate = 1 and α₀ = 0.5 on a squared loss, SGD's iterate is the running mean of the samples seen.
/// </summary>
public sealed class InverseTimeDecay : LRScheduler
{
    /// <summary>Decays each group's initial rate as lr / (1 + <paramref name="decayRate"/>·t).</summary>
    public InverseTimeDecay(Optimizer optimizer, double decayRate = 1.0) : base(optimizer)
    {
        if (decayRate < 0) throw new ArgumentOutOfRangeException(nameof(decayRate), $"InverseTimeDecay: decayRate must be non-negative, got {decayRate}.");
        DecayRate = decayRate;
        ApplyInitialRates();
    }

    /// <summary>k in α₀ / (1 + k·t).</summary>
    public double DecayRate { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLearningRates() => Scaled(1 / (1 + DecayRate * StepCount));
}
