using Nabla.Data;
using Nabla.Models.Vision;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Xunit;

namespace Nabla.Tests.Training;

/// <summary>
/// Seeded training on real Fashion-MNIST (Debian's dataset-fashion-mnist, installed by .ci/run), small enough for CI:
/// the first 10,000 training images, scored on the first 2,000 test images.
/// </summary>
public class FashionMnistConvergenceTests
{
    private static double TrainAndScore(string model, int epochs, int batchSize)
    {
        Tensor.ManualSeed(0);
        var train = new Subset(new FashionMnist(train: true), Enumerable.Range(0, 10_000).ToArray());
        var test = new Subset(new FashionMnist(train: false), Enumerable.Range(0, 2_000).ToArray());
        var net = Ladder.Create(model);
        var trainer = new Trainer(net) { Output = TextWriter.Null };
        trainer.Compile(new Adam(net.Parameters(), 1e-3), new CrossEntropyLoss().Forward, new Accuracy());
        trainer.Fit(train, epochs, batchSize, verbose: 0);
        return trainer.Evaluate(test, 500)["accuracy"];
    }

    [Fact]
    public void MlpLearnsFashionMnist()
    {
        double accuracy = TrainAndScore("mlp", epochs: 2, batchSize: 32);
        Assert.True(accuracy > 0.80, $"mlp test accuracy {accuracy:F4} after 2 epochs on 10k images (PyTorch reaches about 0.82)");
    }

    [Fact]
    public void LeNet5LearnsFashionMnist()
    {
        double accuracy = TrainAndScore("lenet5", epochs: 2, batchSize: 32);
        Assert.True(accuracy > 0.75, $"lenet5 test accuracy {accuracy:F4} after 2 epochs on 10k images");
    }
}
