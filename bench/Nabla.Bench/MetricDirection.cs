namespace Nabla.Bench;

/// <summary>Which way a metric improves; decides how its ratio is formed so that a ratio below 1.0 always means Nabla is better.</summary>
public enum MetricDirection
{
    /// <summary>Times, memory: ratio = Nabla / PyTorch.</summary>
    LowerIsBetter,

    /// <summary>Throughputs (GFLOP/s), accuracies: ratio = PyTorch / Nabla, i.e. still Nabla time over PyTorch time.</summary>
    HigherIsBetter,
}
