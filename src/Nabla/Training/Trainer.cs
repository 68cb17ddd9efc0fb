using System.Globalization;
using Nabla.Autograd;
using Nabla.Data;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.Training;

/// <summary>
/// The Keras-style training workflow around a <see cref="Module"/> (Keras's <c>Model.compile/fit/evaluate/predict</c>):
/// <code>
/// var trainer = new Trainer(model);
/// trainer.Compile(optimizer, (output, target) => output.LogSoftmax(1).Gather(1, target.Unsqueeze(1)).Neg().Mean(), new Accuracy());
/// History h = trainer.Fit(train, epochs: 10, batchSize: 64, validation: test, callbacks: [new EarlyStopping(patience: 2)]);
/// </code>
/// Each training step runs in a <see cref="TensorScope"/>, so a steady loop returns every temporary to the buffer pool.
/// </summary>
public sealed class Trainer
{
    private Optimizer? _optimizer;
    private Func<Tensor, Tensor, Tensor>? _loss;
    private Metric[] _metrics = [];
    private readonly Dictionary<string, double> _batchLogs = new() { ["loss"] = 0 };

    /// <summary>Wraps <paramref name="model"/>.</summary>
    public Trainer(Module model) => Model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>The model being trained.</summary>
    public Module Model { get; }

    /// <summary>The optimizer given to <see cref="Compile"/>.</summary>
    public Optimizer Optimizer => _optimizer ?? throw NotCompiled();

    /// <summary>The loss function given to <see cref="Compile"/>: (output, target) to a scalar mean loss.</summary>
    public Func<Tensor, Tensor, Tensor> Loss => _loss ?? throw NotCompiled();

    /// <summary>The metrics given to <see cref="Compile"/>.</summary>
    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>The LR scheduler saved in checkpoints; set by a <see cref="LearningRateScheduler"/> callback or by hand.</summary>
    public LRScheduler? Scheduler { get; set; }

    /// <summary>The generator that shuffles training batches; its state is part of a full checkpoint.</summary>
    public Generator Generator { get; } = new(0);

    /// <summary>Where <see cref="Fit"/> prints progress (standard output by default).</summary>
    public TextWriter Output { get; set; } = Console.Out;

    /// <summary>Whether progress lines are redrawn in place; by default, when standard output is a terminal.</summary>
    public bool InteractiveOutput { get; set; } = !Console.IsOutputRedirected;

    /// <summary>Set to stop <see cref="Fit"/> after the current batch (Keras's <c>model.stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    /// <summary>The epoch being (or last) trained, 0-based.</summary>
    public int Epoch { get; private set; }

    /// <summary>Training steps taken by this trainer.</summary>
    public long GlobalStep { get; set; }

    private string? _stopReason;

    /// <summary>Sets the optimizer, the loss (output, target) → scalar and the metrics, like Keras's <c>compile</c>.</summary>
    public void Compile(Optimizer optimizer, Func<Tensor, Tensor, Tensor> loss, params Metric[] metrics)
    {
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        _loss = loss ?? throw new ArgumentNullException(nameof(loss));
        var names = new HashSet<string> { "loss", "lr" };
        foreach (var m in metrics)
            if (!names.Add(m.Name)) throw new ArgumentException($"Compile: two metrics (or a metric and a built-in key) are named '{m.Name}'.");
        _metrics = metrics;
    }

    internal void Stop(string reason)
    {
        StopTraining = true;
        _stopReason ??= reason;
    }

    /// <summary>
    /// One optimisation step on a batch, inside a <see cref="TensorScope"/>: ZeroGrad, forward, loss, Backward, Step; the
    /// compiled metrics are updated with the batch's outputs. Returns the batch's loss. The batch tensors are not disposed.
    /// </summary>
    public double TrainStep(Tensor inputs, Tensor targets)
    {
        var optimizer = Optimizer;
        using var scope = TensorScope.Begin();
        optimizer.ZeroGrad();
        var output = Model.Forward(inputs);
        var loss = Loss(output, targets);
        loss.Backward();
        optimizer.Step();
        double value = loss.Item();
        if (_metrics.Length > 0)
            using (GradMode.NoGrad())
                foreach (var m in _metrics) m.Update(output, targets);
        return value;
    }

