using System.Globalization;

namespace Nabla.Nn;

/// <summary>
/// Shared state of the convolution layers: the weight (out, in/groups, k...) for convolutions or
/// (in, out/groups, k...) for transposed ones and the optional bias, initialised as PyTorch's:
/// weight ~ kaiming_uniform(a=√5), i.e. U(−1/√fan_in, 1/√fan_in), and bias ~ U(−1/√fan_in, 1/√fan_in).
/// </summary>
public abstract class ConvLayer : Module
{
    private readonly string _repr;

    private protected ConvLayer(int inChannels, int outChannels, int[] kernel, int groups, bool bias, bool transposed, string repr)
    {
        if (inChannels <= 0 || outChannels <= 0)
            throw new ArgumentException($"{GetType().Name}: channel counts must be positive, got {inChannels} and {outChannels}.");
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{GetType().Name}: in channels {inChannels} and out channels {outChannels} must both be divisible by groups {groups}.");
        foreach (int k in kernel)
            if (k <= 0) throw new ArgumentException($"{GetType().Name}: kernel size must be positive, got {string.Join(", ", kernel)}.");
        InChannels = inChannels;
        OutChannels = outChannels;
        Groups = groups;
        int[] dims = transposed ? [inChannels, outChannels / groups, .. kernel] : [outChannels, inChannels / groups, .. kernel];
        var w = Tensor.Empty(dims, DType.Float32);
        Init.KaimingUniform_(w, a: Math.Sqrt(5));
        Weight = RegisterParameter("weight", w);
        if (bias)
        {
            double bound = 1 / Math.Sqrt(Init.Fans(w).FanIn);
            Bias = RegisterParameter("bias", Init.Uniform_(Tensor.Empty([outChannels], DType.Float32), -bound, bound));
        }
        else RegisterParameter("bias");
        _repr = $"{inChannels}, {outChannels}, {repr}" + (groups != 1 ? $", groups={groups}" : "") + (bias ? "" : ", bias=False");
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>The weight parameter.</summary>
    public Tensor Weight { get; }

    /// <summary>The bias parameter (OutChannels), or null when created with <c>bias: false</c>.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    protected override string ExtraRepr() => _repr;

    private protected static string Tuple(params int[] v) =>
        "(" + string.Join(", ", v.Select(i => i.ToString(CultureInfo.InvariantCulture))) + (v.Length == 1 ? ",)" : ")");

    private protected static string Options(int[] stride, string? padding, int[] dilation, int[]? outputPadding)
    {
        var s = $", stride={Tuple(stride)}";
        if (padding is not null) s += $", padding={padding}";
        if (dilation.Any(d => d != 1)) s += $", dilation={Tuple(dilation)}";
        if (outputPadding is not null && outputPadding.Any(p => p != 0)) s += $", output_padding={Tuple(outputPadding)}";
        return s;
    }

    private protected static string? PaddingRepr(int[] padding) => padding.Any(p => p != 0) ? Tuple(padding) : null;
}

/// <summary>2-D convolution layer: (N, C, H, W) → (N, OutChannels, OH, OW); see <see cref="Functional.Conv2d(Tensor, Tensor, Tensor?, int, int, int, int)"/>.</summary>
public sealed class Conv2d : ConvLayer
{
    private readonly (int, int) _stride, _padding, _dilation;
    private readonly string? _stringPadding;

    /// <summary>Creates a convolution with a square kernel and equal stride, padding and dilation on both axes.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (dilation, dilation), groups, bias)
    {
    }

    /// <summary>Creates a convolution with per-axis (height, width) kernel size, stride, padding and dilation.</summary>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups = 1, bool bias = true)
        : base(inChannels, outChannels, [kernelSize.H, kernelSize.W], groups, bias, false,
            $"kernel_size={Tuple(kernelSize.H, kernelSize.W)}" + Options([stride.H, stride.W], PaddingRepr([padding.H, padding.W]), [dilation.H, dilation.W], null))
    {
        (_stride, _padding, _dilation) = (stride, padding, dilation);
    }

