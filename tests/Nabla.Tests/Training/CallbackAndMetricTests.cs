using Nabla.IO;
using Nabla.Training;
using Xunit;
using static Nabla.Tests.Training.TrainingFixtures;

namespace Nabla.Tests.Training;

public sealed class CallbackAndMetricTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-cb").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Trainer Make(double lr, params Metric[] metrics)
    {
        var model = Mlp(5);
        var trainer = new Trainer(model) { Output = TextWriter.Null };
        trainer.Compile(new PlainSgd(model.Parameters(), lr, 0.9), CrossEntropy, metrics);
        return trainer;
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceAndRestoresBestWeights()
    {
        var trainer = Make(0.0);
        var stop = new EarlyStopping("loss", patience: 1, restoreBestWeights: true);
        var h = trainer.Fit(Blobs(12, 1), epochs: 10, batchSize: 4, shuffle: false, callbacks: [stop], verbose: 0);
        Assert.Equal(3, h.Epochs.Count);
        Assert.Equal(2, stop.StoppedEpoch);
        Assert.Equal(0, stop.BestEpoch);
        Assert.Contains("EarlyStopping", h.StopReason);
    }

    [Fact]
    public void CheckpointCsvAndSchedulerCallbacks()
    {
        var trainer = Make(0.1, new Accuracy());
        var ckpt = new ModelCheckpoint(Path.Combine(_dir, "m{epoch}.safetensors"), monitor: "val_accuracy", saveBestOnly: false);
        var full = new ModelCheckpoint(Path.Combine(_dir, "full.safetensors"), saveWeightsOnly: false);
        string csv = Path.Combine(_dir, "log.csv");
        var sched = new StepDecay(trainer.Optimizer, 1, 0.5);
        var h = trainer.Fit(Blobs(30, 1), epochs: 3, batchSize: 10, validation: Blobs(9, 2), verbose: 0,
            callbacks: [ckpt, full, new CsvLogger(csv), new LearningRateScheduler(sched)]);
        Assert.Equal([0.1, 0.05, 0.025], h["lr"]);
        Assert.Same(sched, trainer.Scheduler);
        Assert.Equal(3, ckpt.Saved.Count);
        var weights = Safetensors.Load(ckpt.Saved[2]);
        Assert.Equal(trainer.Model.StateDict()["2.bias"].ToArray<float>(), weights["2.bias"].ToArray<float>());
        Assert.Equal(3, TrainingCheckpoint.Load(full.Saved[^1]).Epoch);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("epoch,accuracy,loss,lr,val_accuracy,val_loss", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("2,", lines[3]);
        trainer.Fit(Blobs(30, 1), epochs: 4, batchSize: 10, validation: Blobs(9, 2), verbose: 0, initialEpoch: 3, callbacks: [new CsvLogger(csv, append: true)]);
        Assert.Equal(5, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void SaveBestOnlySavesImprovementsOnly()
    {
        var trainer = Make(0.0);
        var ckpt = new ModelCheckpoint(Path.Combine(_dir, "b{epoch}.safetensors"), monitor: "loss", saveBestOnly: true);
        trainer.Fit(Blobs(12, 1), epochs: 3, batchSize: 4, shuffle: false, callbacks: [ckpt], verbose: 0);
        Assert.Single(ckpt.Saved);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TerminateOnNaNNamesStepAndEpoch(bool throwException)
    {
        var trainer = Make(1e30);
        var cb = new TerminateOnNaN(throwException);
        if (throwException)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(Blobs(40, 1), epochs: 20, batchSize: 4, callbacks: [cb], verbose: 0));
            Assert.Matches(@"global step \d+ \(epoch \d+, batch \d+\)", ex.Message);
            return;
        }
        var h = trainer.Fit(Blobs(40, 1), epochs: 20, batchSize: 4, callbacks: [cb], verbose: 0);
        Assert.Matches(@"loss became (NaN|∞|-∞|Infinity|-Infinity) at global step \d+ \(epoch \d+, batch \d+\)", h.StopReason);
        Assert.Equal(cb.Message, h.StopReason);
        Assert.True(h.Epochs.Count < 20);
    }

    [Fact]
    public void AccuracyHandlesIndicesProbabilitiesAndBinary()
    {
        var logits = Tensor.FromArray(new float[,] { { 0.1f, 0.9f, 0 }, { 2, 1, 0 }, { 0, 0.2f, 0.3f }, { 1, 3, 2 } });
        var acc = new Accuracy();
        acc.Update(logits, Tensor.FromArray(new long[] { 1, 0, 1, 2 }));
        Assert.Equal(0.5, acc.Result());
        acc.Update(logits, Tensor.FromArray(new float[,] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } }));
        Assert.Equal(6 / 8.0, acc.Result());
        acc.Reset();
        Assert.True(double.IsNaN(acc.Result()));
        var binary = new Accuracy(threshold: 0);
        binary.Update(Tensor.FromArray(new float[] { -1, 2, 0.5f, -0.1f }).Unsqueeze(1), Tensor.FromArray(new float[] { 0, 1, 0, 0 }));
        Assert.Equal(0.75, binary.Result());
        Assert.Contains("Accuracy", Assert.Throws<ArgumentException>(() => acc.Update(logits, Tensor.Zeros(3))).Message);
    }

    [Fact]
    public void TopKAndMeanLoss()
    {
        var logits = Tensor.FromArray(new float[,] { { 0.1f, 0.9f, 0 }, { 2, 1, 0 }, { 0, 0.2f, 0.3f } });
        var target = Tensor.FromArray(new long[] { 2, 1, 0 });
        var top2 = new TopKAccuracy(2);
        top2.Update(logits, target);
        Assert.Equal("top2_accuracy", top2.Name);
        Assert.Equal(1 / 3.0, top2.Result(), 12);
        var mean = new MeanLoss(CrossEntropy);
        mean.Update(logits, target);
        mean.Update(logits.Narrow(0, 0, 1), target.Narrow(0, 0, 1));
        double l3 = CrossEntropy(logits, target).Item(), l1 = CrossEntropy(logits.Narrow(0, 0, 1), target.Narrow(0, 0, 1)).Item();
        Assert.Equal((3 * l3 + l1) / 4, mean.Result(), 6);
        Assert.Throws<InvalidOperationException>(() => new MeanLoss().Update(logits, target));
    }

    [Fact]
    public void ConfusionMatrixCountsAndRenders()
    {
        var cm = new ConfusionMatrix(3);
        cm.Update(Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }), Tensor.FromArray(new long[] { 0, 1, 2, 2 }));
        Assert.Equal([1L, 0, 0, 0, 1, 0, 0, 1, 1], cm.Counts.ToArray<long>());
        Assert.Equal(DType.Int64, cm.Counts.DType);
        Assert.Equal(0.75, cm.Result());
        Assert.Equal([1.0, 1.0, 0.5], cm.PerClassAccuracy());
        var text = cm.ToString().Split('\n');
        Assert.Equal("true\\pred     0    1    2  accuracy", text[0]);
        Assert.Equal("2             0    1    1  0.5000", text[3]);
        Assert.Contains("out of range", Assert.Throws<ArgumentException>(() => cm.Update(Tensor.Zeros(1, 3), Tensor.FromArray(new long[] { 5 }))).Message);
    }
}
