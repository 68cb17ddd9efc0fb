using System.Globalization;

namespace Nabla.Training;

/// <summary>
/// Stops training as soon as a batch loss is NaN or infinite, like <c>keras.callbacks.TerminateOnNaN</c>. The stop
/// reason (in <see cref="History.StopReason"/> and <see cref="Message"/>) names the global step and the epoch.
/// With <c>throwException</c> it raises an <see cref="InvalidOperationException"/> with that message instead.
/// </summary>
public sealed class TerminateOnNaN(bool throwException = false) : Callback
{
    /// <summary>The message describing where the loss diverged, or null while it has not.</summary>
    public string? Message { get; private set; }

    /// <inheritdoc/>
    public override void OnBatchEnd(int step, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue("loss", out var loss) || double.IsFinite(loss)) return;
        var t = Owner;
        Message = string.Create(CultureInfo.InvariantCulture,
            $"TerminateOnNaN: loss became {loss} at global step {t.GlobalStep} (epoch {t.Epoch}, batch {step}); training stopped.");
        if (throwException) throw new InvalidOperationException(Message);
        RequestStop(Message);
    }
}
