using Nabla.Autograd;

namespace Nabla.Nn;

/// <summary>
/// Shared state of the batch-norm layers: per-channel weight (ones) and bias (zeros) when affine, and the
/// buffers running_mean (zeros), running_var (ones) and num_batches_tracked when tracking running statistics.
/// Training mode normalises with batch statistics and updates the running ones (unbiased variance); eval mode
/// uses the running statistics.
/// </summary>
public abstract class BatchNormBase : Module
{
    /// <summary>Registers parameters and buffers with PyTorch's names.</summary>
    protected BatchNormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
    {
        if (numFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(numFeatures), $"{GetType().Name}: numFeatures must be positive, got {numFeatures}.");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(numFeatures));
            Bias = RegisterParameter("bias", Tensor.Zeros(numFeatures));
        }
        else
        {
            RegisterParameter("weight");
            RegisterParameter("bias");
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros([], DType.Int64));
        }
    }

    /// <summary>Number of channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>Weight of the batch statistics in the running update; null means a cumulative average (1/batches).</summary>
    public double? Momentum { get; }

    /// <summary>Whether the layer has a learnable weight and bias.</summary>
    public bool Affine { get; }

    /// <summary>Whether the layer keeps running statistics (else it always uses batch statistics).</summary>
    public bool TrackRunningStats { get; }

    /// <summary>Per-channel scale (C), or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>Per-channel shift (C), or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Running mean (C), or null.</summary>
    public Tensor? RunningMean { get; }

    /// <summary>Running unbiased variance (C), or null.</summary>
    public Tensor? RunningVar { get; }

    /// <summary>Number of training batches seen (int64 scalar), or null.</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Throws unless the input has a rank this layer accepts.</summary>
    protected abstract void CheckInput(Tensor input);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        CheckInput(input);
        double factor = Momentum ?? 0;
        if (Training && NumBatchesTracked is not null)
        {
            using (GradMode.NoGrad()) NumBatchesTracked.Add_(Tensor.Ones([], DType.Int64));
            if (Momentum is null) factor = 1.0 / NumBatchesTracked.Item<long>();
        }
        bool useBatchStats = Training || RunningMean is null;
        bool passStats = !Training || TrackRunningStats;
        return Functional.BatchNorm(input, passStats ? RunningMean : null, passStats ? RunningVar : null, Weight, Bias,
            useBatchStats, factor, Eps);
    }

    /// <summary>Sets running statistics to their initial values (mean 0, var 1, no batches).</summary>
    public void ResetRunningStats()
    {
        using (GradMode.NoGrad())
        {
            RunningMean?.Zero_();
            RunningVar?.Fill_(1);
            NumBatchesTracked?.Zero_();
        }
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{NumFeatures}, eps={Repr.Float(Eps)}, momentum={(Momentum is double m ? Repr.Float(m) : "None")}, " +
        $"affine={Repr.Bool(Affine)}, track_running_stats={Repr.Bool(TrackRunningStats)}";
}

/// <summary>Batch normalisation over (N, C) or (N, C, L) inputs, per channel C.</summary>
public sealed class BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    /// <inheritdoc/>
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"BatchNorm1d: expected 2D or 3D input (N, C) or (N, C, L), got shape {input.Shape}.");
    }
}

/// <summary>Batch normalisation over (N, C, H, W) inputs, per channel C.</summary>
public sealed class BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormBase(numFeatures, eps, momentum, affine, trackRunningStats)
{
    /// <inheritdoc/>
    protected override void CheckInput(Tensor input)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"BatchNorm2d: expected 4D input (N, C, H, W), got shape {input.Shape}.");
    }
}
