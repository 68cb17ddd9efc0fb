using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Nabla.Data;

/// <summary>
/// Iterates a dataset in mini-batches, like <c>torch.utils.data.DataLoader</c>: optional shuffling from a seeded
/// <see cref="Generator"/> (one permutation drawn per enumeration, so a seed fixes the order of every epoch), optional
/// dropping of the last incomplete batch, and background prefetching of the next <c>prefetch</c> batches on a worker
/// thread. Batches are (inputs (B, ...), targets (B, ...)) and belong to the caller: dispose them to return their
/// buffers to the pool. An exception thrown by the dataset is raised on the consuming thread (also when it happened on
/// the worker) as a <see cref="DataLoaderException"/> that names the batch and its dataset indices and holds the
/// dataset's exception as its inner exception; disposing an enumerator (e.g. breaking out of <c>foreach</c>) stops its worker.
/// </summary>
public sealed class DataLoader : IEnumerable<(Tensor Inputs, Tensor Targets)>
{
    /// <summary>Creates a loader over <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The examples.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="shuffle">Draw a new random order at the start of each enumeration.</param>
    /// <param name="generator">Source of the shuffling order; a fresh one seeded with 0 when null.</param>
    /// <param name="dropLast">Skip the final batch when it has fewer than <paramref name="batchSize"/> examples.</param>
    /// <param name="prefetch">Batches prepared ahead on a worker thread; 0 loads on the consuming thread.</param>
    public DataLoader(IDataset dataset, int batchSize = 1, bool shuffle = false, Generator? generator = null, bool dropLast = false, int prefetch = 2)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"DataLoader: batchSize must be at least 1, got {batchSize}.");
        if (prefetch < 0) throw new ArgumentOutOfRangeException(nameof(prefetch), $"DataLoader: prefetch must be non-negative, got {prefetch}.");
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Generator = generator ?? new Generator(0);
        DropLast = dropLast;
        Prefetch = prefetch;
    }

    /// <summary>The dataset being iterated.</summary>
    public IDataset Dataset { get; }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each enumeration uses a fresh random order.</summary>
    public bool Shuffle { get; }

    /// <summary>The shuffling generator; its state is what a training checkpoint must save to resume the same order.</summary>
    public Generator Generator { get; }

    /// <summary>Whether the final incomplete batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Number of batches prepared ahead on the worker thread (0: no worker).</summary>
    public int Prefetch { get; }

    /// <summary>Number of batches per enumeration.</summary>
    public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The order of examples for one enumeration; draws from <see cref="Generator"/> when shuffling (Fisher–Yates).</summary>
    private int[] NextOrder()
    {
        var order = new int[Dataset.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (Shuffle)
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = (int)Generator.NextInt64(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        return order;
    }

    /// <summary>Starts an enumeration: draws its order now (on the calling thread) and, with prefetching, starts the worker.</summary>
    public IEnumerator<(Tensor Inputs, Tensor Targets)> GetEnumerator()
    {
        var order = NextOrder();
        return Prefetch == 0 ? Sequential(order) : new PrefetchEnumerator(this, order);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<(Tensor Inputs, Tensor Targets)> Sequential(int[] order)
    {
        for (int b = 0; b < Count; b++) yield return LoadBatch(order, b);
    }

    private (Tensor Inputs, Tensor Targets) LoadBatch(int[] order, int batch)
    {
        int start = batch * BatchSize;
        int length = Math.Min(BatchSize, order.Length - start);
        using var scope = TensorScope.Begin();
        Tensor inputs, targets;
        try
        {
            (inputs, targets) = Dataset.GetBatch(order.AsSpan(start, length));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DataLoaderException(batch, order.AsSpan(start, length).ToArray(), e);
        }
        return (scope.Keep(inputs), scope.Keep(targets));
    }

    private sealed class PrefetchEnumerator : IEnumerator<(Tensor Inputs, Tensor Targets)>
    {
        private readonly BlockingCollection<Item> _queue;
        private readonly CancellationTokenSource _cancel = new();
        private readonly Thread _worker;
        private (Tensor Inputs, Tensor Targets) _current;
        private bool _finished;

        private readonly record struct Item((Tensor Inputs, Tensor Targets) Batch, ExceptionDispatchInfo? Error, bool End);

        public PrefetchEnumerator(DataLoader loader, int[] order)
        {
            _queue = new BlockingCollection<Item>(loader.Prefetch);
            var token = _cancel.Token;
            _worker = new Thread(() => Produce(loader, order, token)) { IsBackground = true, Name = "Nabla.DataLoader" };
            _worker.Start();
        }

        private void Produce(DataLoader loader, int[] order, CancellationToken token)
        {
            try
            {
                for (int b = 0; b < loader.Count; b++)
                {
                    var batch = loader.LoadBatch(order, b);
                    try
                    {
                        _queue.Add(new Item(batch, null, false), token);
                    }
                    catch (OperationCanceledException)
                    {
                        batch.Inputs.Dispose();
                        batch.Targets.Dispose();
                        return;
                    }
                }
                _queue.Add(new Item(default, null, true), token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                try
                {
                    _queue.Add(new Item(default, ExceptionDispatchInfo.Capture(ex), true), token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        public (Tensor Inputs, Tensor Targets) Current => _current;

        object IEnumerator.Current => _current;

        public bool MoveNext()
        {
            if (_finished) return false;
            var item = _queue.Take();
            if (item.End)
            {
                _finished = true;
                _worker.Join();
                item.Error?.Throw();
                return false;
            }
            _current = item.Batch;
            return true;
        }

        public void Reset() => throw new NotSupportedException("DataLoader: enumerate the loader again to start a new pass.");

        public void Dispose()
        {
            if (_cancel.IsCancellationRequested) return;
            _cancel.Cancel();
            _worker.Join();
            while (_queue.TryTake(out var item))
            {
                item.Batch.Inputs?.Dispose();
                item.Batch.Targets?.Dispose();
            }
            _queue.Dispose();
            _cancel.Dispose();
        }
    }
}
