using System.Globalization;

namespace Nabla.Nn;

/// <summary>2-D max pooling layer; see <see cref="Functional.MaxPool2d(Tensor, int, int?, int, int, bool)"/>.</summary>
public sealed class MaxPool2d : Module
{
    private readonly (int, int) _kernel, _stride, _padding, _dilation;
    private readonly bool _ceilMode;
    private readonly string _repr;

    /// <summary>Creates a max pooling with a square window; stride defaults to the kernel size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        : this((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode) =>
        _repr = PoolRepr.Max(PoolRepr.Int(kernelSize), PoolRepr.Int(stride ?? kernelSize), PoolRepr.Int(padding), PoolRepr.Int(dilation), ceilMode);

    /// <summary>Creates a max pooling with per-axis (height, width) arguments; a null stride means the kernel size.</summary>
    public MaxPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, (int H, int W) dilation, bool ceilMode = false)
    {
        (_kernel, _stride, _padding, _dilation, _ceilMode) = (kernelSize, stride ?? kernelSize, padding, dilation, ceilMode);
        _repr = PoolRepr.Max(PoolRepr.Pair(_kernel), PoolRepr.Pair(_stride), PoolRepr.Pair(padding), PoolRepr.Pair(dilation), ceilMode);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.MaxPool2d(input, _kernel, _stride, _padding, _dilation, _ceilMode);

    /// <inheritdoc/>
    protected override string ExtraRepr() => _repr;
}

/// <summary>1-D max pooling layer; see <see cref="Functional.MaxPool1d"/>.</summary>
public sealed class MaxPool1d : Module
{
    private readonly int _kernel, _stride, _padding, _dilation;
    private readonly bool _ceilMode;

    /// <summary>Creates a 1-D max pooling; stride defaults to the kernel size.</summary>
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        (_kernel, _stride, _padding, _dilation, _ceilMode) = (kernelSize, stride ?? kernelSize, padding, dilation, ceilMode);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.MaxPool1d(input, _kernel, _stride, _padding, _dilation, _ceilMode);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        PoolRepr.Max(PoolRepr.Int(_kernel), PoolRepr.Int(_stride), PoolRepr.Int(_padding), PoolRepr.Int(_dilation), _ceilMode);
}

/// <summary>2-D average pooling layer; see <see cref="Functional.AvgPool2d(Tensor, int, int?, int, bool, bool)"/>.</summary>
public sealed class AvgPool2d : Module
{
    private readonly (int, int) _kernel, _stride, _padding;
    private readonly bool _ceilMode, _countIncludePad;
    private readonly string _repr;

    /// <summary>Creates an average pooling with a square window; stride defaults to the kernel size.</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        : this((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), ceilMode, countIncludePad) =>
        _repr = PoolRepr.Avg(PoolRepr.Int(kernelSize), PoolRepr.Int(stride ?? kernelSize), PoolRepr.Int(padding));

    /// <summary>Creates an average pooling with per-axis (height, width) arguments; a null stride means the kernel size.</summary>
    public AvgPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, bool ceilMode = false, bool countIncludePad = true)
    {
        (_kernel, _stride, _padding, _ceilMode, _countIncludePad) = (kernelSize, stride ?? kernelSize, padding, ceilMode, countIncludePad);
        _repr = PoolRepr.Avg(PoolRepr.Pair(_kernel), PoolRepr.Pair(_stride), PoolRepr.Pair(padding));
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.AvgPool2d(input, _kernel, _stride, _padding, _ceilMode, _countIncludePad);

    /// <inheritdoc/>
    protected override string ExtraRepr() => _repr;
}

/// <summary>1-D average pooling layer; see <see cref="Functional.AvgPool1d"/>.</summary>
public sealed class AvgPool1d : Module
{
    private readonly int _kernel, _stride, _padding;
    private readonly bool _ceilMode, _countIncludePad;

    /// <summary>Creates a 1-D average pooling; stride defaults to the kernel size.</summary>
    public AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        (_kernel, _stride, _padding, _ceilMode, _countIncludePad) = (kernelSize, stride ?? kernelSize, padding, ceilMode, countIncludePad);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.AvgPool1d(input, _kernel, _stride, _padding, _ceilMode, _countIncludePad);

    // PyTorch's AvgPool1d stores its arguments as 1-tuples and prints them so.
    /// <inheritdoc/>
    protected override string ExtraRepr() => PoolRepr.Avg($"({_kernel},)", $"({_stride},)", $"({_padding},)");
}

/// <summary>Adaptive 2-D average pooling layer; see <see cref="Functional.AdaptiveAvgPool2d(Tensor, int)"/>.</summary>
public sealed class AdaptiveAvgPool2d : Module
{
    private readonly (int, int) _output;
    private readonly string _repr;

    /// <summary>Pools to (outputSize, outputSize).</summary>
    public AdaptiveAvgPool2d(int outputSize) => (_output, _repr) = ((outputSize, outputSize), PoolRepr.Int(outputSize));

    /// <summary>Pools to (OH, OW).</summary>
    public AdaptiveAvgPool2d((int H, int W) outputSize) => (_output, _repr) = (outputSize, PoolRepr.Pair(outputSize));

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.AdaptiveAvgPool2d(input, _output);

    /// <inheritdoc/>
    protected override string ExtraRepr() => "output_size=" + _repr;
}

/// <summary>PyTorch's printing of pooling arguments.</summary>
internal static class PoolRepr
{
    public static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Pair((int, int) v) => $"({Int(v.Item1)}, {Int(v.Item2)})";

    public static string Max(string kernel, string stride, string padding, string dilation, bool ceilMode) =>
        $"kernel_size={kernel}, stride={stride}, padding={padding}, dilation={dilation}, ceil_mode={(ceilMode ? "True" : "False")}";

    public static string Avg(string kernel, string stride, string padding) => $"kernel_size={kernel}, stride={stride}, padding={padding}";
}
