using System.Diagnostics;

namespace Nabla.Kernels;

public static partial class ParallelFor
{
    // After a job, workers keep polling this long before blocking, so back-to-back kernels (a GEMM per layer,
    // per time step) hand off in well under a microsecond instead of paying an OS wake-up each time.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000;

    private static readonly SemaphoreSlim s_done = new(0);
    private static Worker[] s_workers = [];
    private static int s_busy;
    private static int s_pending;
    private static int s_count;
    private static int s_parts;
    private static Action<int, int>? s_body;
    private static Exception? s_error;

    [ThreadStatic] private static bool t_isWorker;

    /// <summary>
    /// Runs chunk 0 on the caller and chunks 1..parts-1 on pool workers. A nested call from inside a body, or a
    /// call racing another thread's job, runs its chunks inline in order instead: same split, no deadlock.
    /// </summary>
    private static void RunPooled(int count, int parts, Action<int, int> body)
    {
        if (t_isWorker || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int t = 0; t < parts; t++)
            {
                var (start, end) = Chunk(count, parts, t);
                if (start < end) body(start, end);
            }
            return;
        }
        try
        {
            var workers = EnsureWorkers(parts - 1);
            s_body = body;
            s_count = count;
            s_parts = parts;
            s_error = null;
            Volatile.Write(ref s_pending, parts - 1);
            for (int w = 0; w < parts - 1; w++) workers[w].Start(w + 1);
            RunChunk(0);
            WaitUntil(() => Volatile.Read(ref s_pending) == 0);
            s_done.Wait();
            s_body = null;
            if (s_error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    private static void RunChunk(int index)
    {
        try
        {
            var (start, end) = Chunk(s_count, s_parts, index);
            if (start < end) s_body!(start, end);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref s_error, e, null);
        }
    }

    /// <summary>
    /// Polls for up to <see cref="SpinTicks"/> until <paramref name="ready"/> holds; false if it never did.
    /// <see cref="SpinWait"/> soon starts yielding, so when another process holds a core the thread we wait for
    /// still gets to run on ours instead of being starved by the spin.
    /// </summary>
    private static bool WaitUntil(Func<bool> ready)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        var spin = new SpinWait();
        while (!ready())
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            spin.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    private static Worker[] EnsureWorkers(int needed)
    {
        var workers = s_workers;
        if (workers.Length >= needed) return workers;
        var grown = new Worker[needed];
        Array.Copy(workers, grown, workers.Length);
        for (int i = workers.Length; i < needed; i++) grown[i] = new Worker(i + 1);
        s_workers = grown;
        return grown;
    }

    /// <summary>A background thread that runs one chunk per <see cref="Start"/>.</summary>
    private sealed class Worker
    {
        private readonly SemaphoreSlim _go = new(0);
        private readonly Func<bool> _hasWork;
        private int _index;

        public Worker(int id)
        {
            _hasWork = () => _go.CurrentCount > 0;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Nabla worker {id}" };
            thread.Start();
        }

        public void Start(int index)
        {
            _index = index;
            _go.Release();
        }

        private void Loop()
        {
            t_isWorker = true;
            while (true)
            {
                WaitUntil(_hasWork);
                _go.Wait();
                RunChunk(_index);
                if (Interlocked.Decrement(ref s_pending) == 0) s_done.Release();
            }
        }
    }
}
