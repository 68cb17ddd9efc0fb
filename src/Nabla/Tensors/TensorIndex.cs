namespace Nabla;

/// <summary>
/// One entry of a tensor indexer <c>x[...]</c>, with Python/NumPy meaning: an integer selects (and removes a
/// dimension), a range or <see cref="Slice"/> slices, <see cref="Ellipsis"/> stands for all remaining dimensions
/// and <see cref="NewAxis"/> inserts a size-1 dimension. Converts implicitly from <see cref="int"/>,
/// <see cref="System.Index"/> (<c>^1</c> is the last element) and <see cref="System.Range"/> (<c>1..^1</c>, <c>..</c>).
/// </summary>
public readonly struct TensorIndex
{
    internal enum IndexKind { Select, Slice, Ellipsis, NewAxis }

    internal IndexKind Kind { get; }

    /// <summary>Select position, or slice start (null: from the beginning); negative values count from the end.</summary>
    internal int? Start { get; }

    /// <summary>Exclusive slice end (null: to the end); negative values count from the end.</summary>
    internal int? End { get; }

    internal int Step { get; }

    private TensorIndex(IndexKind kind, int? start, int? end, int step)
    {
        Kind = kind;
        Start = start;
        End = end;
        Step = step;
    }

    /// <summary>Stands for as many full slices as needed to index every dimension, like Python's <c>...</c>.</summary>
    public static TensorIndex Ellipsis => new(IndexKind.Ellipsis, null, null, 1);

    /// <summary>Inserts a new size-1 dimension, like Python's <c>None</c> in an index.</summary>
    public static TensorIndex NewAxis => new(IndexKind.NewAxis, null, null, 1);

    /// <summary>A Python slice <c>start:end:step</c>; null bounds mean the ends, negative bounds count from the end; step must be positive.</summary>
    public static TensorIndex Slice(int? start = null, int? end = null, int step = 1)
    {
        if (step <= 0) throw new ArgumentException($"TensorIndex: slice step must be positive, got {step}.");
        return new(IndexKind.Slice, start, end, step);
    }

    /// <summary>Selects one position (negative counts from the end), removing the dimension.</summary>
    public static implicit operator TensorIndex(int index) => new(IndexKind.Select, index, null, 1);

    /// <summary>Selects one position; <c>^k</c> is the k-th from the end.</summary>
    public static implicit operator TensorIndex(Index index) => new(IndexKind.Select, index.IsFromEnd ? -index.Value : index.Value, null, 1);

    /// <summary>Slices with step 1; <c>^k</c> bounds count from the end.</summary>
    public static implicit operator TensorIndex(Range range) => new(IndexKind.Slice, Bound(range.Start, isEnd: false), Bound(range.End, isEnd: true), 1);

    private static int? Bound(Index i, bool isEnd) =>
        !i.IsFromEnd ? i.Value
        : i.Value != 0 ? -i.Value
        : isEnd ? null : int.MaxValue;

    /// <summary>Formats like the Python index it stands for.</summary>
    public override string ToString() => Kind switch
    {
        IndexKind.Select => $"{Start}",
        IndexKind.Ellipsis => "...",
        IndexKind.NewAxis => "None",
        _ => $"{Start}:{End}" + (Step == 1 ? "" : $":{Step}"),
    };
}