    /// <summary>
    /// Trains for epochs <paramref name="initialEpoch"/> to <paramref name="epochs"/> − 1, like Keras's <c>fit</c>, and returns
    /// the per-epoch logs: <c>loss</c> (example-weighted mean of batch losses), each metric, <c>lr</c> (group 0's rate
    /// during the epoch) and, with <paramref name="validation"/>, <c>val_loss</c> and <c>val_</c>metric. The shuffling
    /// <see cref="Generator"/> is seeded with <paramref name="seed"/> when <paramref name="initialEpoch"/> is 0; when resuming
    /// (initialEpoch &gt; 0) it continues from its current, e.g. restored, state. <paramref name="verbose"/>: 0 silent,
    /// 1 progress bar, 2 one line per epoch. <paramref name="callbacks"/> run in list order, except that those that save
    /// checkpoints (<see cref="Callback.SavesCheckpoints"/>) run after all the others.
    /// </summary>
    public History Fit(IDataset train, int epochs, int batchSize = 32, IDataset? validation = null, IReadOnlyList<Callback>? callbacks = null,
        bool shuffle = true, int seed = 0, int verbose = 1, int initialEpoch = 0)
    {
        _ = Optimizer;
        if (epochs < initialEpoch || initialEpoch < 0)
            throw new ArgumentOutOfRangeException(nameof(epochs), $"Fit: need 0 <= initialEpoch ({initialEpoch}) <= epochs ({epochs}).");
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), $"Fit: verbose must be 0, 1 or 2, got {verbose}.");
        if (initialEpoch == 0) Generator.ManualSeed(seed);
        callbacks = callbacks is null ? [] : [.. callbacks.Where(c => !c.SavesCheckpoints), .. callbacks.Where(c => c.SavesCheckpoints)];
        foreach (var c in callbacks) c.Trainer = this;
        StopTraining = false;
        _stopReason = null;
        var history = new History();
        var loader = new DataLoader(train, batchSize, shuffle, Generator);
        foreach (var c in callbacks) c.OnTrainBegin();
        try
        {
            for (int epoch = initialEpoch; epoch < epochs && !StopTraining; epoch++)
            {
                Epoch = epoch;
                if (verbose > 0) Output.WriteLine($"Epoch {(epoch + 1).ToString(CultureInfo.InvariantCulture)}/{epochs.ToString(CultureInfo.InvariantCulture)}");
                var logs = TrainEpoch(loader, callbacks, verbose, out var bar, out int steps);
                if (validation is not null)
                    foreach (var (k, v) in Evaluate(validation, batchSize)) logs["val_" + k] = v;
                bar?.Finish(steps, logs);
                foreach (var c in callbacks) c.OnEpochEnd(epoch, logs);
                history.Add(epoch, logs);
            }
        }
        finally
        {
            foreach (var c in callbacks) c.OnTrainEnd();
        }
        history.StopReason = _stopReason;
        if (verbose > 0 && _stopReason is not null) Output.WriteLine(_stopReason);
        return history;
    }

    private Dictionary<string, double> TrainEpoch(DataLoader loader, IReadOnlyList<Callback> callbacks, int verbose, out ProgressBar? bar, out int steps)
    {
        Model.Train();
        foreach (var m in _metrics) m.Reset();
        double lr = Optimizer.ParamGroups[0].LearningRate;
        foreach (var c in callbacks) c.OnEpochBegin(Epoch);
        bar = verbose > 0 ? new ProgressBar(loader.Count, Output, verbose == 1 && InteractiveOutput) : null;
        var running = new Dictionary<string, double>();
        double lossSum = 0;
        long examples = 0;
        int step = 0;
        foreach (var (inputs, targets) in loader)
        {
            double loss;
            try
            {
                loss = TrainStep(inputs, targets);
            }
            finally
            {
                inputs.Dispose();
                targets.Dispose();
            }
            int n = inputs.Dims[0];
            lossSum += loss * n;
            examples += n;
            GlobalStep++;
            if (bar is { Interactive: true })
            {
                running["loss"] = lossSum / examples;
                foreach (var m in _metrics) running[m.Name] = m.Result();
                bar.Update(step + 1, running);
            }
            _batchLogs["loss"] = loss;
            foreach (var c in callbacks) c.OnBatchEnd(step, _batchLogs);
            step++;
            if (StopTraining) break;
        }
        steps = step;
        var logs = new Dictionary<string, double> { ["loss"] = examples == 0 ? double.NaN : lossSum / examples };
        foreach (var m in _metrics) logs[m.Name] = m.Result();
        logs["lr"] = lr;
        return logs;
    }

    /// <summary>
    /// The mean loss and metrics over <paramref name="data"/> in evaluation mode without gradients, like Keras's
    /// <c>evaluate</c>; the model's training mode is restored afterwards.
    /// </summary>
    public Dictionary<string, double> Evaluate(IDataset data, int batchSize = 32)
    {
        var loss = Loss;
        bool wasTraining = Model.Training;
        Model.Eval();
        foreach (var m in _metrics) m.Reset();
        double lossSum = 0;
        long examples = 0;
        try
        {
            using var _ = GradMode.NoGrad();
            foreach (var (inputs, targets) in new DataLoader(data, batchSize))
            {
                using var scope = TensorScope.Begin();
                using (inputs)
                using (targets)
                {
                    var output = Model.Forward(inputs);
                    int n = inputs.Dims[0];
                    lossSum += loss(output, targets).Item() * n;
                    examples += n;
                    foreach (var m in _metrics) m.Update(output, targets);
                }
            }
        }
        finally
        {
            Model.Train(wasTraining);
        }
        var result = new Dictionary<string, double> { ["loss"] = examples == 0 ? double.NaN : lossSum / examples };
        foreach (var m in _metrics) result[m.Name] = m.Result();
        return result;
    }

    /// <summary>The model's outputs for every input of <paramref name="data"/>, concatenated along dimension 0 (evaluation mode, no gradients).</summary>
    public Tensor Predict(IDataset data, int batchSize = 32)
    {
        var parts = new List<Tensor>();
        using (GradMode.NoGrad())
            foreach (var (inputs, targets) in new DataLoader(data, batchSize))
            {
                targets.Dispose();
                using (inputs) parts.Add(PredictBatch(inputs));
            }
        return Concat(parts, "Predict: the dataset is empty.");
    }

    /// <summary>The model's outputs for <paramref name="inputs"/> (N, ...), computed in batches of <paramref name="batchSize"/>.</summary>
    public Tensor Predict(Tensor inputs, int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.Rank == 0) throw new ArgumentException("Predict: inputs must have a batch dimension, got a scalar.");
        var parts = new List<Tensor>();
        using (GradMode.NoGrad())
            for (int start = 0; start < inputs.Dims[0]; start += batchSize)
                using (var slice = inputs.Narrow(0, start, Math.Min(batchSize, inputs.Dims[0] - start)))
                    parts.Add(PredictBatch(slice));
        return Concat(parts, "Predict: the inputs are empty.");
    }

    private Tensor PredictBatch(Tensor inputs)
    {
        bool wasTraining = Model.Training;
        Model.Eval();
        try
        {
            using var scope = TensorScope.Begin();
            return scope.Keep(Model.Forward(inputs).Contiguous());
        }
        finally
        {
            Model.Train(wasTraining);
        }
    }

    private static Tensor Concat(List<Tensor> parts, string emptyMessage)
    {
        if (parts.Count == 0) throw new ArgumentException(emptyMessage);
        if (parts.Count == 1) return parts[0];
        var result = Tensor.Cat(parts.ToArray());
        foreach (var p in parts) p.Dispose();
        return result;
    }

    private static InvalidOperationException NotCompiled() => new("Trainer: call Compile(optimizer, loss, metrics) first.");
}
