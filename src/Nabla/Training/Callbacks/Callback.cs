namespace Nabla.Training;

/// <summary>
/// Base of training callbacks, like <c>keras.callbacks.Callback</c>. <see cref="Trainer.Fit"/> sets <see cref="Trainer"/>
/// and calls the hooks; <c>logs</c> holds the values logged so far (<c>loss</c>, metrics, <c>val_</c>..., <c>lr</c>).
/// </summary>
public abstract class Callback
{
    /// <summary>The trainer running this callback (set at the start of <see cref="Trainer.Fit"/>).</summary>
    public Trainer? Trainer { get; internal set; }

    /// <summary>
    /// Whether this callback saves checkpoints (as <see cref="ModelCheckpoint"/> does). <see cref="Trainer.Fit"/> calls such
    /// callbacks after all the others in every hook, whatever their place in the list (as PyTorch Lightning orders its
    /// <c>ModelCheckpoint</c>), so what they save after an epoch includes the other callbacks' work for that epoch, e.g. a
    /// <see cref="LearningRateScheduler"/>'s end-of-epoch step, and resuming from it continues exactly.
    /// </summary>
    public virtual bool SavesCheckpoints => false;

    /// <summary>The trainer, or an error if the callback is used outside <see cref="Trainer.Fit"/>.</summary>
    protected Trainer Owner => Trainer ?? throw new InvalidOperationException($"{GetType().Name}: not attached to a Trainer.");

    /// <summary>Called once before the first epoch.</summary>
    public virtual void OnTrainBegin() { }

    /// <summary>Called once after the last epoch (also after an early stop).</summary>
    public virtual void OnTrainEnd() { }

    /// <summary>Called before epoch <paramref name="epoch"/> (0-based).</summary>
    public virtual void OnEpochBegin(int epoch) { }

    /// <summary>Called after epoch <paramref name="epoch"/> with its training and validation logs.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Called after training batch <paramref name="step"/> of the epoch (0-based) with the batch's <c>loss</c>.</summary>
    public virtual void OnBatchEnd(int step, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>Asks the trainer to stop after the current batch, recording <paramref name="reason"/> in the history.</summary>
    protected void RequestStop(string reason) => Owner.Stop(reason);
}
