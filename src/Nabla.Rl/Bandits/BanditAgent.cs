namespace Nabla.Rl.Bandits;

/// <summary>
/// A K-armed bandit algorithm: <see cref="SelectArm"/> chooses, <see cref="Update"/> learns from the reward. It keeps
/// pull counts and sample-mean estimates Q(k) (incremental mean Q ← Q + (r − Q)/n); ties between best arms are broken
/// uniformly at random with the agent's seeded generator.
/// </summary>
public abstract class BanditAgent
{
    private readonly long _seed;
    private readonly double _initialValue;
    private readonly int[] _ties;

    /// <summary>An agent for <paramref name="armCount"/> arms, seeded with <paramref name="seed"/>, estimates starting at <paramref name="initialValue"/>.</summary>
    protected BanditAgent(int armCount, long seed, double initialValue = 0)
    {
        if (armCount <= 0) throw new ArgumentOutOfRangeException(nameof(armCount), $"{GetType().Name}: armCount must be positive, got {armCount}.");
        ArmCount = armCount;
        _seed = seed;
        _initialValue = initialValue;
        Counts = new int[armCount];
        Estimates = new double[armCount];
        _ties = new int[armCount];
        Rng = new Generator(seed);
        Array.Fill(Estimates, initialValue);
    }

    /// <summary>The number of arms K.</summary>
    public int ArmCount { get; }

    /// <summary>A short name for tables and plot legends.</summary>
    public abstract string Name { get; }

    /// <summary>Pulls of each arm so far.</summary>
    public int[] Counts { get; }

    /// <summary>The estimated value Q(k) of each arm.</summary>
    public double[] Estimates { get; }

    /// <summary>Total pulls so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The agent's generator (exploration and posterior samples).</summary>
    protected Generator Rng { get; private set; }

    /// <summary>The arm to pull next.</summary>
    public abstract int SelectArm();

    /// <summary>Learns that <paramref name="arm"/> paid <paramref name="reward"/>.</summary>
    public virtual void Update(int arm, double reward)
    {
        if ((uint)arm >= (uint)ArmCount) throw new ArgumentOutOfRangeException(nameof(arm), $"{Name}: arm {arm} is not in [0, {ArmCount}).");
        Counts[arm]++;
        Steps++;
        Estimates[arm] = IncrementalMean(Estimates[arm], reward, Counts[arm]);
    }

    /// <summary>Forgets everything and restarts the generator from the seed.</summary>
    public virtual void Reset()
    {
        Array.Clear(Counts);
        Array.Fill(Estimates, _initialValue);
        Steps = 0;
        Rng = new Generator(_seed);
    }

    /// <summary>The sample mean after one more reward: Q + (r − Q)/n (rewards [1, 0, 1, 1] give 0.75).</summary>
    public static double IncrementalMean(double mean, double reward, int count) => mean + (reward - mean) / count;

    /// <summary>The index of the largest of <paramref name="scores"/>, ties broken uniformly at random.</summary>
    protected int ArgmaxRandomTies(ReadOnlySpan<double> scores)
    {
        double best = double.NegativeInfinity;
        int n = 0;
        for (int k = 0; k < scores.Length; k++)
        {
            if (scores[k] > best)
            {
                best = scores[k];
                n = 0;
            }
            if (scores[k] == best) _ties[n++] = k;
        }
        return n == 1 ? _ties[0] : _ties[(int)Rng.NextInt64(0, n)];
    }
}
