namespace Nabla;

/// <summary>
/// The buffer behind one or more tensor views. Views count as references; when the last handle is disposed the
/// buffer goes back to the pool. Handles that are never disposed simply leave the buffer to the garbage collector.
/// </summary>
internal abstract class Storage
{
    private int _refs = 1;

    /// <summary>Number of usable elements.</summary>
    public abstract int Length { get; }

    /// <summary>Element type.</summary>
    public abstract DType DType { get; }

    public void AddRef() => Interlocked.Increment(ref _refs);

    public void Release()
    {
        if (Interlocked.Decrement(ref _refs) == 0) ReturnBuffer();
    }

    protected abstract void ReturnBuffer();
}

/// <summary>A typed storage buffer.</summary>
internal sealed class Storage<T> : Storage where T : unmanaged
{
    private T[]? _data;
    private readonly int _length;

    private Storage(T[] data, int length)
    {
        _data = data;
        _length = length;
    }

    /// <summary>A pooled buffer of <paramref name="length"/> elements, zeroed when <paramref name="zero"/>.</summary>
    public static Storage<T> Allocate(int length, bool zero)
    {
        var data = BufferPool<T>.Rent(length);
        if (zero) Array.Clear(data, 0, length);
        return new Storage<T>(data, length);
    }

    /// <summary>Wraps an existing array without copying; it is never returned to the pool.</summary>
    public static Storage<T> Wrap(T[] data) => new(data, data.Length) { Pooled = false };

    private bool Pooled { get; init; } = true;

    public T[] Data => _data ?? throw new ObjectDisposedException("Tensor", "The tensor's storage was disposed; a disposed tensor cannot be used.");

    public override int Length => _length;

    public override DType DType => DTypes.Of<T>();

    public Span<T> Span => Data.AsSpan(0, _length);

    protected override void ReturnBuffer()
    {
        var d = _data;
        _data = null;
        if (d is not null && Pooled) BufferPool<T>.Return(d);
    }
}
