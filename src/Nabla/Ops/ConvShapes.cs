namespace Nabla.Ops;

/// <summary>
/// Checks the arguments of a convolution against PyTorch's rules and turns them into a <see cref="ConvGeometry"/>,
/// with errors that name the op and the shapes.
/// </summary>
internal static class ConvShapes
{
    /// <summary>Geometry of a forward convolution of x (N, C, H, W) with w (O, C/groups, KH, KW).</summary>
    /// <param name="op">Name used in errors (Conv1d or Conv2d).</param>
    /// <param name="x">Input, already 4-D.</param>
    /// <param name="w">Weight, already 4-D.</param>
    /// <param name="bias">Optional bias (O).</param>
    /// <param name="stride">(SH, SW).</param>
    /// <param name="padding">(top, bottom, left, right) implicit zero padding.</param>
    /// <param name="dilation">(DH, DW).</param>
    /// <param name="groups">Channel groups.</param>
    /// <param name="shownX">Input shape as the user passed it, for errors.</param>
    /// <param name="shownW">Weight shape as the user passed it, for errors.</param>
    public static ConvGeometry Forward(string op, Tensor x, Tensor w, Tensor? bias, (int H, int W) stride,
        (int Top, int Bottom, int Left, int Right) padding, (int H, int W) dilation, int groups, Shape shownX, Shape shownW)
    {
        CheckCommon(op, x, w, bias, stride, dilation, groups, shownX, shownW);
        if (padding.Top < 0 || padding.Bottom < 0 || padding.Left < 0 || padding.Right < 0)
            throw new ArgumentException($"{op}: padding must be non-negative, got {padding}.");
        int n = x.Dims[0], c = x.Dims[1], h = x.Dims[2], wd = x.Dims[3];
        int o = w.Dims[0], kh = w.Dims[2], kw = w.Dims[3];
        if (w.Dims[1] * groups != c)
            throw new ArgumentException($"{op}: input has {c} channels but weight expects {w.Dims[1] * groups} (input {shownX}, weight {shownW}).");
        if (o % groups != 0)
            throw new ArgumentException($"{op}: out channels {o} must be divisible by groups {groups} (weight {shownW}).");
        int effH = dilation.H * (kh - 1) + 1, effW = dilation.W * (kw - 1) + 1;
        int ph = h + padding.Top + padding.Bottom, pw = wd + padding.Left + padding.Right;
        if (ph < effH || pw < effW)
            throw new ArgumentException($"{op}: kernel size (dilated) {Size(shownW.Rank == 3, effH, effW)} is larger than the padded input size {Size(shownW.Rank == 3, ph, pw)} (input {shownX}, weight {shownW}).");
        return new ConvGeometry(n, c, h, wd, o, kh, kw, stride.H, stride.W, padding.Top, padding.Left, dilation.H, dilation.W, groups,
            (ph - effH) / stride.H + 1, (pw - effW) / stride.W + 1);
    }

    /// <summary>Geometry of a transposed convolution of x (N, Cin, H, W) with w (Cin, Cout/groups, KH, KW), as the adjoint of a convolution.</summary>
    public static ConvGeometry Transposed(string op, Tensor x, Tensor w, Tensor? bias, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) outputPadding, (int H, int W) dilation, int groups, Shape shownX, Shape shownW)
    {
        CheckCommon(op, x, w, bias, stride, dilation, groups, shownX, shownW, transposed: true);
        if (padding.H < 0 || padding.W < 0)
            throw new ArgumentException($"{op}: padding must be non-negative, got {padding}.");
        if (outputPadding.H < 0 || outputPadding.W < 0 ||
            (outputPadding.H >= stride.H && outputPadding.H >= dilation.H) || (outputPadding.W >= stride.W && outputPadding.W >= dilation.W))
            throw new ArgumentException($"{op}: output padding {outputPadding} must be smaller than either stride {stride} or dilation {dilation}.");
        int n = x.Dims[0], cin = x.Dims[1], h = x.Dims[2], wd = x.Dims[3];
        int kh = w.Dims[2], kw = w.Dims[3];
        if (w.Dims[0] != cin)
            throw new ArgumentException($"{op}: input has {cin} channels but weight expects {w.Dims[0]} (input {shownX}, weight {shownW}).");
        if (cin % groups != 0)
            throw new ArgumentException($"{op}: in channels {cin} must be divisible by groups {groups} (weight {shownW}).");
        int outH = (h - 1) * stride.H - 2 * padding.H + dilation.H * (kh - 1) + outputPadding.H + 1;
        int outW = (wd - 1) * stride.W - 2 * padding.W + dilation.W * (kw - 1) + outputPadding.W + 1;
        if (outH <= 0 || outW <= 0)
            throw new ArgumentException($"{op}: output size {Size(shownW.Rank == 3, outH, outW)} is too small (input {shownX}, weight {shownW}).");
        // The convolution whose adjoint this is maps (N, Cout, outH, outW) to (N, Cin, H, W).
        return new ConvGeometry(n, w.Dims[1] * groups, outH, outW, cin, kh, kw, stride.H, stride.W, padding.H, padding.W,
            dilation.H, dilation.W, groups, h, wd);
    }

    /// <summary>PyTorch's "same" padding: total d·(k−1) split with the extra element after (bottom/right).</summary>
    public static (int Before, int After) Same(int kernel, int dilation)
    {
        int total = dilation * (kernel - 1);
        return (total / 2, total - total / 2);
    }

    private static string Size(bool oneD, int h, int w) => oneD ? $"({w})" : $"({h}, {w})";

    private static void CheckCommon(string op, Tensor x, Tensor w, Tensor? bias, (int H, int W) stride, (int H, int W) dilation,
        int groups, Shape shownX, Shape shownW, bool transposed = false)
    {
        Nn.LayerDTypes.Require(op, x, ("weight", w), ("bias", bias));
        if (!x.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: input, weight and bias must be floating point, got {x.DType} (input {shownX}).");
        if (stride.H <= 0 || stride.W <= 0) throw new ArgumentException($"{op}: stride must be positive, got {stride}.");
        if (dilation.H <= 0 || dilation.W <= 0) throw new ArgumentException($"{op}: dilation must be positive, got {dilation}.");
        if (groups <= 0) throw new ArgumentException($"{op}: groups must be positive, got {groups}.");
        int outChannels = transposed ? w.Dims[1] * groups : w.Dims[0];
        if (bias is not null && (bias.Rank != 1 || bias.Dims[0] != outChannels))
            throw new ArgumentException($"{op}: bias of shape {bias.Shape} does not match {outChannels} output channels (weight {shownW}).");
    }
}
