namespace Nabla.Rl.Bandits;

/// <summary>
/// UCB1 (Auer et al. 2002): pull every arm once (untried arms first), then the arm maximising
/// <c>Q(k) + c·√(ln t / n_k)</c> with t the pulls so far. c = √2 is Auer's constant; Sutton and Barto's figure uses 2.
/// Logarithmic regret.
/// </summary>
public sealed class Ucb1 : BanditAgent
{
    private readonly double[] _scores;

    /// <summary>A UCB1 agent with exploration constant <paramref name="c"/>.</summary>
    public Ucb1(int armCount, long seed, double c = 1.4142135623730951) : base(armCount, seed)
    {
        if (!(c >= 0)) throw new ArgumentOutOfRangeException(nameof(c), $"Ucb1: c must be ≥ 0, got {c}.");
        C = c;
        _scores = new double[armCount];
    }

    /// <summary>The exploration constant.</summary>
    public double C { get; }

    /// <inheritdoc />
    public override string Name => $"UCB1 c={C:0.##}";

    /// <summary>The upper confidence bound Q + c·√(ln t / n) (Q = 0.5, c = 2, t = 100, n = 10 gives 1.85723).</summary>
    public static double Score(double q, double c, int t, int n) => q + c * Math.Sqrt(Math.Log(t) / n);

    /// <inheritdoc />
    public override int SelectArm()
    {
        for (int k = 0; k < ArmCount; k++)
        {
            if (Counts[k] == 0) _scores[k] = double.PositiveInfinity;
            else _scores[k] = Score(Estimates[k], C, Steps, Counts[k]);
        }
        return ArgmaxRandomTies(_scores);
    }
}
