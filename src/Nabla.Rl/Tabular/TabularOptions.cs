namespace Nabla.Rl.Tabular;

/// <summary>Settings shared by the tabular learners (Monte Carlo, TD, SARSA, Q-learning).</summary>
public sealed record TabularOptions
{
    /// <summary>Episodes to run.</summary>
    public int Episodes { get; init; } = 500;

    /// <summary>The step size α (Monte Carlo ignores it and averages, unless <see cref="ConstantAlphaMonteCarlo"/>).</summary>
    public double Alpha { get; init; } = 0.1;

    /// <summary>The discount γ.</summary>
    public double Gamma { get; init; } = 1.0;

    /// <summary>The behaviour policy's ε by episode index (control methods).</summary>
    public Schedule Epsilon { get; init; } = Schedule.Constant(0.1);

    /// <summary>Seeds the environment's first reset and the learner's generator.</summary>
    public long Seed { get; init; }

    /// <summary>A safety limit on steps per episode for environments without a time limit; reaching it truncates the episode.</summary>
    public int MaxStepsPerEpisode { get; init; } = 10_000;

    /// <summary>The initial value of every table entry (optimistic values encourage exploration).</summary>
    public double InitialValue { get; init; }

    /// <summary>Monte Carlo with the constant step size α instead of sample averages.</summary>
    public bool ConstantAlphaMonteCarlo { get; init; }

    internal void Validate(string op)
    {
        if (Episodes <= 0) throw new ArgumentOutOfRangeException(nameof(Episodes), $"{op}: Episodes must be positive, got {Episodes}.");
        if (!(Alpha > 0 && Alpha <= 1)) throw new ArgumentOutOfRangeException(nameof(Alpha), $"{op}: Alpha {Alpha} is not in (0, 1].");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), $"{op}: Gamma {Gamma} is not in [0, 1].");
        if (MaxStepsPerEpisode <= 0) throw new ArgumentOutOfRangeException(nameof(MaxStepsPerEpisode), $"{op}: MaxStepsPerEpisode must be positive, got {MaxStepsPerEpisode}.");
    }
}

/// <summary>What a tabular control method learned, with its online learning curve.</summary>
/// <param name="Q">The action values Q[s, a].</param>
/// <param name="EpisodeReturns">The undiscounted return of each training episode (under the behaviour policy).</param>
/// <param name="EpisodeLengths">The length of each training episode.</param>
public sealed record TabularResult(double[,] Q, double[] EpisodeReturns, int[] EpisodeLengths)
{
    /// <summary>The greedy policy argmax_a Q[s, a] (ties to the lowest action).</summary>
    public int[] GreedyPolicy => Policies.Greedy(Q);
}
