using Nabla.Data;
using Xunit;

namespace Nabla.Tests.Data;

public class DataLoaderTests
{
    private static TensorDataset Numbers(int n) =>
        new(Tensor.Arange(0, n, 1, DType.Float32).Unsqueeze(1), Tensor.Arange(0, n, 1, DType.Int64));

    private static List<long[]> Targets(DataLoader loader)
    {
        var result = new List<long[]>();
        foreach (var (inputs, targets) in loader)
        {
            Assert.Equal(inputs.Dims[0], targets.Dims[0]);
            result.Add(targets.ToArray<long>());
            inputs.Dispose();
            targets.Dispose();
        }
        return result;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void BatchesInOrderWithAndWithoutDropLast(int prefetch)
    {
        var loader = new DataLoader(Numbers(10), batchSize: 4, prefetch: prefetch);
        Assert.Equal(3, loader.Count);
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], Targets(loader));
        var dropped = new DataLoader(Numbers(10), batchSize: 4, dropLast: true, prefetch: prefetch);
        Assert.Equal(2, dropped.Count);
        Assert.Equal(2, Targets(dropped).Count);
    }

    [Fact]
    public void ShuffleIsAPermutationReproducibleFromTheSeed()
    {
        var a = new DataLoader(Numbers(20), 6, shuffle: true, generator: new Generator(5));
        var b = new DataLoader(Numbers(20), 6, shuffle: true, generator: new Generator(5), prefetch: 0);
        var epoch1 = Targets(a).SelectMany(x => x).ToArray();
        Assert.Equal(epoch1, Targets(b).SelectMany(x => x).ToArray());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), epoch1.Order());
        Assert.NotEqual(Enumerable.Range(0, 20).Select(i => (long)i), epoch1);
        var epoch2 = Targets(a).SelectMany(x => x).ToArray();
        Assert.NotEqual(epoch1, epoch2);
        Assert.Equal(epoch2, Targets(b).SelectMany(x => x).ToArray());
    }

    private sealed class Failing(int failAt) : IDataset
    {
        public int Count => 10;

        public (Tensor Input, Tensor Target) Get(int index) =>
            index == failAt ? throw new IOException($"bad record {index}") : (Tensor.Scalar(index), Tensor.Scalar(index, DType.Int64));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void WorkerExceptionsSurfaceOnTheConsumer(int prefetch)
    {
        var loader = new DataLoader(new Failing(7), 3, prefetch: prefetch);
        int seen = 0;
        var ex = Assert.Throws<DataLoaderException>(() =>
        {
            foreach (var _ in loader) seen++;
        });
        Assert.Equal("DataLoader: loading batch 2 (dataset indices [6, 7, 8]) failed: bad record 7", ex.Message);
        Assert.Equal("bad record 7", Assert.IsType<IOException>(ex.InnerException).Message);
        Assert.Equal(2, ex.Batch);
        Assert.Equal([6, 7, 8], ex.Indices);
        Assert.Equal(2, seen);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void DatasetExceptionsNameTheShuffledIndicesOfTheFailingBatch(int prefetch)
    {
        var loader = new DataLoader(new Failing(7), 1, shuffle: true, generator: new Generator(3), prefetch: prefetch);
        var order = new List<int>();
        var ex = Assert.Throws<DataLoaderException>(() =>
        {
            foreach (var (inputs, _) in loader) order.Add((int)inputs.ToArray<float>()[0]);
        });
        Assert.Equal(order.Count, ex.Batch);
        Assert.Equal([7], ex.Indices);
        Assert.Equal($"DataLoader: loading batch {order.Count} (dataset index 7) failed: bad record 7", ex.Message);

        var wide = new DataLoader(new Failing(7), 10, prefetch: prefetch);
        var all = Assert.Throws<DataLoaderException>(() =>
        {
            foreach (var _ in wide) { }
        });
        Assert.Equal("DataLoader: loading batch 0 (dataset indices [0, 1, 2, 3, 4, 5, 6, 7, ...] (10 examples)) failed: bad record 7", all.Message);
    }

    private sealed class Counting : IDataset
    {
        public int Loaded;

        public int Count => 1000;

        public (Tensor Input, Tensor Target) Get(int index)
        {
            Interlocked.Increment(ref Loaded);
            return (Tensor.Scalar(index), Tensor.Scalar(index, DType.Int64));
        }
    }

    [Fact]
    public void AbandoningAnEnumerationStopsTheWorker()
    {
        var data = new Counting();
        var loader = new DataLoader(data, 10, prefetch: 2);
        foreach (var (inputs, _) in loader)
            if (inputs.ToArray<float>()[0] == 10) break;
        int afterBreak = Volatile.Read(ref data.Loaded);
        Thread.Sleep(100);
        Assert.Equal(afterBreak, Volatile.Read(ref data.Loaded));
        Assert.True(afterBreak <= 10 * (2 + 2 + 1), $"{afterBreak} examples loaded");
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Contains("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbers(3), 0)).Message);
        Assert.Contains("prefetch", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbers(3), 1, prefetch: -1)).Message);
    }
}
