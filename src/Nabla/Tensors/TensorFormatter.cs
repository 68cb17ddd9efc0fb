using System.Globalization;
using System.Text;

namespace Nabla;

/// <summary>
/// PyTorch-style printing: <c>tensor([[ 1.0000, -2.5000], ...])</c> with a common element width, 4 decimals,
/// scientific notation when magnitudes span a wide range, integer-valued floats as <c>1.</c>, rows wrapped at
/// 80 columns and large tensors summarised with <c>...</c>.
/// </summary>
internal static class TensorFormatter
{
    private const int Precision = 4;
    private const int Threshold = 1000;
    private const int EdgeItems = 3;
    private const int LineWidth = 80;

    public static string Format(Tensor t)
    {
        var values = t.To(DType.Float64).ToArray<double>();
        bool summarise = values.Length > Threshold;
        Func<double, string> fmt = t.DType switch
        {
            DType.Bool => v => v != 0 ? "True" : "False",
            DType.Int32 or DType.Int64 => v => ((long)v).ToString(CultureInfo.InvariantCulture),
            _ => FloatFormat(Shown(values, t.Dims, summarise)),
        };
        int width = Shown(values, t.Dims, summarise).Select(v => fmt(v).Length).DefaultIfEmpty(1).Max();
        var sb = new StringBuilder("tensor(");
        if (t.Rank == 0) sb.Append(fmt(values[0]));
        else if (values.Length == 0) sb.Append("[]");
        else Append(sb, values, t.Dims, 0, 0, fmt, width, indent: 7, summarise);
        var suffix = new List<string>();
        if (t.NumElements == 0 && t.Rank != 1) suffix.Add("size=(" + string.Join(", ", t.Dims) + ")");
        if (t.DType is not (DType.Float32 or DType.Int64 or DType.Bool)) suffix.Add("dtype=" + t.DType.ToString().ToLowerInvariant());
        if (t.GradFn is not null) suffix.Add($"grad_fn=<{t.GradFn.Name}>");
        else if (t.RequiresGrad) suffix.Add("requires_grad=True");
        foreach (var s in suffix) sb.Append(", ").Append(s);
        return sb.Append(')').ToString();
    }

    /// <summary>The values that will be printed (the edges only when summarising), for choosing the format.</summary>
    private static IEnumerable<double> Shown(double[] values, int[] dims, bool summarise)
    {
        if (!summarise) return values;
        var shown = new List<double>();
        Collect(values, dims, 0, 0, shown);
        return shown;
    }

    private static void Collect(double[] values, int[] dims, int dim, int offset, List<double> acc)
    {
        int stride = Stride(dims, dim);
        foreach (int i in Indices(dims[dim], true))
        {
            if (dim == dims.Length - 1) acc.Add(values[offset + i]);
            else Collect(values, dims, dim + 1, offset + i * stride, acc);
        }
    }

    private static Func<double, string> FloatFormat(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).Select(Math.Abs).ToList();
        var nonzero = finite.Where(v => v != 0).ToList();
        bool intMode = finite.All(v => v == Math.Floor(v));
        if (intMode)
        {
            bool sciInt = nonzero.Count > 0 && (nonzero.Max() / nonzero.Min() > 1000 || nonzero.Max() > 1e8);
            return sciInt ? Sci : v => double.IsFinite(v) ? v.ToString("0", CultureInfo.InvariantCulture) + "." : Special(v);
        }
        bool sci = nonzero.Count > 0 && (nonzero.Max() / nonzero.Min() > 1000 || nonzero.Max() > 1e8 || nonzero.Min() < 1e-4);
        return sci ? Sci : v => double.IsFinite(v) ? v.ToString("F" + Precision, CultureInfo.InvariantCulture) : Special(v);
    }

    private static string Sci(double v) =>
        double.IsFinite(v) ? v.ToString("0.0000e+00", CultureInfo.InvariantCulture) : Special(v);

    private static string Special(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";

    private static int Stride(int[] dims, int dim)
    {
        int s = 1;
        for (int i = dim + 1; i < dims.Length; i++) s *= dims[i];
        return s;
    }

    /// <summary>Indices shown along a dimension; -1 marks the ellipsis.</summary>
    private static IEnumerable<int> Indices(int size, bool summarise)
    {
        if (!summarise || size <= 2 * EdgeItems)
        {
            for (int i = 0; i < size; i++) yield return i;
            yield break;
        }
        for (int i = 0; i < EdgeItems; i++) yield return i;
        for (int i = size - EdgeItems; i < size; i++) yield return i;
    }

    private static void Append(StringBuilder sb, double[] values, int[] dims, int dim, int offset, Func<double, string> fmt, int width, int indent, bool summarise)
    {
        sb.Append('[');
        int size = dims[dim], stride = Stride(dims, dim);
        bool cut = summarise && size > 2 * EdgeItems;
        var idx = Indices(size, summarise).ToList();
        if (dim == dims.Length - 1)
        {
            int perLine = Math.Max(1, (LineWidth - indent) / (width + 2));
            for (int k = 0; k < idx.Count; k++)
            {
                if (k > 0)
                {
                    sb.Append(',');
                    sb.Append(k % perLine == 0 ? "\n" + new string(' ', indent + 1) : " ");
                }
                if (cut && k == EdgeItems) sb.Append(" ...").Append(", ");
                sb.Append(fmt(values[offset + idx[k]]).PadLeft(width));
            }
        }
        else
        {
            string sep = "," + new string('\n', dims.Length - dim - 1) + new string(' ', indent + 1);
            for (int k = 0; k < idx.Count; k++)
            {
                if (k > 0) sb.Append(sep);
                if (cut && k == EdgeItems) sb.Append("...").Append(sep);
                Append(sb, values, dims, dim + 1, offset + idx[k] * stride, fmt, width, indent + 1, summarise);
            }
        }
        sb.Append(']');
    }
}
