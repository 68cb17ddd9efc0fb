using System.Globalization;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.IO;

/// <summary>
/// Everything needed to resume training exactly, in one safetensors file: the model's state dict under <c>model.</c>,
/// the optimizer's under <c>optimizer.</c>, the LR scheduler's under <c>scheduler.</c>, each random generator's state
/// (e.g. the data loader's shuffling generator) as an int64 tensor <c>rng.{i}</c>, and the epoch in the metadata.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const string Format = "nabla.training_checkpoint.v1";

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

    /// <summary>The file's metadata (<c>format</c>, <c>epoch</c>, <c>generators</c>, <c>scheduler</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Saves the state of training after <paramref name="epoch"/> completed epochs to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, Module model, Optimizer optimizer, LRScheduler? scheduler, int epoch, params Generator[] generators)
    {
        var tensors = new Dictionary<string, Tensor>();
        using var scope = TensorScope.Begin();
        foreach (var (k, v) in model.StateDict()) tensors["model." + k] = v;
        foreach (var (k, v) in optimizer.StateDict()) tensors["optimizer." + k] = v;
        if (scheduler is not null)
            foreach (var (k, v) in scheduler.StateDict()) tensors["scheduler." + k] = v;
        for (int i = 0; i < generators.Length; i++)
            tensors[$"rng.{i}"] = Tensor.FromArray(Array.ConvertAll(generators[i].GetState(), w => unchecked((long)w)));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["generators"] = generators.Length.ToString(CultureInfo.InvariantCulture),
            ["scheduler"] = scheduler is null ? "none" : scheduler.GetType().Name,
        };
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>; raises <see cref="InvalidDataException"/> if the file is not one.</summary>
    public static TrainingCheckpoint Load(string path)
    {
        var tensors = Safetensors.Load(path, out var metadata);
        if (!metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"TrainingCheckpoint.Load: '{path}': not a training checkpoint (metadata format is '{format ?? "missing"}').");
        if (!metadata.TryGetValue("epoch", out var e) || !int.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch))
            throw new InvalidDataException($"TrainingCheckpoint.Load: '{path}': the metadata has no valid epoch.");
        return new TrainingCheckpoint(epoch, tensors, metadata);
    }

    /// <summary>Loads <paramref name="path"/> into the given objects (see <see cref="Restore(Module, Optimizer, LRScheduler?, Generator[])"/>); returns the epoch.</summary>
    public static int Restore(string path, Module model, Optimizer optimizer, LRScheduler? scheduler, params Generator[] generators) =>
        Load(path).Restore(model, optimizer, scheduler, generators);

    /// <summary>
    /// Puts the stored state back into <paramref name="model"/>, <paramref name="optimizer"/>, <paramref name="scheduler"/>
    /// and <paramref name="generators"/> (which must match in number what was saved); returns <see cref="Epoch"/>.
    /// </summary>
    public int Restore(Module model, Optimizer optimizer, LRScheduler? scheduler, params Generator[] generators)
    {
        int saved = int.Parse(Metadata["generators"], CultureInfo.InvariantCulture);
        if (saved != generators.Length)
            throw new ArgumentException($"TrainingCheckpoint.Restore: the checkpoint holds {saved} generator state(s), {generators.Length} generator(s) were given.");
        if ((scheduler is null) != (Metadata["scheduler"] == "none"))
            throw new ArgumentException($"TrainingCheckpoint.Restore: the checkpoint's scheduler is '{Metadata["scheduler"]}' but {(scheduler is null ? "none" : scheduler.GetType().Name)} was given.");
        model.LoadStateDict(WithPrefix("model."));
        optimizer.LoadStateDict(WithPrefix("optimizer."));
        scheduler?.LoadStateDict(WithPrefix("scheduler."));
        for (int i = 0; i < generators.Length; i++)
            generators[i].SetState(Array.ConvertAll(Tensors[$"rng.{i}"].ToArray<long>(), w => unchecked((ulong)w)));
        return Epoch;
    }

    private Dictionary<string, Tensor> WithPrefix(string prefix)
    {
        var part = new Dictionary<string, Tensor>();
        foreach (var (k, v) in Tensors)
            if (k.StartsWith(prefix, StringComparison.Ordinal)) part[k[prefix.Length..]] = v;
        return part;
    }
}
