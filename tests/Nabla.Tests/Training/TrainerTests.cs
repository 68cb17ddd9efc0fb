using Nabla.Data;
using Nabla.IO;
using Nabla.Training;
using Xunit;
using Xunit.Abstractions;
using static Nabla.Tests.Training.TrainingFixtures;

namespace Nabla.Tests.Training;

public class TrainerTests(ITestOutputHelper output)
{
    private static Trainer Compiled(int seed, out PlainSgd sgd, double lr = 0.1, double momentum = 0.9, params Metric[] metrics)
    {
        var model = Mlp(seed);
        sgd = new PlainSgd(model.Parameters(), lr, momentum);
        var trainer = new Trainer(model) { Output = TextWriter.Null };
        trainer.Compile(sgd, CrossEntropy, metrics);
        return trainer;
    }

    [Fact]
    public void FitLearnsBlobsAndLogsKerasKeys()
    {
        var trainer = Compiled(1, out _, metrics: [new Accuracy(), new TopKAccuracy(2)]);
        var history = trainer.Fit(Blobs(120, 3), epochs: 5, batchSize: 16, validation: Blobs(60, 4), verbose: 0);
        Assert.Equal([0, 1, 2, 3, 4], history.Epochs);
        foreach (var key in new[] { "loss", "accuracy", "top2_accuracy", "lr", "val_loss", "val_accuracy", "val_top2_accuracy" })
            Assert.Equal(5, history[key].Count);
        Assert.True(history["loss"][4] < history["loss"][0] * 0.5, $"loss {history["loss"][0]} -> {history["loss"][4]}");
        Assert.True(history["val_accuracy"][4] > 0.9);
        Assert.All(history["lr"], lr => Assert.Equal(0.1, lr));
        Assert.Equal(5 * 8, trainer.GlobalStep);
        Assert.True(trainer.Model.Training);
        var eval = trainer.Evaluate(Blobs(60, 4), batchSize: 7);
        Assert.Equal(history["val_loss"][4], eval["loss"], 5);
        Assert.Equal(history["val_accuracy"][4], eval["accuracy"], 12);
    }

    [Fact]
    public void PredictMatchesForwardForTensorsAndDatasets()
    {
        var trainer = Compiled(2, out _);
        var data = Blobs(25, 5);
        var expected = trainer.Model.Forward(data.Inputs).ToArray<float>();
        Assert.Equal(expected, trainer.Predict(data.Inputs, batchSize: 7).ToArray<float>());
        var fromDataset = trainer.Predict(data, batchSize: 4);
        Assert.Equal([25, 3], fromDataset.Dims);
        Assert.Equal(expected, fromDataset.ToArray<float>());
    }

