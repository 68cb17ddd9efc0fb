namespace Nabla.Optim;

/// <summary>
/// The rate is the initial rate times a user function of the step count, like <c>torch.optim.lr_scheduler.LambdaLR</c>.
/// The function is not part of the state dict (as in PyTorch for lambdas).
/// </summary>
public sealed class LambdaLR : LRScheduler
{
    private readonly Func<int, double>[] _lambdas;

    /// <summary>lr_t = lr·<paramref name="lrLambda"/>(t) for every group.</summary>
    public LambdaLR(Optimizer optimizer, Func<int, double> lrLambda)
        : this(optimizer, Enumerable.Repeat(lrLambda, optimizer.ParamGroups.Count)) { }

    /// <summary>One function per parameter group.</summary>
    public LambdaLR(Optimizer optimizer, IEnumerable<Func<int, double>> lrLambdas) : base(optimizer)
    {
        _lambdas = lrLambdas.ToArray();
        if (_lambdas.Length != optimizer.ParamGroups.Count)
            throw new ArgumentException($"LambdaLR: expected {optimizer.ParamGroups.Count} lr lambdas, got {_lambdas.Length}.");
        ApplyInitialRates();
    }

    /// <inheritdoc/>
    protected override double[] ComputeLearningRates()
    {
        var rates = new double[BaseLearningRates.Length];
        for (int i = 0; i < rates.Length; i++) rates[i] = BaseLearningRates[i] * _lambdas[i](StepCount);
        return rates;
    }
}
