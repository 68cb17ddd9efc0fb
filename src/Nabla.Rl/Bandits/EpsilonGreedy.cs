namespace Nabla.Rl.Bandits;

/// <summary>
/// ε-greedy: with probability ε a uniformly random arm, otherwise the arm with the best sample mean (ties at random).
/// ε = 0 is the greedy algorithm; a positive <c>initialValue</c> gives optimistic initial values.
/// </summary>
public class EpsilonGreedy : BanditAgent
{
    /// <summary>An ε-greedy agent.</summary>
    public EpsilonGreedy(int armCount, double epsilon, long seed, double initialValue = 0) : base(armCount, seed, initialValue)
    {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"EpsilonGreedy: epsilon {epsilon} is not in [0, 1].");
        Epsilon = epsilon;
    }

    /// <summary>The exploration probability.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override string Name => Epsilon == 0 ? "greedy" : $"eps-greedy {Epsilon:0.###}";

    /// <inheritdoc />
    public override int SelectArm()
        => Epsilon > 0 && Rng.NextDouble() < Epsilon ? (int)Rng.NextInt64(0, ArmCount) : ArgmaxRandomTies(Estimates);
}

/// <summary>The greedy algorithm: always the arm with the best sample mean (ε-greedy with ε = 0); linear regret.</summary>
public sealed class Greedy : EpsilonGreedy
{
    /// <summary>A greedy agent.</summary>
    public Greedy(int armCount, long seed, double initialValue = 0) : base(armCount, 0, seed, initialValue)
    {
    }
}