    [Fact]
    public void UncompiledTrainerExplains()
    {
        var trainer = new Trainer(Mlp(1));
        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(Blobs(6, 1), 1, verbose: 0));
        Assert.Contains("Compile", ex.Message);
        Assert.Throws<ArgumentException>(() => trainer.Compile(new PlainSgd(trainer.Model.Parameters(), 0.1), CrossEntropy, new Accuracy(), new Accuracy()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SteadyStateTrainStepAllocatesFarLessThanOneParameter(bool withMetric)
    {
        var model = new Nabla.Nn.Sequential(new Affine(64, 256, new Generator(1)), new ReluModule(), new Affine(256, 10, new Generator(2)));
        var trainer = new Trainer(model) { Output = TextWriter.Null };
        trainer.Compile(new PlainSgd(model.Parameters(), 0.01, 0.9), CrossEntropy, withMetric ? [new Accuracy()] : []);
        var x = Tensor.Randn([32, 64], DType.Float32, new Generator(9));
        var y = Tensor.Randint(0, 10, [32], DType.Int64, new Generator(10));
        for (int i = 0; i < 50; i++) trainer.TrainStep(x, y);
        const int Steps = 200;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Steps; i++) trainer.TrainStep(x, y);
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / Steps;
        long largestParameter = model.Parameters().Max(p => (long)p.NumElements * sizeof(float));
        output.WriteLine($"managed bytes per steady-state step (metric: {withMetric}): {perStep}; largest parameter: {largestParameter} bytes");
        Assert.True(perStep < largestParameter / 2, $"{perStep} bytes per step");
    }

    [Fact]
    public void ResumingFromCheckpointIsBitIdentical()
    {
        var data = Blobs(50, 11);
        string dir = Directory.CreateTempSubdirectory("nabla-resume").FullName;
        try
        {
            (Trainer, PlainSgd, StepDecay) Make()
            {
                var t = Compiled(7, out var sgd, lr: 0.05, momentum: 0.9);
                var sched = new StepDecay(sgd, stepSize: 1, gamma: 0.7);
                return (t, sgd, sched);
            }

            var (straight, _, s1) = Make();
            var h1 = straight.Fit(data, epochs: 4, batchSize: 8, seed: 42, verbose: 0, callbacks: [new LearningRateScheduler(s1)]);

            var (first, sgd2, s2) = Make();
            first.Fit(data, epochs: 2, batchSize: 8, seed: 42, verbose: 0, callbacks: [new LearningRateScheduler(s2)]);
            string path = Path.Combine(dir, "ckpt.safetensors");
            TrainingCheckpoint.Save(path, first.Model, sgd2, s2, 2, first.Generator);

            var (resumed, sgd3, s3) = Make();
            Assert.NotEqual(straight.Model.StateDict()["0.weight"].ToArray<float>(), resumed.Model.StateDict()["0.weight"].ToArray<float>().Select(v => v + 1).ToArray());
            int epoch = TrainingCheckpoint.Restore(path, resumed.Model, sgd3, s3, resumed.Generator);
            Assert.Equal(2, epoch);
            var h2 = resumed.Fit(data, epochs: 4, batchSize: 8, seed: 42, verbose: 0, initialEpoch: epoch, callbacks: [new LearningRateScheduler(s3)]);

            Assert.Equal([2, 3], h2.Epochs);
            Assert.Equal(h1["lr"].Skip(2), h2["lr"]);
            Assert.Equal(h1["loss"].Skip(2), h2["loss"]);
            foreach (var (name, p) in straight.Model.StateDict())
                Assert.Equal(p.ToArray<float>(), resumed.Model.StateDict()[name].ToArray<float>());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private sealed class StopAt(int batch) : Callback
    {
        public override void OnBatchEnd(int step, IReadOnlyDictionary<string, double> logs)
        {
            if (step == batch) RequestStop($"stopped at batch {batch}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProgressLineCountsTheBatchesRunWhenStoppedEarly(bool interactive)
    {
        var output = new StringWriter();
        var trainer = Compiled(4, out _);
        trainer.Output = output;
        trainer.InteractiveOutput = interactive;
        trainer.Fit(Blobs(57 * 4, 1), epochs: 3, batchSize: 4, verbose: interactive ? 1 : 2, callbacks: [new StopAt(2)]);
        string text = output.ToString();
        Assert.DoesNotContain("57/57", text);
        Assert.Matches(interactive ? @"\r 3/57 \[=*>\.+\] - \d+s" : @"(?m)^3/57 - \d+s \d+(us|ms|s)/step - loss: ", text);
        Assert.Contains("stopped at batch 2", text);
        Assert.Equal(3, trainer.GlobalStep);
    }

    [Fact]
    public void VerboseOutputPrintsEpochLinesOrCarriageReturnBar()
    {
        var plain = new StringWriter();
        var trainer = Compiled(4, out _, metrics: [new Accuracy()]);
        trainer.Output = plain;
        trainer.InteractiveOutput = false;
        trainer.Fit(Blobs(30, 1), epochs: 2, batchSize: 8, verbose: 1);
        var lines = plain.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0].TrimEnd());
        Assert.Matches(@"^4/4 - \d+s \d+(us|ms|s)/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - lr: 0\.1000", lines[1]);
        Assert.DoesNotContain('\r', plain.ToString());

        var tty = new StringWriter();
        trainer.Output = tty;
        trainer.InteractiveOutput = true;
        trainer.Fit(Blobs(30, 1), epochs: 1, batchSize: 8, verbose: 1);
        Assert.Contains("\r4/4 [==============================]", tty.ToString());
        Assert.Contains(" - loss: ", tty.ToString());

        var silent = new StringWriter();
        trainer.Output = silent;
        trainer.Fit(Blobs(30, 1), epochs: 1, batchSize: 8, verbose: 0);
        Assert.Equal("", silent.ToString());
    }
}
