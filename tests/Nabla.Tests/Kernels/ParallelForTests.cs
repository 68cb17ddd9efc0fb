using Nabla.Kernels;
using Xunit;

namespace Nabla.Tests.Kernels;

[Trait("Category", "Kernels")]
public class ParallelForTests
{
    [Fact]
    public void CoversEveryIndexOnceIncludingNestedCalls()
    {
        for (int round = 0; round < 200; round++)
        {
            int count = 1 + round % 37;
            var hits = new int[count * count];
            ParallelFor.Run(count, 1_000_000, (start, end) =>
            {
                for (int i = start; i < end; i++)
                    ParallelFor.Run(count, 1_000_000, (s, e) =>
                    {
                        for (int j = s; j < e; j++) Interlocked.Increment(ref hits[i * count + j]);
                    });
            });
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void PropagatesExceptionsAndStaysUsable()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ParallelFor.Run(64, 1_000_000, (_, end) =>
            {
                if (end == 64) throw new InvalidOperationException("boom");
            }));
        Assert.Equal("boom", error.Message);
        long sum = 0;
        ParallelFor.Run(100, 1_000_000, (start, end) =>
        {
            long local = 0;
            for (int i = start; i < end; i++) local += i;
            Interlocked.Add(ref sum, local);
        });
        Assert.Equal(4950, sum);
    }
}
