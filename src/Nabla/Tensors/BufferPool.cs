using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>Counters shared by every <see cref="BufferPool{T}"/>.</summary>
internal static class BufferPool
{
    private static long _misses;

    /// <summary>
    /// Buffers the pools have had to allocate anew since the process started, over all element types; a steady
    /// training loop that disposes its temporaries stops adding to it after warm-up.
    /// </summary>
    public static long Misses => Interlocked.Read(ref _misses);

    internal static void CountMiss() => Interlocked.Increment(ref _misses);
}

/// <summary>
/// Size-bucketed pool of element buffers, so a steady training loop reuses the arrays of tensors it disposed
/// instead of allocating new ones. Buckets are powers of two; each keeps a bounded number of arrays.
/// </summary>
internal static class BufferPool<T> where T : unmanaged
{
    private const int MinBucketLog = 6;      // below 64 elements pooling costs more than it saves
    private const int MaxBucketLog = 30;
    private const int MaxPerBucket = 64;

    // Large buckets keep fewer arrays, so the pool never holds more than about this many bytes per bucket: enough
    // for a training step's big activations to be reused, without pinning gigabytes once a big step is over.
    private const long MaxBytesPerBucket = 256L << 20;
    private static readonly Stack<T[]>[] Buckets = CreateBuckets();

    private static Stack<T[]>[] CreateBuckets()
    {
        var b = new Stack<T[]>[MaxBucketLog + 1];
        for (int i = 0; i < b.Length; i++) b[i] = new Stack<T[]>();
        return b;
    }

    private static int BucketOf(int length) => length <= 1 << MinBucketLog ? MinBucketLog : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)length - 1);

    /// <summary>Rents an array of at least <paramref name="length"/> elements; contents are unspecified.</summary>
    public static T[] Rent(int length)
    {
        int bucket = BucketOf(length);
        if (bucket > MaxBucketLog)
        {
            BufferPool.CountMiss();
            return new T[length];
        }
        var stack = Buckets[bucket];
        lock (stack)
        {
            if (stack.Count > 0) return stack.Pop();
        }
        BufferPool.CountMiss();
        return GC.AllocateUninitializedArray<T>(1 << bucket);
    }

    /// <summary>Returns an array obtained from <see cref="Rent"/>.</summary>
    public static void Return(T[] array)
    {
        int len = array.Length;
        if (len < 1 << MinBucketLog || (len & (len - 1)) != 0) return;
        int bucket = BucketOf(len);
        if (bucket > MaxBucketLog) return;
        var stack = Buckets[bucket];
        lock (stack)
        {
            if (stack.Count < Math.Max(2, Math.Min(MaxPerBucket, MaxBytesPerBucket / ((long)len * Unsafe.SizeOf<T>())))) stack.Push(array);
        }
    }
}