    /// <summary>Creates a convolution with padding "valid" or "same" (stride 1 only).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, string padding, int stride = 1, int dilation = 1, int groups = 1, bool bias = true)
        : base(inChannels, outChannels, [kernelSize, kernelSize], groups, bias, false,
            $"kernel_size={Tuple(kernelSize, kernelSize)}" + Options([stride, stride], padding, [dilation, dilation], null))
    {
        if (padding is not ("same" or "valid")) throw new ArgumentException($"Conv2d: padding must be \"valid\", \"same\" or a number, got \"{padding}\".");
        if (padding == "same" && stride != 1) throw new ArgumentException($"Conv2d: padding='same' is not supported for strided convolutions (stride {stride}).");
        (_stride, _dilation, _stringPadding) = ((stride, stride), (dilation, dilation), padding);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => _stringPadding is { } p
        ? Functional.Conv2d(input, Weight, Bias, p, _stride.Item1, _dilation.Item1, Groups)
        : Functional.Conv2d(input, Weight, Bias, _stride, _padding, _dilation, Groups);
}

/// <summary>1-D convolution layer: (N, C, L) → (N, OutChannels, OL); see <see cref="Functional.Conv1d(Tensor, Tensor, Tensor?, int, int, int, int)"/>.</summary>
public sealed class Conv1d : ConvLayer
{
    private readonly int _stride, _padding, _dilation;
    private readonly string? _stringPadding;

    /// <summary>Creates a 1-D convolution.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
        : base(inChannels, outChannels, [kernelSize], groups, bias, false,
            $"kernel_size={Tuple(kernelSize)}" + Options([stride], PaddingRepr([padding]), [dilation], null))
    {
        (_stride, _padding, _dilation) = (stride, padding, dilation);
    }

    /// <summary>Creates a 1-D convolution with padding "valid" or "same" (stride 1 only).</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, string padding, int stride = 1, int dilation = 1, int groups = 1, bool bias = true)
        : base(inChannels, outChannels, [kernelSize], groups, bias, false,
            $"kernel_size={Tuple(kernelSize)}" + Options([stride], padding, [dilation], null))
    {
        if (padding is not ("same" or "valid")) throw new ArgumentException($"Conv1d: padding must be \"valid\", \"same\" or a number, got \"{padding}\".");
        if (padding == "same" && stride != 1) throw new ArgumentException($"Conv1d: padding='same' is not supported for strided convolutions (stride {stride}).");
        (_stride, _dilation, _stringPadding) = (stride, dilation, padding);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => _stringPadding is { } p
        ? Functional.Conv1d(input, Weight, Bias, p, _stride, _dilation, Groups)
        : Functional.Conv1d(input, Weight, Bias, _stride, _padding, _dilation, Groups);
}

/// <summary>2-D transposed convolution layer: (N, C, H, W) → (N, OutChannels, OH, OW); weight (InChannels, OutChannels/groups, KH, KW).</summary>
public sealed class ConvTranspose2d : ConvLayer
{
    private readonly (int, int) _stride, _padding, _outputPadding, _dilation;

    /// <summary>Creates a transposed convolution with equal arguments on both axes (PyTorch's argument order).</summary>
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0, int groups = 1, bool bias = true, int dilation = 1)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (outputPadding, outputPadding), groups, bias, (dilation, dilation))
    {
    }

    /// <summary>Creates a transposed convolution with per-axis (height, width) arguments.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding, (int H, int W) outputPadding,
        int groups, bool bias, (int H, int W) dilation)
        : base(inChannels, outChannels, [kernelSize.H, kernelSize.W], groups, bias, true,
            $"kernel_size={Tuple(kernelSize.H, kernelSize.W)}" + Options([stride.H, stride.W], PaddingRepr([padding.H, padding.W]), [dilation.H, dilation.W], [outputPadding.H, outputPadding.W]))
    {
        (_stride, _padding, _outputPadding, _dilation) = (stride, padding, outputPadding, dilation);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) =>
        Functional.ConvTranspose2d(input, Weight, Bias, _stride, _padding, _outputPadding, Groups, _dilation);
}
