using Nabla.Autograd;

namespace Nabla.Training;

/// <summary>
/// Stops training when a monitored value stops improving, like <c>keras.callbacks.EarlyStopping</c>: after
/// <c>patience</c> epochs without an improvement larger than <c>minDelta</c>. With <c>restoreBestWeights</c> the model's
/// state from the best epoch is copied back when training ends.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly Monitor _monitor;
    private Dictionary<string, Tensor>? _bestState;

    /// <summary>Creates the callback.</summary>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, MonitorMode mode = MonitorMode.Auto, bool restoreBestWeights = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        _monitor = new Monitor(monitor, mode, minDelta);
        Patience = patience;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement tolerated before stopping.</summary>
    public int Patience { get; }

    /// <summary>Whether the best epoch's weights are restored at the end of training.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The best monitored value seen.</summary>
    public double Best { get; private set; }

    /// <summary>The epoch of <see cref="Best"/> (-1 before any).</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>The epoch after which training was stopped, or -1.</summary>
    public int StoppedEpoch { get; private set; } = -1;

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        Best = _monitor.Worst;
        BestEpoch = StoppedEpoch = -1;
        Wait = 0;
        _bestState = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double value = _monitor.Read(logs, "EarlyStopping");
        if (_monitor.IsImprovement(value, Best))
        {
            Best = value;
            BestEpoch = epoch;
            Wait = 0;
            if (RestoreBestWeights) SnapshotWeights();
            return;
        }
        if (++Wait > Patience)
        {
            StoppedEpoch = epoch;
            RequestStop($"EarlyStopping: '{_monitor.Key}' did not improve for {Wait} epoch(s) after epoch {BestEpoch} (best {Best:G6}).");
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd()
    {
        if (!RestoreBestWeights || _bestState is null) return;
        Owner.Model.LoadStateDict(_bestState);
        foreach (var t in _bestState.Values) t.Dispose();
        _bestState = null;
    }

    private void SnapshotWeights()
    {
        if (_bestState is not null)
            foreach (var t in _bestState.Values) t.Dispose();
        _bestState = [];
        using var _ = GradMode.NoGrad();
        using var __ = TensorScope.Suspend();
        foreach (var (k, v) in Owner.Model.StateDict()) _bestState[k] = v.Clone();
    }
}
