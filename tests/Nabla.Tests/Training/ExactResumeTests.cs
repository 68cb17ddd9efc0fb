using Nabla.IO;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Xunit;
using static Nabla.Tests.Training.TrainingFixtures;

namespace Nabla.Tests.Training;

/// <summary>
/// Killing a run and resuming it from its last training checkpoint ends with the same weights, bit for bit, as the run
/// that was never interrupted: with dropout drawing from the default generator and from its own, batch norm, a step LR
/// schedule, shuffled batches, and the checkpoint callback before or after the scheduler callback. The default
/// generator is process-wide, so these run alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ExactResumeTests : IDisposable
{
    private const int Epochs = 4;
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-exact-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private sealed class SimulatedCrash : Exception;

    /// <summary>Kills the run in the middle of an epoch, after the previous epoch's checkpoint was written.</summary>
    private sealed class Crash(int epoch, int batch) : Callback
    {
        public override void OnBatchEnd(int step, IReadOnlyDictionary<string, double> logs)
        {
            if (Owner.Epoch == epoch && step == batch) throw new SimulatedCrash();
        }
    }

    private sealed record Run(Trainer Trainer, Adam Optimizer, StepLR Scheduler);

    /// <summary>A fresh process's set-up: the model, optimizer and schedule built from scratch.</summary>
    private static Run Make()
    {
        var init = new Generator(1);
        var model = new Sequential(
            new Linear(4, 32, generator: init), new BatchNorm1d(32), new ReLU(), new Dropout(0.3),
            new Linear(32, 32, generator: init), new ReLU(), new Dropout(0.2, new Generator(17)),
            new Linear(32, 3, generator: init));
        var adam = new Adam(model.Parameters(), lr: 0.02);
        var trainer = new Trainer(model) { Output = TextWriter.Null };
        trainer.Compile(adam, CrossEntropy);
        return new Run(trainer, adam, new StepLR(adam, stepSize: 1, gamma: 0.5));
    }

    private List<Callback> Callbacks(Run run, string name, bool checkpointFirst)
    {
        var checkpoint = new ModelCheckpoint(Path.Combine(_dir, name + "-{epoch}.safetensors"), saveWeightsOnly: false);
        var scheduler = new LearningRateScheduler(run.Scheduler);
        return checkpointFirst ? [checkpoint, scheduler] : [scheduler, checkpoint];
    }

    private History Fit(Run run, List<Callback> callbacks, int initialEpoch = 0) =>
        run.Trainer.Fit(Blobs(60, 1), Epochs, batchSize: 8, callbacks: callbacks, seed: 42, verbose: 0, initialEpoch: initialEpoch);

    private static long[] Bits(Tensor t) => t.DType switch
    {
        DType.Float32 => t.ToArray<float>().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray(),
        DType.Float64 => t.ToArray<double>().Select(BitConverter.DoubleToInt64Bits).ToArray(),
        _ => t.ToArray<long>(),
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KilledAndResumedRunEndsBitIdenticalToAnUninterruptedOne(bool checkpointFirst)
    {
        Tensor.ManualSeed(0);
        var straight = Make();
        var full = Fit(straight, Callbacks(straight, "straight", checkpointFirst));
        var straightDefault = Generator.Default.GetState();

        Tensor.ManualSeed(0);
        var killed = Make();
        var callbacks = Callbacks(killed, "killed", checkpointFirst);
        callbacks.Add(new Crash(epoch: 2, batch: 3));
        Assert.Throws<SimulatedCrash>(() => Fit(killed, callbacks));
        string last = Path.Combine(_dir, "killed-2.safetensors");
        Assert.False(File.Exists(Path.Combine(_dir, "killed-3.safetensors")));

        Tensor.ManualSeed(12345);
        var resumed = Make();
        int epoch = TrainingCheckpoint.Restore(last, resumed.Trainer.Model, resumed.Optimizer, resumed.Scheduler, resumed.Trainer.Generator);
        Assert.Equal(2, epoch);
        var rest = Fit(resumed, Callbacks(resumed, "resumed", checkpointFirst), initialEpoch: epoch);

        Assert.Equal([2, 3], rest.Epochs);
        Assert.Equal([0.02, 0.01, 0.005, 0.0025], full["lr"]);
        Assert.Equal(full["lr"].Skip(2), rest["lr"]);
        Assert.Equal(full["loss"].Skip(2), rest["loss"]);
        var expected = straight.Trainer.Model.StateDict();
        var actual = resumed.Trainer.Model.StateDict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, t) in expected)
            Assert.True(Bits(t).SequenceEqual(Bits(actual[name])), $"{name} differs after resuming");
        Assert.Equal(straightDefault, Generator.Default.GetState());
    }

    [Fact]
    public void CheckpointContentsDoNotDependOnTheCallbackOrder()
    {
        var files = new List<TrainingCheckpoint>();
        foreach (bool checkpointFirst in new[] { true, false })
        {
            Tensor.ManualSeed(0);
            var run = Make();
            string name = checkpointFirst ? "first" : "last";
            Fit(run, Callbacks(run, name, checkpointFirst));
            files.Add(TrainingCheckpoint.Load(Path.Combine(_dir, name + "-2.safetensors")));
        }
        Assert.Equal(2L, files[0].Tensors["scheduler.step_count"].Item<long>());
        Assert.Equal(files[0].Tensors.Keys, files[1].Tensors.Keys);
        foreach (var (name, t) in files[0].Tensors)
            Assert.True(Bits(t).SequenceEqual(Bits(files[1].Tensors[name])), $"{name} differs between the callback orders");
        Assert.Contains("rng.default", files[0].Tensors.Keys);
        Assert.Contains("rng.model.6.generator", files[0].Tensors.Keys);
    }
}
