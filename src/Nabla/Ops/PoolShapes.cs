namespace Nabla.Ops;

/// <summary>Checks pooling arguments against PyTorch's rules and builds the <see cref="PoolGeometry"/>, with errors naming the op and shapes.</summary>
internal static class PoolShapes
{
    /// <summary>Geometry of max pooling over x (N, C, H, W).</summary>
    public static PoolGeometry Max(string op, Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) dilation, bool ceilMode, Shape shown)
    {
        Check(op, x, kernel, stride, padding, shown);
        if (dilation.H <= 0 || dilation.W <= 0) throw new ArgumentException($"{op}: dilation must be positive, got {Show(op, dilation)}.");
        var (h, w) = (x.Dims[2], x.Dims[3]);
        int oh = PoolGeometry.OutputSize(h, kernel.H, stride.H, padding.H, dilation.H, ceilMode);
        int ow = PoolGeometry.OutputSize(w, kernel.W, stride.W, padding.W, dilation.W, ceilMode);
        CheckOutput(op, oh, ow, shown);
        return new PoolGeometry(x.Dims[0] * x.Dims[1], h, w, kernel.H, kernel.W, stride.H, stride.W, padding.H, padding.W,
            dilation.H, dilation.W, oh, ow);
    }

    /// <summary>Geometry of average pooling over x (N, C, H, W).</summary>
    public static PoolGeometry Avg(string op, Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding,
        bool ceilMode, bool countIncludePad, Shape shown)
    {
        Check(op, x, kernel, stride, padding, shown);
        var (h, w) = (x.Dims[2], x.Dims[3]);
        int oh = PoolGeometry.OutputSize(h, kernel.H, stride.H, padding.H, 1, ceilMode);
        int ow = PoolGeometry.OutputSize(w, kernel.W, stride.W, padding.W, 1, ceilMode);
        CheckOutput(op, oh, ow, shown);
        var rows = PoolGeometry.AvgRanges(h, oh, kernel.H, stride.H, padding.H, countIncludePad);
        var cols = PoolGeometry.AvgRanges(w, ow, kernel.W, stride.W, padding.W, countIncludePad);
        return Ranges(x, kernel, stride, padding, oh, ow, rows, cols);
    }

    /// <summary>Geometry of adaptive average pooling of x (N, C, H, W) to (OH, OW).</summary>
    public static PoolGeometry Adaptive(string op, Tensor x, (int H, int W) output, Shape shown)
    {
        CheckInput(op, x, shown);
        if (output.H < 0 || output.W < 0) throw new ArgumentException($"{op}: output size must be non-negative, got {output}.");
        if (x.Dims[2] == 0 || x.Dims[3] == 0)
            throw new ArgumentException($"{op}: input {shown} has an empty spatial dimension.");
        var rows = PoolGeometry.AdaptiveRanges(x.Dims[2], output.H);
        var cols = PoolGeometry.AdaptiveRanges(x.Dims[3], output.W);
        return Ranges(x, (1, 1), (1, 1), (0, 0), output.H, output.W, rows, cols);
    }

    private static PoolGeometry Ranges(Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, int oh, int ow,
        (int[] Start, int[] End, double[] Div) rows, (int[] Start, int[] End, double[] Div) cols) =>
        new(x.Dims[0] * x.Dims[1], x.Dims[2], x.Dims[3], kernel.H, kernel.W, stride.H, stride.W, padding.H, padding.W, 1, 1, oh, ow)
        {
            RowStart = rows.Start, RowEnd = rows.End, RowDiv = rows.Div,
            ColStart = cols.Start, ColEnd = cols.End, ColDiv = cols.Div,
        };

    private static void CheckInput(string op, Tensor x, Shape shown)
    {
        if (!x.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected a floating-point input, got {x.DType} (input {shown}).");
    }

    private static void Check(string op, Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, Shape shown)
    {
        CheckInput(op, x, shown);
        if (kernel.H <= 0 || kernel.W <= 0) throw new ArgumentException($"{op}: kernel size must be positive, got {Show(op, kernel)}.");
        if (stride.H <= 0 || stride.W <= 0) throw new ArgumentException($"{op}: stride must be positive, got {Show(op, stride)}.");
        if (padding.H < 0 || padding.W < 0 || padding.H > kernel.H / 2 || padding.W > kernel.W / 2)
            throw new ArgumentException($"{op}: padding {Show(op, padding)} must be non-negative and at most half the kernel size {Show(op, kernel)}.");
    }

    private static void CheckOutput(string op, int oh, int ow, Shape shown)
    {
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException($"{op}: input {shown} is too small: the output size would be {Show(op, (oh, ow))}.");
    }

    // 1-D ops run as 2-D ones over a height of 1, and their op names end in "1d"; their messages show only the width.
    private static string Show(string op, (int H, int W) v) => op.EndsWith("1d", StringComparison.Ordinal) ? $"{v.W}" : $"({v.H}, {v.W})";
}
