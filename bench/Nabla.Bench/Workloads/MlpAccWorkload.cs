using System.Diagnostics;
using Nabla.Models.Vision;
using Nabla.Optim;

namespace Nabla.Bench.Workloads;

/// <summary>
/// The benchmark MLP trained 5 epochs from seed 0 (Adam 1e-3, batch 32), then its accuracy on the 10,000 test
/// images, like bench/reference/mlp_acc.py. <c>train_s</c> times the 5 epochs.
/// </summary>
public sealed class MlpAccWorkload : Workload
{
    /// <inheritdoc />
    public override string Name => "mlp_acc";

    /// <inheritdoc />
    public override MetricDirection DirectionOf(string metric) =>
        metric == "test_acc_5ep" ? MetricDirection.HigherIsBetter : MetricDirection.LowerIsBetter;

    /// <inheritdoc />
    public override bool IsSpeedMetric(string metric) => metric == "train_s";

    /// <inheritdoc />
    public override OrderedDictionary<string, double> RunNabla()
    {
        Tensor.ManualSeed(0);
        var (x, y) = FashionMnistData.Train;
        var (tx, ty) = FashionMnistData.Test;
        var model = Ladder.Mlp(784, 10);
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        var sampler = new FashionMnistData.Sampler(x.Dims[0], 32, new Generator(0));
        long start = Stopwatch.GetTimestamp();
        FashionMnistData.TrainSteps(model, optimizer, x, y, sampler, 5 * (x.Dims[0] / 32));
        double trainSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new OrderedDictionary<string, double>
        {
            ["test_acc_5ep"] = FashionMnistData.Accuracy(model, tx, ty),
            ["train_s"] = trainSeconds,
        };
    }
}
