using Nabla.IO;

namespace Nabla.Training;

/// <summary>
/// Writes TensorBoard logs, like <c>keras.callbacks.TensorBoard</c>: per-epoch scalars <c>epoch_{key}</c> in
/// <c>{logDir}/train</c> (training keys and <c>lr</c>) and <c>{logDir}/validation</c> (the <c>val_</c> keys, without the
/// prefix), optional per-batch <c>batch_loss</c> at the global step, and every <c>histogramFreq</c> epochs a histogram of
/// each parameter (tag = its dotted name).
/// </summary>
public sealed class TensorBoard(string logDir, int histogramFreq = 1, bool logBatches = false) : Callback
{
    private SummaryWriter? _train, _validation;

    /// <summary>The log directory.</summary>
    public string LogDir { get; } = logDir;

    /// <summary>Epochs between weight histograms (0: none).</summary>
    public int HistogramFreq { get; } = histogramFreq;

    /// <summary>The training event file, once training has begun.</summary>
    public string? TrainFile { get; private set; }

    /// <summary>The validation event file, once validation logs have been written.</summary>
    public string? ValidationFile { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        _train ??= new SummaryWriter(Path.Combine(LogDir, "train"));
        TrainFile = _train.FilePath;
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(int step, IReadOnlyDictionary<string, double> logs)
    {
        if (logBatches && logs.TryGetValue("loss", out var loss)) _train!.AddScalar("batch_loss", loss, Owner.GlobalStep);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var train = _train ?? throw new InvalidOperationException("TensorBoard: OnEpochEnd before OnTrainBegin.");
        foreach (var (key, value) in logs)
        {
            if (key.StartsWith("val_", StringComparison.Ordinal))
            {
                _validation ??= new SummaryWriter(Path.Combine(LogDir, "validation"));
                ValidationFile = _validation.FilePath;
                _validation.AddScalar("epoch_" + key[4..], value, epoch);
            }
            else
                train.AddScalar("epoch_" + (key == "lr" ? "learning_rate" : key), value, epoch);
        }
        if (HistogramFreq > 0 && epoch % HistogramFreq == 0)
            foreach (var (name, p) in Owner.Model.NamedParameters()) train.AddHistogram(name, p, epoch);
        train.Flush();
        _validation?.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd()
    {
        _train?.Dispose();
        _validation?.Dispose();
        _train = _validation = null;
    }
}
