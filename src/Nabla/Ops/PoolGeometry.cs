namespace Nabla.Ops;

/// <summary>
/// Window layout of a 2-D pooling over (N·C, H, W) planes. Max pooling reads <c>KH×KW</c> taps from
/// <c>(oh·SH − PH + i·DH, ow·SW − PW + j·DW)</c>; average pooling sums the separable ranges
/// <c>[RowStart, RowEnd) × [ColStart, ColEnd)</c> and divides by <c>RowDiv·ColDiv</c>.
/// </summary>
internal sealed record PoolGeometry(int Planes, int H, int W, int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW, int OH, int OW)
{
    public int[] RowStart { get; init; } = [];
    public int[] RowEnd { get; init; } = [];
    public int[] ColStart { get; init; } = [];
    public int[] ColEnd { get; init; } = [];
    public double[] RowDiv { get; init; } = [];
    public double[] ColDiv { get; init; } = [];

    /// <summary>PyTorch's pooled length: floor (or ceil) of (in + 2p − d(k−1) − 1)/s + 1, the last window starting inside the input or left padding.</summary>
    public static int OutputSize(int input, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        int span = input + 2 * pad - dilation * (kernel - 1) - 1;
        int o = (int)Math.Floor((double)(span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
        if (ceilMode && (o - 1) * stride >= input + pad) o--;
        return o;
    }

    /// <summary>Average-pooling ranges along one axis, with PyTorch's divisors for <paramref name="countIncludePad"/>.</summary>
    public static (int[] Start, int[] End, double[] Div) AvgRanges(int input, int output, int kernel, int stride, int pad, bool countIncludePad)
    {
        var (start, end, div) = (new int[output], new int[output], new double[output]);
        for (int o = 0; o < output; o++)
        {
            int s = o * stride - pad, e = Math.Min(s + kernel, input + pad);
            int padded = e - s;
            s = Math.Max(s, 0);
            e = Math.Min(e, input);
            (start[o], end[o], div[o]) = (s, e, countIncludePad ? padded : e - s);
        }
        return (start, end, div);
    }

    /// <summary>Adaptive-pooling ranges along one axis: [⌊o·in/out⌋, ⌈(o+1)·in/out⌉).</summary>
    public static (int[] Start, int[] End, double[] Div) AdaptiveRanges(int input, int output)
    {
        var (start, end, div) = (new int[output], new int[output], new double[output]);
        for (int o = 0; o < output; o++)
        {
            start[o] = (int)((long)o * input / output);
            end[o] = (int)(((long)(o + 1) * input + output - 1) / output);
            div[o] = end[o] - start[o];
        }
        return (start, end, div);
    }
}
