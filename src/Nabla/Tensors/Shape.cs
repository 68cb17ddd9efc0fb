using System.Collections;

namespace Nabla;

/// <summary>
/// The sizes of a tensor's dimensions, outermost first, e.g. <c>(N, C, H, W)</c>.
/// Immutable; compares by value; prints like PyTorch's <c>torch.Size</c> as <c>[2, 3]</c>.
/// </summary>
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;

    /// <summary>Creates a shape from its dimension sizes; each must be non-negative.</summary>
    public Shape(params ReadOnlySpan<int> dims)
    {
        foreach (int d in dims)
            if (d < 0) throw new ArgumentException($"Shape: negative dimension {d} in [{string.Join(", ", dims.ToArray())}].");
        _dims = dims.ToArray();
    }

    internal Shape(int[] dims, bool noCopy) => _dims = noCopy ? dims : (int[])dims.Clone();

    internal int[] Dims => _dims ?? [];

    /// <summary>Number of dimensions (0 for a scalar).</summary>
    public int Rank => Dims.Length;

    /// <inheritdoc/>
    public int Count => Dims.Length;

    /// <summary>Size of dimension <paramref name="dim"/>; negative values count from the end.</summary>
    public int this[int dim] => Dims[Tensor.NormalizeDim(dim, Rank, "Shape")];

    /// <summary>Total number of elements (1 for a scalar).</summary>
    public int NumElements => Numel(Dims);

    /// <summary>The sizes as a new array.</summary>
    public int[] ToArray() => (int[])Dims.Clone();

    internal static int Numel(ReadOnlySpan<int> dims) =>
        TryNumel(dims, out long n) ? (int)n
            : throw new ArgumentException($"Shape: {Format(dims)} has more elements than the supported maximum of {int.MaxValue}.");

    /// <summary>
    /// The product of <paramref name="dims"/> in <paramref name="numel"/>; false when it exceeds <see cref="int.MaxValue"/>.
    /// A zero dimension makes the product 0 however large the others are (PyTorch accepts
    /// <c>torch.empty(2**31 - 1, 2**31 - 1, 0)</c>), and the running product stops at the first overflow so it cannot
    /// wrap around to a small, wrong count.
    /// </summary>
    internal static bool TryNumel(ReadOnlySpan<int> dims, out long numel)
    {
        numel = 1;
        if (dims.Contains(0))
        {
            numel = 0;
            return true;
        }
        foreach (int d in dims)
        {
            numel *= d;
            if (numel > int.MaxValue) return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in Dims) h.Add(d);
        return h.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    /// <summary>Converts a dimension array to a shape.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Formats as <c>[d0, d1, ...]</c>.</summary>
    public override string ToString() => Format(Dims);

    internal static string Format(ReadOnlySpan<int> dims) => "[" + string.Join(", ", dims.ToArray()) + "]";
}
