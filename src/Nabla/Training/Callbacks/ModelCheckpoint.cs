using System.Globalization;
using Nabla.IO;

namespace Nabla.Training;

/// <summary>
/// Saves the model after each epoch, like <c>keras.callbacks.ModelCheckpoint</c>. <c>path</c> may contain
/// <c>{epoch}</c> (1-based, as in Keras). With <c>saveBestOnly</c> a file is written only when the monitored value
/// improves. With <c>saveWeightsOnly</c> (default) the file is the model's state dict in safetensors form (loadable by
/// <c>safetensors.torch.load_file</c>); otherwise it is a <see cref="TrainingCheckpoint"/> with the optimizer, the
/// trainer's LR scheduler, its shuffling generator, the default generator and the model's own generators, so training can
/// resume exactly. The trainer runs this callback after the others (see <see cref="Callback.SavesCheckpoints"/>), so a
/// file holds the state after every callback's end-of-epoch work, whatever the order of the callbacks. Writes are atomic.
/// </summary>
public sealed class ModelCheckpoint : Callback
{
    private readonly Monitor _monitor;

    /// <summary>Creates the callback.</summary>
    public ModelCheckpoint(string path, string monitor = "val_loss", bool saveBestOnly = false, MonitorMode mode = MonitorMode.Auto, bool saveWeightsOnly = true)
    {
        Path = path;
        _monitor = new Monitor(monitor, mode, 0);
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        Best = _monitor.Worst;
    }

    /// <summary>The path template.</summary>
    public string Path { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Whether only the model's state dict is saved.</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary>The best monitored value so far.</summary>
    public double Best { get; private set; }

    /// <summary>Files written, in order.</summary>
    public List<string> Saved { get; } = [];

    /// <inheritdoc/>
    public override bool SavesCheckpoints => true;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveBestOnly)
        {
            double value = _monitor.Read(logs, "ModelCheckpoint");
            if (!_monitor.IsImprovement(value, Best)) return;
            Best = value;
        }
        string file = Path.Replace("{epoch}", (epoch + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var trainer = Owner;
        if (SaveWeightsOnly)
            Safetensors.Save(file, trainer.Model.StateDict(), new Dictionary<string, string> { ["epoch"] = (epoch + 1).ToString(CultureInfo.InvariantCulture) });
        else
            TrainingCheckpoint.Save(file, trainer.Model, trainer.Optimizer, trainer.Scheduler, epoch + 1, trainer.Generator);
        Saved.Add(file);
    }
}
