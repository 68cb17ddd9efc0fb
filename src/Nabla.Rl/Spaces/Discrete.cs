namespace Nabla.Rl.Spaces;

/// <summary>The integers <c>{Start, ..., Start + N − 1}</c>, like <c>gymnasium.spaces.Discrete(n, start)</c>.</summary>
public sealed class Discrete : Space<int>
{
    /// <summary>Creates the space of <paramref name="n"/> integers starting at <paramref name="start"/>.</summary>
    public Discrete(int n, int start = 0)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"Discrete: n must be positive, got {n}.");
        N = n;
        Start = start;
    }

    /// <summary>The number of elements.</summary>
    public int N { get; }

    /// <summary>The smallest element.</summary>
    public int Start { get; }

    /// <inheritdoc />
    public override int Sample() => Start + (int)Rng.NextInt64(0, N);

    /// <inheritdoc />
    public override bool Contains(int value) => value >= Start && value < Start + N;

    /// <summary>Gymnasium's form: <c>Discrete(2)</c>, or <c>Discrete(3, start=-1)</c>.</summary>
    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
