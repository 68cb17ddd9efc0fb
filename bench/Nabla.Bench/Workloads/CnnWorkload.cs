using System.Diagnostics;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.Bench.Workloads;

/// <summary>
/// Conv2d(1,32,3) → ReLU → MaxPool2d(2) → Conv2d(32,64,3) → ReLU → MaxPool2d(2) → Flatten → Linear(1600,128) → ReLU →
/// Linear(128,10) on Fashion-MNIST, Adam(1e-3), batch 64: 200 steps after 20 untimed warm-up steps, like
/// bench/reference/cnn.py.
/// </summary>
public sealed class CnnWorkload : Workload
{
    /// <inheritdoc />
    public override string Name => "cnn";

    /// <summary>The benchmark CNN.</summary>
    public static Sequential Model() => new(
        new Conv2d(1, 32, 3), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(1600, 128), new ReLU(), new Linear(128, 10));

    /// <inheritdoc />
    public override OrderedDictionary<string, double> RunNabla()
    {
        Tensor.ManualSeed(0);
        var (x, y) = FashionMnistData.Train;
        var model = Model();
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        var sampler = new FashionMnistData.Sampler(x.Dims[0], 64, new Generator(0));
        FashionMnistData.TrainSteps(model, optimizer, x, y, sampler, 20);
        long start = Stopwatch.GetTimestamp();
        FashionMnistData.TrainSteps(model, optimizer, x, y, sampler, 200);
        return new OrderedDictionary<string, double> { ["steps200_s"] = Stopwatch.GetElapsedTime(start).TotalSeconds };
    }
}
