using System.Globalization;
using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// A K-armed bandit: one state (observation 0), action k pulls arm k and pays a random reward with mean
/// <c>Means[k]</c>; episodes never end by themselves. <see cref="Pull"/> is the allocation-free form of a step.
/// Reseeding (<c>Reset(seed)</c>) changes the reward noise, never the arms' means.
/// </summary>
public abstract class BanditEnv : Env<int, int>
{
    private readonly double[] _means;
    private readonly Discrete _observationSpace = new(1);
    private readonly Discrete _actionSpace;
    private int _lastArm = -1;
    private double _lastReward;

    /// <summary>An environment with one arm per entry of <paramref name="means"/>.</summary>
    protected BanditEnv(double[] means)
    {
        if (means is null || means.Length == 0) throw new ArgumentException("BanditEnv: needs at least one arm.");
        _means = (double[])means.Clone();
        _actionSpace = new Discrete(means.Length);
        OptimalArm = Array.IndexOf(_means, _means.Max());
    }

    /// <summary>The number of arms K.</summary>
    public int ArmCount => _means.Length;

    /// <summary>The true expected reward q*(k) of each arm.</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>The arm with the highest mean (the first of ties).</summary>
    public int OptimalArm { get; }

    /// <summary>max_k q*(k).</summary>
    public double OptimalMean => _means[OptimalArm];

    /// <inheritdoc />
    public override Space<int> ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public override Space<int> ActionSpace => _actionSpace;

    /// <summary>Pulls arm <paramref name="arm"/> and returns its random reward.</summary>
    public double Pull(int arm)
    {
        if ((uint)arm >= (uint)_means.Length)
            throw new ArgumentOutOfRangeException(nameof(arm), $"{GetType().Name}: arm {arm} is not in [0, {_means.Length}).");
        _lastArm = arm;
        return _lastReward = Sample(Rng, _means[arm]);
    }

    /// <summary>A reward drawn around <paramref name="mean"/>.</summary>
    protected abstract double Sample(Generator rng, double mean);

    /// <inheritdoc />
    public override ResetResult<int> Reset(long? seed = null)
    {
        Reseed(seed);
        _lastArm = -1;
        return new(0, EnvInfo.Empty);
    }

    /// <inheritdoc />
    public override StepResult<int> Step(int action) => new(0, Pull(action), false, false, EnvInfo.Empty);

    /// <summary>The arms' means and the last pull.</summary>
    public override string Render()
    {
        string means = string.Join(" ", _means.Select(m => m.ToString("F3", CultureInfo.InvariantCulture)));
        string last = _lastArm < 0 ? "no pull yet" : FormattableString.Invariant($"last pull: arm {_lastArm} paid {_lastReward:F3}");
        return $"{GetType().Name}({ArmCount} arms) means [{means}], optimal arm {OptimalArm}; {last}";
    }
}

/// <summary>
/// Arms paying N(μ_k, σ²) rewards (σ = 1 by default), the Sutton and Barto 10-armed testbed when the means come from
/// <see cref="Testbed"/>.
/// </summary>
public sealed class GaussianBandit : BanditEnv
{
    /// <summary>A bandit with the given arm means and reward standard deviation.</summary>
    public GaussianBandit(double[] means, double stdDev = 1.0) : base(means)
    {
        if (!(stdDev >= 0)) throw new ArgumentOutOfRangeException(nameof(stdDev), $"GaussianBandit: stdDev must be ≥ 0, got {stdDev}.");
        StdDev = stdDev;
    }

    /// <summary>The reward noise's standard deviation.</summary>
    public double StdDev { get; }

    /// <summary>The testbed: <paramref name="arms"/> means drawn from N(0, 1) with <paramref name="seed"/>, unit reward noise.</summary>
    public static GaussianBandit Testbed(int arms, long seed)
    {
        var g = new Generator(seed);
        var means = new double[arms];
        for (int k = 0; k < arms; k++) means[k] = g.NextNormal();
        var bandit = new GaussianBandit(means);
        bandit.Reset(seed + 1);
        return bandit;
    }

    /// <inheritdoc />
    protected override double Sample(Generator rng, double mean) => mean + StdDev * rng.NextNormal();
}

/// <summary>Arms paying 1 with probability μ_k and 0 otherwise.</summary>
public sealed class BernoulliBandit : BanditEnv
{
    /// <summary>A bandit with success probabilities <paramref name="means"/>, each in [0, 1].</summary>
    public BernoulliBandit(double[] means) : base(ValidProbabilities(means))
    {
    }

    /// <inheritdoc />
    protected override double Sample(Generator rng, double mean) => rng.NextDouble() < mean ? 1.0 : 0.0;

    private static double[] ValidProbabilities(double[] means)
    {
        foreach (var m in means ?? [])
            if (!(m >= 0 && m <= 1)) throw new ArgumentException($"BernoulliBandit: mean {m} is not a probability.");
        return means!;
    }
}
