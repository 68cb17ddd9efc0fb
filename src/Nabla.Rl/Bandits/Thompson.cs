namespace Nabla.Rl.Bandits;

/// <summary>
/// Thompson sampling for Bernoulli arms: a Beta(α₀, β₀) prior (uniform by default), posterior
/// Beta(α₀ + successes, β₀ + failures); each step samples every posterior and pulls the best sample.
/// </summary>
public sealed class ThompsonBernoulli : BanditAgent
{
    private readonly double _alpha0, _beta0;
    private readonly double[] _samples;

    /// <summary>A Beta–Bernoulli Thompson sampler; rewards must be 0 or 1.</summary>
    public ThompsonBernoulli(int armCount, long seed, double alpha0 = 1, double beta0 = 1) : base(armCount, seed)
    {
        if (!(alpha0 > 0 && beta0 > 0)) throw new ArgumentOutOfRangeException(nameof(alpha0), $"ThompsonBernoulli: prior Beta({alpha0}, {beta0}) needs positive parameters.");
        _alpha0 = alpha0;
        _beta0 = beta0;
        Successes = new int[armCount];
        _samples = new double[armCount];
    }

    /// <summary>Rewards of 1 per arm.</summary>
    public int[] Successes { get; }

    /// <inheritdoc />
    public override string Name => "Thompson Beta";

    /// <summary>The posterior Beta(α, β) of arm <paramref name="arm"/> (3 successes and 1 failure from Beta(1, 1): Beta(4, 2)).</summary>
    public (double Alpha, double Beta) Posterior(int arm) => (_alpha0 + Successes[arm], _beta0 + Counts[arm] - Successes[arm]);

    /// <summary>The posterior mean α / (α + β).</summary>
    public double PosteriorMean(int arm)
    {
        var (a, b) = Posterior(arm);
        return a / (a + b);
    }

    /// <inheritdoc />
    public override int SelectArm()
    {
        for (int k = 0; k < ArmCount; k++)
        {
            var (a, b) = Posterior(k);
            _samples[k] = Sampling.Beta(Rng, a, b);
        }
        return ArgmaxRandomTies(_samples);
    }

    /// <inheritdoc />
    public override void Update(int arm, double reward)
    {
        if (reward is not (0.0 or 1.0)) throw new ArgumentException($"ThompsonBernoulli: reward {reward} is not 0 or 1.");
        base.Update(arm, reward);
        if (reward == 1.0) Successes[arm]++;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        Array.Clear(Successes);
    }
}

/// <summary>
/// Thompson sampling for Gaussian arms of unknown mean and variance: a Normal–Gamma prior (μ₀, λ₀, α₀, β₀) per arm,
/// updated in closed form; each step draws a precision τ ~ Gamma(αₙ, rate βₙ) and a mean μ ~ N(μₙ, 1/(λₙ τ)) per arm
/// and pulls the best mean.
/// </summary>
public sealed class ThompsonGaussian : BanditAgent
{
    private readonly double _mu0, _lambda0, _alpha0, _beta0;
    private readonly double[] _sumSquares, _samples;

    /// <summary>A Normal–Gamma Thompson sampler; the defaults are a weak prior around 0.</summary>
    public ThompsonGaussian(int armCount, long seed, double mu0 = 0, double lambda0 = 1, double alpha0 = 1, double beta0 = 1) : base(armCount, seed)
    {
        if (!(lambda0 > 0 && alpha0 > 0 && beta0 > 0))
            throw new ArgumentOutOfRangeException(nameof(lambda0), $"ThompsonGaussian: λ₀ = {lambda0}, α₀ = {alpha0}, β₀ = {beta0} must be positive.");
        (_mu0, _lambda0, _alpha0, _beta0) = (mu0, lambda0, alpha0, beta0);
        _sumSquares = new double[armCount];
        _samples = new double[armCount];
    }

    /// <inheritdoc />
    public override string Name => "Thompson Normal-Gamma";

    /// <summary>The Normal–Gamma posterior (μₙ, λₙ, αₙ, βₙ) of arm <paramref name="arm"/>.</summary>
    public (double Mu, double Lambda, double Alpha, double Beta) Posterior(int arm)
    {
        int n = Counts[arm];
        double mean = Estimates[arm], lambda = _lambda0 + n;
        double mu = (_lambda0 * _mu0 + n * mean) / lambda;
        double beta = _beta0 + 0.5 * _sumSquares[arm] + _lambda0 * n * (mean - _mu0) * (mean - _mu0) / (2 * lambda);
        return (mu, lambda, _alpha0 + n / 2.0, beta);
    }

    /// <inheritdoc />
    public override int SelectArm()
    {
        for (int k = 0; k < ArmCount; k++)
        {
            var (mu, lambda, alpha, beta) = Posterior(k);
            double tau = Sampling.Gamma(Rng, alpha, 1 / beta);
            _samples[k] = mu + Rng.NextNormal() / Math.Sqrt(lambda * tau);
        }
        return ArgmaxRandomTies(_samples);
    }

    /// <inheritdoc />
    public override void Update(int arm, double reward)
    {
        // Welford: the sum of squared deviations from the running mean, updated before the mean moves.
        double before = arm >= 0 && arm < ArmCount ? Estimates[arm] : 0;
        base.Update(arm, reward);
        _sumSquares[arm] += (reward - before) * (reward - Estimates[arm]);
    }

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        Array.Clear(_sumSquares);
    }
}
