using Nabla.Optim;

namespace Nabla.Training;

/// <summary>
/// Steps an <see cref="LRScheduler"/> during training, like Keras's <c>LearningRateScheduler</c> but driven by a PyTorch
/// scheduler: once after each epoch (PyTorch's usual <c>scheduler.step()</c> placement), or after each batch when
/// <c>perBatch</c> is set (for warm-up or one-cycle schedules). The trainer's <see cref="Trainer.Scheduler"/> is set to it
/// so checkpoints include its state.
/// </summary>
public sealed class LearningRateScheduler(LRScheduler scheduler, bool perBatch = false) : Callback
{
    /// <summary>The scheduler being stepped.</summary>
    public LRScheduler Scheduler { get; } = scheduler;

    /// <summary>Whether the scheduler steps per batch instead of per epoch.</summary>
    public bool PerBatch { get; } = perBatch;

    /// <inheritdoc/>
    public override void OnTrainBegin() => Owner.Scheduler ??= Scheduler;

    /// <inheritdoc/>
    public override void OnBatchEnd(int step, IReadOnlyDictionary<string, double> logs)
    {
        if (PerBatch) Scheduler.Step();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (!PerBatch) Scheduler.Step();
    }
}
