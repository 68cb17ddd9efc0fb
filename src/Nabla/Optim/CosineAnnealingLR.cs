namespace Nabla.Optim;

/// <summary>
/// Cosine annealing, like <c>torch.optim.lr_scheduler.CosineAnnealingLR</c> in its closed form:
/// η_t = η_min + (lr − η_min)·(1 + cos(π·t/T_max))/2. Past T_max the cosine continues (the rate rises again), as PyTorch's closed form does.
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Anneals from each group's rate to <paramref name="etaMin"/> over <paramref name="tMax"/> steps.</summary>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : base(optimizer)
    {
        if (tMax <= 0) throw new ArgumentOutOfRangeException(nameof(tMax), $"CosineAnnealingLR: tMax must be positive, got {tMax}.");
        TMax = tMax;
        EtaMin = etaMin;
        ApplyInitialRates();
    }

    /// <summary>Half period in steps.</summary>
    public int TMax { get; }

    /// <summary>Minimum rate.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override double[] ComputeLearningRates()
    {
        var rates = new double[BaseLearningRates.Length];
        for (int i = 0; i < rates.Length; i++)
            rates[i] = EtaMin + (BaseLearningRates[i] - EtaMin) * (1 + Math.Cos(Math.PI * StepCount / TMax)) / 2;
        return rates;
    }
}
