using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Training;

/// <summary>
/// A streaming metric, like <c>keras.metrics.Metric</c>: <see cref="Reset"/> at the start of an epoch,
/// <see cref="Update"/> with each batch's model outputs and targets, <see cref="Result"/> for the value so far.
/// </summary>
public abstract class Metric
{
    private readonly double[][] _scratch = [[], []];

    /// <summary>The key under which the value is logged (e.g. <c>accuracy</c>; validation adds <c>val_</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Forgets all accumulated batches.</summary>
    public abstract void Reset();

    /// <summary>Accumulates one batch of <paramref name="output"/> (N, ...) and <paramref name="target"/> (N, ...).</summary>
    public abstract void Update(Tensor output, Tensor target);

    /// <summary>The metric over every batch since the last <see cref="Reset"/> (NaN before any example).</summary>
    public abstract double Result();

    /// <summary>
    /// The elements of <paramref name="t"/> in row-major order as doubles, in a buffer owned by this metric that is reused
    /// across calls (valid until the next call with the same <paramref name="slot"/>, 0 or 1), so steady-state updates
    /// allocate no arrays.
    /// </summary>
    protected ReadOnlySpan<double> HostValues(Tensor t, int slot = 0)
    {
        int n = t.NumElements;
        if (_scratch[slot].Length < n) _scratch[slot] = new double[n];
        using (GradMode.NoGrad())
        {
            var d = t.To(DType.Float64);
            Strided.CopyTo(d, _scratch[slot], 0);
            if (!ReferenceEquals(d, t)) d.Dispose();
        }
        return _scratch[slot].AsSpan(0, n);
    }

    /// <summary>The class index with the largest score in each row of the (rows, columns) row-major <paramref name="scores"/>.</summary>
    protected static int ArgMax(ReadOnlySpan<double> scores, int row, int columns)
    {
        var r = scores.Slice(row * columns, columns);
        int best = 0;
        for (int c = 1; c < columns; c++)
            if (r[c] > r[best] || (double.IsNaN(r[c]) && !double.IsNaN(r[best]))) best = c;
        return best;
    }

    /// <summary>Rows and columns of a classifier output: (N, C) gives (N, C); (N) gives (N, 1).</summary>
    protected static (int Rows, int Columns) RowsColumns(Tensor output, string metric)
    {
        if (output.Rank == 1) return (output.Dims[0], 1);
        if (output.Rank == 2) return (output.Dims[0], output.Dims[1]);
        throw new ArgumentException($"{metric}: expected outputs of shape (N, C) or (N), got {output.Shape}.");
    }

    /// <summary>The true class of each row: class indices (N) or (N, 1) when C &gt; 1, else argmax of one-hot/probability targets (N, C).</summary>
    protected int[] TargetClasses(Tensor target, int rows, int columns, string metric, ref int[] buffer)
    {
        if (buffer.Length < rows) buffer = new int[rows];
        var t = HostValues(target, 1);
        if (target.NumElements == rows)
            for (int i = 0; i < rows; i++) buffer[i] = (int)t[i];
        else if (columns > 1 && target.NumElements == rows * columns)
            for (int i = 0; i < rows; i++) buffer[i] = ArgMax(t, i, columns);
        else
            throw new ArgumentException($"{metric}: targets of shape {target.Shape} do not match outputs with {rows} rows and {columns} classes.");
        return buffer;
    }
}
