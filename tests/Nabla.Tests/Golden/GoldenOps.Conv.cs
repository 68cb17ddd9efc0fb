using Nabla.Nn;

namespace Nabla.Tests.Golden;

public static partial class GoldenOps
{
    /// <summary>generate_conv.py: convolution and pooling (convolutions at rtol 1e-5, atol 1e-5).</summary>
    private static Dictionary<string, Func<Tensor[], Tensor>> Conv => new()
    {
        ["conv2d_basic"] = x => Functional.Conv2d(x[0], x[1], x[2]),
        ["conv2d_stride_pad"] = x => Functional.Conv2d(x[0], x[1], x[2], stride: 2, padding: 1),
        ["conv2d_dilation_groups"] = x => Functional.Conv2d(x[0], x[1], x[2], padding: 2, dilation: 2, groups: 2),
        ["conv2d_same_even"] = x => Functional.Conv2d(x[0], x[1], null, "same"),
        ["conv2d_rect"] = x => Functional.Conv2d(x[0], x[1], null, (2, 1), (1, 0), (1, 2)),
        ["conv2d_pointwise"] = x => Functional.Conv2d(x[0], x[1], x[2]),
        ["conv1d"] = x => Functional.Conv1d(x[0], x[1], x[2], stride: 2, padding: 1, dilation: 2),
        ["conv1d_same"] = x => Functional.Conv1d(x[0], x[1], null, "same"),
        ["conv_transpose2d"] = x => Functional.ConvTranspose2d(x[0], x[1], x[2], stride: 2, padding: 1, outputPadding: 1),
        ["conv_transpose2d_groups"] = x => Functional.ConvTranspose2d(x[0], x[1], null, groups: 2, dilation: 2),
        ["max_pool2d"] = x => Functional.MaxPool2d(x[0], 2),
        ["max_pool2d_pad_ceil"] = x => Functional.MaxPool2d(x[0], 3, stride: 2, padding: 1, ceilMode: true),
        ["max_pool2d_dilation"] = x => Functional.MaxPool2d(x[0], (2, 3), (1, 1), (0, 0), (2, 1)),
        ["max_pool1d"] = x => Functional.MaxPool1d(x[0], 3, stride: 2, padding: 1),
        ["avg_pool2d"] = x => Functional.AvgPool2d(x[0], 2),
        ["avg_pool2d_pad_exclude_ceil"] = x => Functional.AvgPool2d(x[0], 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
        ["avg_pool2d_pad_include"] = x => Functional.AvgPool2d(x[0], 3, stride: 2, padding: 1, ceilMode: true),
        ["avg_pool1d"] = x => Functional.AvgPool1d(x[0], 4, stride: 3, padding: 2),
        ["adaptive_avg_pool2d"] = x => Functional.AdaptiveAvgPool2d(x[0], (3, 4)),
        ["adaptive_avg_pool2d_global"] = x => Functional.AdaptiveAvgPool2d(x[0], 1),
    };
}
