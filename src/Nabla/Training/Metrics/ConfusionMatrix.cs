using System.Globalization;
using System.Text;

namespace Nabla.Training;

/// <summary>
/// Streaming confusion matrix of a classifier: <see cref="Counts"/>[true class, predicted class] as an int64 tensor
/// (NumClasses, NumClasses). Predictions are the arg-max of outputs (N, C); targets are class indices (N) or one-hot
/// rows (N, C). <see cref="Result"/> is the overall accuracy; <see cref="PerClassAccuracy"/> the recall of each class.
/// </summary>
public sealed class ConfusionMatrix : Metric
{
    private readonly long[] _counts;
    private int[] _classes = [];

    /// <summary>Creates an empty matrix for <paramref name="numClasses"/> classes.</summary>
    public ConfusionMatrix(int numClasses, string name = "confusion_accuracy")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 2);
        NumClasses = numClasses;
        Name = name;
        _counts = new long[numClasses * numClasses];
    }

    /// <summary>Number of classes.</summary>
    public int NumClasses { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>A copy of the counts, (NumClasses, NumClasses) int64: row = true class, column = predicted class.</summary>
    public Tensor Counts => Tensor.FromArray(_counts, NumClasses, NumClasses);

    /// <summary>The count of examples of class <paramref name="trueClass"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int trueClass, int predicted] => _counts[trueClass * NumClasses + predicted];

    /// <inheritdoc/>
    public override void Reset() => Array.Clear(_counts);

    /// <inheritdoc/>
    public override void Update(Tensor output, Tensor target)
    {
        var (rows, columns) = RowsColumns(output, "ConfusionMatrix");
        if (columns != NumClasses)
            throw new ArgumentException($"ConfusionMatrix: outputs of shape {output.Shape} do not have {NumClasses} classes.");
        var classes = TargetClasses(target, rows, columns, "ConfusionMatrix", ref _classes);
        var o = HostValues(output);
        for (int i = 0; i < rows; i++)
        {
            int c = classes[i];
            if (c < 0 || c >= NumClasses) throw new ArgumentException($"ConfusionMatrix: target class {c} is out of range for {NumClasses} classes.");
            _counts[c * NumClasses + ArgMax(o, i, columns)]++;
        }
    }

    /// <summary>For each class, the fraction of its examples predicted correctly (NaN for classes not seen).</summary>
    public double[] PerClassAccuracy()
    {
        var result = new double[NumClasses];
        for (int c = 0; c < NumClasses; c++)
        {
            long row = 0;
            for (int p = 0; p < NumClasses; p++) row += _counts[c * NumClasses + p];
            result[c] = row == 0 ? double.NaN : (double)_counts[c * NumClasses + c] / row;
        }
        return result;
    }

    /// <inheritdoc/>
    public override double Result()
    {
        long total = 0, diagonal = 0;
        for (int c = 0; c < NumClasses; c++)
            for (int p = 0; p < NumClasses; p++)
            {
                total += _counts[c * NumClasses + p];
                if (c == p) diagonal += _counts[c * NumClasses + p];
            }
        return total == 0 ? double.NaN : (double)diagonal / total;
    }

    /// <summary>A table with one row per true class, one column per predicted class, and each class's accuracy.</summary>
    public override string ToString()
    {
        int width = Math.Max(5, _counts.Max().ToString(CultureInfo.InvariantCulture).Length + 1);
        var sb = new StringBuilder();
        sb.Append("true\\pred".PadRight(10));
        for (int p = 0; p < NumClasses; p++) sb.Append(p.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        sb.Append("  accuracy\n");
        var perClass = PerClassAccuracy();
        for (int c = 0; c < NumClasses; c++)
        {
            sb.Append(c.ToString(CultureInfo.InvariantCulture).PadRight(10));
            for (int p = 0; p < NumClasses; p++) sb.Append(_counts[c * NumClasses + p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            sb.Append("  ").Append(double.IsNaN(perClass[c]) ? "-" : perClass[c].ToString("F4", CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }
}
