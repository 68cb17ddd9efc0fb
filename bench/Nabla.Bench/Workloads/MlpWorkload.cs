using System.Diagnostics;
using Nabla.Models.Vision;
using Nabla.Optim;

namespace Nabla.Bench.Workloads;

/// <summary>
/// The benchmark MLP (<see cref="Ladder.Mlp"/>) on Fashion-MNIST with Adam(1e-3), batch 32: one epoch of 1875 steps
/// after 50 untimed warm-up steps, like bench/reference/mlp.py.
/// </summary>
public sealed class MlpWorkload : Workload
{
    /// <inheritdoc />
    public override string Name => "mlp";

    /// <inheritdoc />
    public override OrderedDictionary<string, double> RunNabla()
    {
        Tensor.ManualSeed(0);
        var (x, y) = FashionMnistData.Train;
        var model = Ladder.Mlp(784, 10);
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        var sampler = new FashionMnistData.Sampler(x.Dims[0], 32, new Generator(0));
        FashionMnistData.TrainSteps(model, optimizer, x, y, sampler, 50);
        long start = Stopwatch.GetTimestamp();
        FashionMnistData.TrainSteps(model, optimizer, x, y, sampler, x.Dims[0] / 32);
        return new OrderedDictionary<string, double> { ["epoch_s"] = Stopwatch.GetElapsedTime(start).TotalSeconds };
    }
}
