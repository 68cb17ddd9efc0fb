using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Nabla.IO;
using Nabla.Nn;
using Nabla.Optim;
using Xunit;

namespace Nabla.Tests.IO;

/// <summary>
/// Training checkpoints carry a CRC-32C of each tensor's data and of the header: a flipped bit is an error naming the
/// file and the tensor, not a silently different model. Files of the first format (v1, without checksums) still load.
/// Restoring sets the default generator, so these run alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TrainingCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-ckpt").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static (Sequential Model, SGD Optimizer, StepLR Scheduler) Make(int seed)
    {
        var model = new Sequential(new Linear(3, 4, generator: new Generator(seed)), new Dropout(0.5, new Generator(seed + 1)));
        var sgd = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9);
        return (model, sgd, new StepLR(sgd, 1, 0.5));
    }

    private string Saved() => Saved(out _);

    /// <summary>A checkpoint after one step; <paramref name="dropoutState"/> is the dropout generator's state in it.</summary>
    private string Saved(out ulong[] dropoutState)
    {
        var (model, sgd, scheduler) = Make(1);
        model.Forward(Tensor.Ones(2, 3)).Sum().Backward();
        sgd.Step();
        scheduler.Step();
        string path = Path.Combine(_dir, "ckpt.safetensors");
        Tensor.ManualSeed(77);
        TrainingCheckpoint.Save(path, model, sgd, scheduler, 2, new Generator(5));
        dropoutState = model.NamedGenerators().Single().Generator.GetState();
        return path;
    }

    /// <summary>Where the data of <paramref name="tensor"/> starts in the file.</summary>
    private static long DataOffset(byte[] file, string tensor)
    {
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        return 8 + headerLength + header.RootElement.GetProperty(tensor).GetProperty("data_offsets")[0].GetInt64();
    }

    [Fact]
    public void RoundTripsAndRestoresEveryGenerator()
    {
        string path = Saved(out var dropoutState);
        Assert.NotEqual(new Generator(2).GetState(), dropoutState);
        var checkpoint = TrainingCheckpoint.Load(path);
        Assert.Equal("nabla.training_checkpoint.v2", checkpoint.Metadata["format"]);
        Assert.Contains("crc32c.model.0.weight", checkpoint.Metadata.Keys);
        Assert.Equal(["1.generator"], Make(0).Model.NamedGenerators().Select(g => g.Name));

        var (model, sgd, scheduler) = Make(9);
        var shuffle = new Generator(0);
        Tensor.ManualSeed(78);
        Assert.Equal(2, checkpoint.Restore(model, sgd, scheduler, shuffle));
        Assert.Equal(new Generator(5).GetState(), shuffle.GetState());
        Assert.Equal(new Generator(77).GetState(), Generator.Default.GetState());
        Assert.Equal(dropoutState, model.NamedGenerators().Single().Generator.GetState());
        Assert.Equal(1, scheduler.StepCount);
    }

    [Fact]
    public void AFlippedBitInTensorDataIsAnErrorNamingTheFileAndTensor()
    {
        string path = Saved();
        var bytes = File.ReadAllBytes(path);
        bytes[DataOffset(bytes, "model.0.weight") + 5] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path));
        Assert.Contains($"'{path}'", ex.Message);
        Assert.Contains("tensor 'model.0.weight' is corrupt", ex.Message);
        Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Restore(path, Make(1).Model, Make(1).Optimizer, null, new Generator(0)));
    }

    [Fact]
    public void AFlippedBitInTheHeaderIsAnError()
    {
        string path = Saved();
        var bytes = File.ReadAllBytes(path);
        var epoch = Encoding.ASCII.GetBytes("\"epoch\":\"2\"");
        int at = bytes.AsSpan().IndexOf(epoch);
        Assert.True(at > 0);
        bytes[at + epoch.Length - 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path));
        Assert.Contains($"'{path}'", ex.Message);
        Assert.Contains("the header (metadata, tensor names, dtypes or shapes) is corrupt", ex.Message);
    }

    [Fact]
    public void AV2FileWithoutChecksumsIsRejected()
    {
        var loaded = Safetensors.Load(Saved(), out var metadata);
        foreach (var key in metadata.Keys.Where(k => k.StartsWith("crc32c", StringComparison.Ordinal)).ToList()) metadata.Remove(key);
        string stripped = Path.Combine(_dir, "stripped.safetensors");
        Safetensors.Save(stripped, loaded, metadata);
        var ex = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(stripped));
        Assert.Contains("the header has no checksum", ex.Message);
    }

    [Fact]
    public void FirstFormatCheckpointsStillLoadAndRestore()
    {
        var (model, sgd, scheduler) = Make(3);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, v) in model.StateDict()) tensors["model." + k] = v;
        foreach (var (k, v) in sgd.StateDict()) tensors["optimizer." + k] = v;
        foreach (var (k, v) in scheduler.StateDict()) tensors["scheduler." + k] = v;
        tensors["rng.0"] = Tensor.FromArray(Array.ConvertAll(new Generator(8).GetState(), w => unchecked((long)w)));
        string path = Path.Combine(_dir, "v1.safetensors");
        Safetensors.Save(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "nabla.training_checkpoint.v1", ["epoch"] = "4", ["generators"] = "1", ["scheduler"] = "StepLR",
        });

        var (fresh, freshSgd, freshScheduler) = Make(4);
        var shuffle = new Generator(0);
        Tensor.ManualSeed(5);
        var defaultBefore = Generator.Default.GetState();
        Assert.Equal(4, TrainingCheckpoint.Restore(path, fresh, freshSgd, freshScheduler, shuffle));
        Assert.Equal(model.StateDict()["0.weight"].ToArray<float>(), fresh.StateDict()["0.weight"].ToArray<float>());
        Assert.Equal(new Generator(8).GetState(), shuffle.GetState());
        Assert.Equal(defaultBefore, Generator.Default.GetState());
    }

    [Fact]
    public void ForeignFilesAndMismatchedModelsAreClearErrors()
    {
        string weights = Path.Combine(_dir, "weights.safetensors");
        Safetensors.Save(weights, Make(1).Model.StateDict());
        var ex = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(weights));
        Assert.Contains("not a training checkpoint (metadata format is 'missing', expected 'nabla.training_checkpoint.v2' or 'nabla.training_checkpoint.v1')", ex.Message);

        var checkpoint = TrainingCheckpoint.Load(Saved());
        var plain = new Sequential(new Linear(3, 4), new Dropout(0.5));
        var mismatch = Assert.Throws<ArgumentException>(() =>
            checkpoint.Restore(plain, new SGD(plain.Parameters(), 0.1, momentum: 0.9), new StepLR(new SGD(plain.Parameters()), 1), new Generator(0)));
        Assert.Contains("model generators [1.generator] but the model has []", mismatch.Message);
    }

    [Fact]
    public void Crc32CInstructionPathMatchesTheTable()
    {
        var g = new Generator(11);
        for (int n = 0; n <= 100; n++)
        {
            var data = new byte[n];
            for (int i = 0; i < n; i++) data[i] = (byte)g.NextInt64(0, 256);
            Assert.Equal(Crc32C.ComputePortable(data), Crc32C.Compute(data));
        }
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }
}
