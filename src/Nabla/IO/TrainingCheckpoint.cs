using System.Globalization;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.IO;

/// <summary>
/// Everything needed to resume training exactly, in one safetensors file: the model's state dict under <c>model.</c>,
/// the optimizer's under <c>optimizer.</c>, the LR scheduler's under <c>scheduler.</c>, and the state of every random
/// generator training draws from as an int64 tensor: the generators passed in (e.g. the data loader's shuffling
/// generator) as <c>rng.{i}</c>, <see cref="Generator.Default"/> (dropout masks and anything else given no generator) as
/// <c>rng.default</c>, and the model's own generators (<see cref="Module.NamedGenerators"/>) as <c>rng.model.{name}</c>.
/// The metadata holds the epoch and a CRC-32C of each tensor's data and of the header, which <see cref="Load"/> verifies,
/// so a flipped bit is reported instead of being trained on. Files of the first format (<c>v1</c>: no checksums, no
/// default or model generators) still load.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const string FormatV1 = "nabla.training_checkpoint.v1";
    private const string Format = "nabla.training_checkpoint.v2";
    private const string DefaultGeneratorKey = "rng.default";
    private const string ModelGeneratorPrefix = "rng.model.";

    private TrainingCheckpoint(int epoch, OrderedDictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        Epoch = epoch;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The number of completed epochs when the checkpoint was saved.</summary>
    public int Epoch { get; }

    /// <summary>All stored tensors with their prefixed names.</summary>
    public OrderedDictionary<string, Tensor> Tensors { get; }

    /// <summary>The file's metadata (<c>format</c>, <c>epoch</c>, <c>generators</c>, <c>scheduler</c> and the checksums).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Saves the state of training after <paramref name="epoch"/> completed epochs to <paramref name="path"/> (atomically):
    /// the model, optimizer and scheduler, the <paramref name="generators"/> given, <see cref="Generator.Default"/> and
    /// the model's own generators.
    /// </summary>
    public static void Save(string path, Module model, Optimizer optimizer, LRScheduler? scheduler, int epoch, params Generator[] generators)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var tensors = new Dictionary<string, Tensor>();
        using var scope = TensorScope.Begin();
        foreach (var (k, v) in model.StateDict()) tensors["model." + k] = v;
        foreach (var (k, v) in optimizer.StateDict()) tensors["optimizer." + k] = v;
        if (scheduler is not null)
            foreach (var (k, v) in scheduler.StateDict()) tensors["scheduler." + k] = v;
        for (int i = 0; i < generators.Length; i++) tensors[$"rng.{i}"] = StateTensor(generators[i]);
        lock (Generator.Default) tensors[DefaultGeneratorKey] = StateTensor(Generator.Default);
        foreach (var (name, g) in model.NamedGenerators()) tensors[ModelGeneratorPrefix + name] = StateTensor(g);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["generators"] = generators.Length.ToString(CultureInfo.InvariantCulture),
            ["scheduler"] = scheduler is null ? "none" : scheduler.GetType().Name,
        };
        CheckpointChecksums.Add(tensors, metadata);
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>
    /// Reads a checkpoint written by <see cref="Save"/>, verifying its checksums; raises <see cref="InvalidDataException"/>
    /// naming the file (and the tensor) if the file is not a training checkpoint or is corrupt.
    /// </summary>
    public static TrainingCheckpoint Load(string path)
    {
        var tensors = Safetensors.Load(path, out var metadata);
        if (!metadata.TryGetValue("format", out var format) || format is not (Format or FormatV1))
            throw new InvalidDataException($"TrainingCheckpoint.Load: '{path}': not a training checkpoint (metadata format is '{format ?? "missing"}', expected '{Format}' or '{FormatV1}').");
        if (format == Format) CheckpointChecksums.Verify(path, tensors, metadata);
        if (!metadata.TryGetValue("epoch", out var e) || !int.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch) || epoch < 0)
            throw new InvalidDataException($"TrainingCheckpoint.Load: '{path}': the metadata has no valid epoch.");
        if (!metadata.TryGetValue("generators", out var g) || !int.TryParse(g, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 0
            || !metadata.ContainsKey("scheduler"))
            throw new InvalidDataException($"TrainingCheckpoint.Load: '{path}': the metadata has no valid 'generators' count or 'scheduler' entry.");
        return new TrainingCheckpoint(epoch, tensors, metadata);
    }

    /// <summary>Loads <paramref name="path"/> into the given objects (see <see cref="Restore(Module, Optimizer, LRScheduler?, Generator[])"/>); returns the epoch.</summary>
    public static int Restore(string path, Module model, Optimizer optimizer, LRScheduler? scheduler, params Generator[] generators) =>
        Load(path).Restore(model, optimizer, scheduler, generators);

    /// <summary>
    /// Puts the stored state back into <paramref name="model"/>, <paramref name="optimizer"/>, <paramref name="scheduler"/>
    /// and <paramref name="generators"/> (which must match in number what was saved), and into
    /// <see cref="Generator.Default"/> and the model's own generators; returns <see cref="Epoch"/>.
    /// </summary>
    public int Restore(Module model, Optimizer optimizer, LRScheduler? scheduler, params Generator[] generators)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        int saved = int.Parse(Metadata["generators"], CultureInfo.InvariantCulture);
        if (saved != generators.Length)
            throw new ArgumentException($"TrainingCheckpoint.Restore: the checkpoint holds {saved} generator state(s), {generators.Length} generator(s) were given.");
        if ((scheduler is null) != (Metadata["scheduler"] == "none"))
            throw new ArgumentException($"TrainingCheckpoint.Restore: the checkpoint's scheduler is '{Metadata["scheduler"]}' but {(scheduler is null ? "none" : scheduler.GetType().Name)} was given.");
        var modelGenerators = model.NamedGenerators().ToList();
        bool hasRandomState = Tensors.ContainsKey(DefaultGeneratorKey);
        if (hasRandomState)
        {
            var savedNames = Tensors.Keys.Where(k => k.StartsWith(ModelGeneratorPrefix, StringComparison.Ordinal)).Select(k => k[ModelGeneratorPrefix.Length..]).Order(StringComparer.Ordinal);
            var names = modelGenerators.Select(m => m.Name).Order(StringComparer.Ordinal);
            if (!savedNames.SequenceEqual(names))
                throw new ArgumentException($"TrainingCheckpoint.Restore: the checkpoint holds the model generators [{string.Join(", ", savedNames)}] but the model has [{string.Join(", ", names)}].");
        }
        model.LoadStateDict(WithPrefix("model."));
        optimizer.LoadStateDict(WithPrefix("optimizer."));
        scheduler?.LoadStateDict(WithPrefix("scheduler."));
        for (int i = 0; i < generators.Length; i++) RestoreState(generators[i], $"rng.{i}");
        if (hasRandomState)
        {
            lock (Generator.Default) RestoreState(Generator.Default, DefaultGeneratorKey);
            foreach (var (name, g) in modelGenerators) RestoreState(g, ModelGeneratorPrefix + name);
        }
        return Epoch;
    }

    private static Tensor StateTensor(Generator generator) => Tensor.FromArray(Array.ConvertAll(generator.GetState(), w => unchecked((long)w)));

    private void RestoreState(Generator generator, string key) =>
        generator.SetState(Array.ConvertAll(Tensors[key].ToArray<long>(), w => unchecked((ulong)w)));

    private Dictionary<string, Tensor> WithPrefix(string prefix)
    {
        var part = new Dictionary<string, Tensor>();
        foreach (var (k, v) in Tensors)
            if (k.StartsWith(prefix, StringComparison.Ordinal)) part[k[prefix.Length..]] = v;
        return part;
    }
}
