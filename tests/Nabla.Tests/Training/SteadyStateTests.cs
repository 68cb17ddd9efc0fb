using Nabla.Nn;
using Nabla.Optim;
using Xunit;
using Xunit.Abstractions;

namespace Nabla.Tests.Training;

/// <summary>A steady training loop reuses pooled buffers: after warm-up it allocates no new tensor buffers.</summary>
[Collection(SerialCollection.Name)]
public sealed class SteadyStateTests(ITestOutputHelper output)
{
    private const int Batch = 32, Batches = 8;

    [Fact]
    public void BenchmarkMlpWithAdamAllocatesNoBuffersAfterWarmUp()
    {
        var gen = new Generator(7);
        Tensor.ManualSeed(7);
        // Ladder.Mlp from Nabla.Models, built here because the tests reference only Nabla.
        var model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Dropout(0.2), new Linear(128, 10));
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        Tensor x, y;
        using (TensorScope.Suspend())
        {
            x = Tensor.Rand([Batches * Batch, 1, 28, 28], DType.Float32, gen);
            y = Tensor.Randint(0, 10, [Batches * Batch], generator: gen);
        }
        var index = new long[Batch];
        Tensor indexTensor;
        using (TensorScope.Suspend()) indexTensor = Tensor.FromArray(index, Batch);
        int step = 0;
        void Step()
        {
            // A fixed batch order; the index buffer is rewritten in place as the benchmark's permutation is.
            var slots = indexTensor.Data<long>();
            for (int i = 0; i < Batch; i++) slots[i] = (step % Batches) * Batch + (i * 5 + step) % Batch;
            step++;
            using var scope = TensorScope.Begin();
            var xb = x.IndexSelect(0, indexTensor);
            var yb = y.IndexSelect(0, indexTensor);
            optimizer.ZeroGrad();
            var loss = Functional.CrossEntropy(model.Forward(xb), yb);
            loss.Backward();
            optimizer.Step();
            Assert.True(double.IsFinite(loss.Item()));
        }

        for (int i = 0; i < 10; i++) Step();
        long misses = BufferPool.Misses;
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        const int Steps = 50;
        for (int i = 0; i < Steps; i++) Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - bytes) / Steps;
        output.WriteLine($"managed bytes per step: {perStep}");

        Assert.Equal(misses, BufferPool.Misses);
        Assert.InRange(perStep, 0, 64 * 1024);
    }
}
