using Nabla.Ops;

namespace Nabla.Nn;

/// <summary>Functional forms of the layers, as <c>torch.nn.functional</c>.</summary>
public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (cross-correlation) of input (N, C, H, W) or (C, H, W) with weight (O, C/groups, KH, KW)
    /// plus an optional bias (O); output (N, O, OH, OW) with OH = ⌊(H + 2·padding − dilation·(KH−1) − 1)/stride⌋ + 1.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv2d(input, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    /// <summary>2-D convolution with per-axis (height, width) stride, padding and dilation; see <see cref="Conv2d(Tensor, Tensor, Tensor?, int, int, int, int)"/>.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups = 1) =>
        ConvCore("Conv2d", input, weight, bias, stride, (padding.H, padding.H, padding.W, padding.W), dilation, groups, oneD: false);

    /// <summary>
    /// 2-D convolution with padding "valid" (none) or "same" (output size = input size; stride 1 only, the extra
    /// element of an odd total padding going after, as PyTorch).
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, string padding, int stride = 1, int dilation = 1, int groups = 1)
    {
        CheckRank("Conv2d", weight, 4, "weight");
        var (top, bottom) = StringPadding("Conv2d", padding, stride, weight.Dims[2], dilation);
        var (left, right) = StringPadding("Conv2d", padding, stride, weight.Dims[3], dilation);
        return ConvCore("Conv2d", input, weight, bias, (stride, stride), (top, bottom, left, right), (dilation, dilation), groups, oneD: false);
    }

    /// <summary>
    /// 1-D convolution of input (N, C, L) or (C, L) with weight (O, C/groups, K) plus an optional bias (O);
    /// output (N, O, OL) with OL = ⌊(L + 2·padding − dilation·(K−1) − 1)/stride⌋ + 1.
    /// </summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        ConvCore("Conv1d", input, weight, bias, (1, stride), (0, 0, padding, padding), (1, dilation), groups, oneD: true);

    /// <summary>1-D convolution with padding "valid" (none) or "same" (output length = input length; stride 1 only).</summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias, string padding, int stride = 1, int dilation = 1, int groups = 1)
    {
        CheckRank("Conv1d", weight, 3, "weight");
        var (left, right) = StringPadding("Conv1d", padding, stride, weight.Dims[2], dilation);
        return ConvCore("Conv1d", input, weight, bias, (1, stride), (0, 0, left, right), (1, dilation), groups, oneD: true);
    }

    /// <summary>
    /// 2-D transposed convolution of input (N, Cin, H, W) or (Cin, H, W) with weight (Cin, Cout/groups, KH, KW)
    /// plus an optional bias (Cout); output (N, Cout, OH, OW) with
    /// OH = (H−1)·stride − 2·padding + dilation·(KH−1) + outputPadding + 1.
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0,
        int outputPadding = 0, int groups = 1, int dilation = 1) =>
        ConvTranspose2d(input, weight, bias, (stride, stride), (padding, padding), (outputPadding, outputPadding), groups, (dilation, dilation));

    /// <summary>2-D transposed convolution with per-axis (height, width) arguments; see <see cref="ConvTranspose2d(Tensor, Tensor, Tensor?, int, int, int, int, int)"/>.</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) outputPadding, int groups, (int H, int W) dilation)
    {
        const string op = "ConvTranspose2d";
        CheckRank(op, weight, 4, "weight");
        var (x, batched) = Batched(op, input, 4);
        var g = ConvShapes.Transposed(op, x, weight, bias, stride, padding, outputPadding, dilation, groups, input.Shape, weight.Shape);
        var y = Ops.ConvTranspose2d.Apply(x, weight, g);
        if (bias is not null) y = y + bias.View(1, g.C, 1, 1);
        return batched ? y : y.Squeeze(0);
    }

    /// <summary>
    /// 2-D max pooling of (N, C, H, W) or (C, H, W); stride defaults to the kernel size. With
    /// <paramref name="ceilMode"/> the output size rounds up (the last window starting inside the input).
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        MaxPool2d(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode);

    /// <summary>2-D max pooling with per-axis (height, width) arguments; a null stride means the kernel size.</summary>
    public static Tensor MaxPool2d(Tensor input, (int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, (int H, int W) dilation, bool ceilMode = false)
    {
        var (x, batched) = Batched("MaxPool2d", input, 4);
        var g = PoolShapes.Max("MaxPool2d", x, kernelSize, stride ?? kernelSize, padding, dilation, ceilMode, input.Shape);
        var y = Ops.MaxPool2d.Apply(x, g);
        return batched ? y : y.Squeeze(0);
    }

    /// <summary>1-D max pooling of (N, C, L) or (C, L); stride defaults to the kernel size.</summary>
    public static Tensor MaxPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        var (x, batched) = Batched("MaxPool1d", input, 3);
        var g = PoolShapes.Max("MaxPool1d", x.Unsqueeze(2), (1, kernelSize), (1, stride ?? kernelSize), (0, padding), (1, dilation), ceilMode, input.Shape);
        var y = Ops.MaxPool2d.Apply(x.Unsqueeze(2), g).Squeeze(2);
        return batched ? y : y.Squeeze(0);
    }

    /// <summary>
    /// 2-D average pooling of (N, C, H, W) or (C, H, W); stride defaults to the kernel size. Windows are divided by
    /// their size including padding when <paramref name="countIncludePad"/>, else by their count of input elements.
    /// </summary>
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        AvgPool2d(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), ceilMode, countIncludePad);

    /// <summary>2-D average pooling with per-axis (height, width) arguments; a null stride means the kernel size.</summary>
    public static Tensor AvgPool2d(Tensor input, (int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, bool ceilMode = false, bool countIncludePad = true)
    {
        var (x, batched) = Batched("AvgPool2d", input, 4);
        var g = PoolShapes.Avg("AvgPool2d", x, kernelSize, stride ?? kernelSize, padding, ceilMode, countIncludePad, input.Shape);
        var y = Ops.AvgPool2d.Apply(x, g);
        return batched ? y : y.Squeeze(0);
    }

    /// <summary>1-D average pooling of (N, C, L) or (C, L); stride defaults to the kernel size.</summary>
    public static Tensor AvgPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        var (x, batched) = Batched("AvgPool1d", input, 3);
        var g = PoolShapes.Avg("AvgPool1d", x.Unsqueeze(2), (1, kernelSize), (1, stride ?? kernelSize), (0, padding), ceilMode, countIncludePad, input.Shape);
        var y = Ops.AvgPool2d.Apply(x.Unsqueeze(2), g).Squeeze(2);
        return batched ? y : y.Squeeze(0);
    }

    /// <summary>
    /// Adaptive 2-D average pooling of (N, C, H, W) or (C, H, W) to (outputSize, outputSize): output cell i
    /// averages input rows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉), likewise for columns.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, int outputSize) => AdaptiveAvgPool2d(input, (outputSize, outputSize));

    /// <summary>Adaptive 2-D average pooling to (OH, OW); see <see cref="AdaptiveAvgPool2d(Tensor, int)"/>.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int H, int W) outputSize)
    {
        var (x, batched) = Batched("AdaptiveAvgPool2d", input, 4);
        var g = PoolShapes.Adaptive("AdaptiveAvgPool2d", x, outputSize, input.Shape);
        var y = Ops.AvgPool2d.Apply(x, g);
        return batched ? y : y.Squeeze(0);
    }

    private static Tensor ConvCore(string op, Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride,
        (int Top, int Bottom, int Left, int Right) padding, (int H, int W) dilation, int groups, bool oneD)
    {
        CheckRank(op, weight, oneD ? 3 : 4, "weight");
        var (x, batched) = Batched(op, input, oneD ? 3 : 4);
        var w = weight;
        if (oneD)
        {
            x = x.Unsqueeze(2);
            w = w.Unsqueeze(2);
        }
        var g = ConvShapes.Forward(op, x, w, bias, stride, padding, dilation, groups, input.Shape, weight.Shape);
        var y = Ops.Conv2d.Apply(x, w, bias, g);
        if (oneD) y = y.Squeeze(2);
        return batched ? y : y.Squeeze(0);
    }

    /// <summary>The input with a batch dimension (added when it came without one) and whether it had one.</summary>
    private static (Tensor X, bool Batched) Batched(string op, Tensor input, int rank)
    {
        if (input.Rank == rank) return (input, true);
        if (input.Rank == rank - 1) return (input.Unsqueeze(0), false);
        throw new ArgumentException($"{op}: expected a {rank - 1}-D (unbatched) or {rank}-D (batched) input, got shape {input.Shape}.");
    }

    private static void CheckRank(string op, Tensor t, int rank, string what)
    {
        if (t.Rank != rank)
            throw new ArgumentException($"{op}: expected a {rank}-D {what}, got shape {t.Shape}.");
    }

    private static (int Before, int After) StringPadding(string op, string padding, int stride, int kernel, int dilation) => padding switch
    {
        "valid" => (0, 0),
        "same" when stride != 1 => throw new ArgumentException($"{op}: padding='same' is not supported for strided convolutions (stride {stride})."),
        "same" => ConvShapes.Same(kernel, dilation),
        _ => throw new ArgumentException($"{op}: padding must be \"valid\", \"same\" or a number, got \"{padding}\"."),
    };
}
