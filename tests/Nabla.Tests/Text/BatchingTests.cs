using Nabla.Text;
using Xunit;

namespace Nabla.Tests.Text;

public class BatchingTests
{
    private static Tensor Range(int n) => Tensor.Arange(0, n, 1, DType.Int64);

    [Fact]
    public void BatchifyMatchesWordLanguageModel()
    {
        // torch: data = arange(26)[:24].view(4, -1).t()  -> (6, 4), column b = 6b .. 6b+5.
        var s = new ContiguousStream(Range(26), batchSize: 4);
        Assert.Equal([6, 4], s.Data.Dims);
        Assert.Equal(6, s.Length);
        Assert.Equal([0L, 6, 12, 18, 1, 7, 13, 19], s.Data.ToArray<long>()[..8]);
        Assert.Equal(3, s.BatchCount(2));
        Assert.Equal(2, s.BatchCount(4));

        var (x, y) = s.GetBatch(0, 2);
        Assert.Equal([2, 4], x.Dims);
        Assert.Equal([0L, 6, 12, 18, 1, 7, 13, 19], x.ToArray<long>());
        Assert.Equal([1L, 7, 13, 19, 2, 8, 14, 20], y.ToArray<long>());

        // The last batch is shorter: start 4, bptt 4 -> min(4, 6 - 1 - 4) = 1 step.
        var (lx, ly) = s.GetBatch(4, 4);
        Assert.Equal([1, 4], lx.Dims);
        Assert.Equal([4L, 10, 16, 22], lx.ToArray<long>());
        Assert.Equal([5L, 11, 17, 23], ly.ToArray<long>());

        var batches = s.Batches(2).ToList();
        Assert.Equal(3, batches.Count);
        Assert.Equal([4L, 10, 16, 22], batches[2].Inputs.ToArray<long>()[..4]);
        Assert.Equal([1, 4], batches[2].Targets.Dims);
    }

    [Fact]
    public void BatchFirstStreams()
    {
        var s = new ContiguousStream([.. Enumerable.Range(0, 13).Select(i => (long)i)], batchSize: 2, batchFirst: true);
        Assert.Equal([2, 6], s.Data.Dims);
        var (x, y) = s.GetBatch(3, 5);
        Assert.Equal([2, 2], x.Dims);
        Assert.True(x.IsContiguous);
        Assert.Equal([3L, 4, 9, 10], x.ToArray<long>());
        Assert.Equal([4L, 5, 10, 11], y.ToArray<long>());
    }

    [Fact]
    public void StreamErrors()
    {
        var s = new ContiguousStream(Range(10), 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.GetBatch(4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.GetBatch(0, 0));
        Assert.Contains("rank 2", Assert.Throws<ArgumentException>(() => new ContiguousStream(Tensor.Zeros([2, 5], DType.Int64), 2)).Message);
        Assert.Throws<ArgumentException>(() => new ContiguousStream(Range(3), 2));
        Assert.Throws<ArgumentException>(() => new ContiguousStream(Tensor.Zeros([10], DType.Float32), 2));
    }

    [Fact]
    public void RandomWindowsAreShiftedAndReproducible()
    {
        var tokens = Tensor.FromArray(Enumerable.Range(0, 50).Select(i => 3L * i).ToArray(), 50);
        var a = new RandomWindows(tokens, sequenceLength: 7, batchSize: 5, new Generator(11));
        var b = new RandomWindows(tokens, sequenceLength: 7, batchSize: 5, new Generator(11));
        Assert.Equal(43, a.OffsetCount);
        for (int step = 0; step < 3; step++)
        {
            var (x, y) = a.Next(out var offsets);
            var (x2, y2) = b.Next();
            Assert.Equal([5, 7], x.Dims);
            Assert.Equal([5, 7], y.Dims);
            Assert.Equal(x.ToArray<long>(), x2.ToArray<long>());
            Assert.Equal(y.ToArray<long>(), y2.ToArray<long>());
            var xs = x.ToArray<long>();
            var ys = y.ToArray<long>();
            for (int i = 0; i < 5; i++)
            {
                Assert.InRange(offsets[i], 0, 42);
                for (int t = 0; t < 7; t++)
                {
                    Assert.Equal(3 * (offsets[i] + t), xs[i * 7 + t]);
                    Assert.Equal(3 * (offsets[i] + t + 1), ys[i * 7 + t]);
                }
            }
        }
        var c = new RandomWindows(tokens, 7, 5, new Generator(12));
        Assert.NotEqual(new RandomWindows(tokens, 7, 5, new Generator(11)).Next().Inputs.ToArray<long>(), c.Next().Inputs.ToArray<long>());
    }

    [Fact]
    public void RandomWindowsCoverEveryOffset()
    {
        var w = new RandomWindows([0L, 1, 2, 3], sequenceLength: 2, batchSize: 64, new Generator(1));
        w.Next(out var offsets);
        Assert.Equal([0L, 1], offsets.Distinct().Order());
        Assert.Throws<ArgumentException>(() => new RandomWindows([0L, 1], 2, 1, new Generator(1)));
    }
}
