namespace Nabla.Training;

/// <summary>
/// Fraction of correct predictions, like <c>keras.metrics.Accuracy</c>/<c>SparseCategoricalAccuracy</c> in one: with
/// outputs (N, C), C &gt; 1, the prediction is the arg-max class and targets are class indices (N) or one-hot/probability
/// rows (N, C); with one output per example ((N) or (N, 1)) it is binary: predicted 1 when the output is at least
/// <see cref="Threshold"/> (0.5 for probabilities; use 0 for logits), and targets are 0/1.
/// </summary>
public sealed class Accuracy : Metric
{
    private long _correct, _total;
    private int[] _classes = [];

    /// <summary>Creates the metric; <paramref name="threshold"/> applies to binary outputs.</summary>
    public Accuracy(double threshold = 0.5, string name = "accuracy")
    {
        Threshold = threshold;
        Name = name;
    }

    /// <summary>Decision threshold for single-output (binary) models.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override void Reset() => (_correct, _total) = (0, 0);

    /// <inheritdoc/>
    public override void Update(Tensor output, Tensor target)
    {
        var (rows, columns) = RowsColumns(output, "Accuracy");
        if (columns == 1)
        {
            if (target.NumElements != rows)
                throw new ArgumentException($"Accuracy: binary targets of shape {target.Shape} do not match outputs of shape {output.Shape}.");
            var t = HostValues(target, 1);
            var o = HostValues(output);
            for (int i = 0; i < rows; i++)
                if ((o[i] >= Threshold) == (t[i] >= 0.5)) _correct++;
        }
        else
        {
            var classes = TargetClasses(target, rows, columns, "Accuracy", ref _classes);
            var o = HostValues(output);
            for (int i = 0; i < rows; i++)
                if (ArgMax(o, i, columns) == classes[i]) _correct++;
        }
        _total += rows;
    }

    /// <inheritdoc/>
    public override double Result() => _total == 0 ? double.NaN : (double)_correct / _total;
}
