using System.Text.Json;
using Nabla.Nn;

namespace Nabla.Tests.Differential;

public static partial class DifferentialOps
{
    /// <summary>differential_ops_nn.py: convolution, pooling, losses, normalization and layers' functional forms.</summary>
    private static Dictionary<string, Func<Tensor[], JsonElement, Tensor>> Neural => new()
    {
        ["conv1d"] = (x, a) => Functional.Conv1d(x[0], x[1], Bias(x), Ints(a, "stride")[0], Ints(a, "padding")[0], Ints(a, "dilation")[0], I(a, "groups")),
        ["conv2d"] = (x, a) => Functional.Conv2d(x[0], x[1], Bias(x), Pair(a, "stride"), Pair(a, "padding"), Pair(a, "dilation"), I(a, "groups")),
        ["conv_transpose2d"] = (x, a) => Functional.ConvTranspose2d(x[0], x[1], Bias(x), Pair(a, "stride"), Pair(a, "padding"),
            Pair(a, "output_padding"), I(a, "groups"), Pair(a, "dilation")),
        ["max_pool2d"] = (x, a) => Functional.MaxPool2d(x[0], Pair(a, "kernel"), OptPair(a, "stride"), Pair(a, "padding"), Pair(a, "dilation"), B(a, "ceil_mode")),
        ["max_pool1d"] = (x, a) => Functional.MaxPool1d(x[0], Ints(a, "kernel")[0], OptPair(a, "stride")?.H, Ints(a, "padding")[0], Ints(a, "dilation")[0], B(a, "ceil_mode")),
        ["avg_pool2d"] = (x, a) => Functional.AvgPool2d(x[0], Pair(a, "kernel"), OptPair(a, "stride"), Pair(a, "padding"), B(a, "ceil_mode"), B(a, "count_include_pad")),
        ["avg_pool1d"] = (x, a) => Functional.AvgPool1d(x[0], Ints(a, "kernel")[0], OptPair(a, "stride")?.H, Ints(a, "padding")[0], B(a, "ceil_mode"), B(a, "count_include_pad")),
        ["adaptive_avg_pool2d"] = (x, a) => Functional.AdaptiveAvgPool2d(x[0], Pair(a, "size")),
        ["mse_loss"] = (x, a) => Functional.MseLoss(x[0], x[1], S(a, "reduction")),
        ["l1_loss"] = (x, a) => Functional.L1Loss(x[0], x[1], S(a, "reduction")),
        ["smooth_l1_loss"] = (x, a) => Functional.SmoothL1Loss(x[0], x[1], S(a, "reduction"), D(a, "beta")),
        ["huber_loss"] = (x, a) => Functional.HuberLoss(x[0], x[1], S(a, "reduction"), D(a, "delta")),
        ["binary_cross_entropy"] = (x, a) => Functional.BinaryCrossEntropy(x[0], x[1], reduction: S(a, "reduction")),
        ["binary_cross_entropy_with_logits"] = (x, a) => Functional.BinaryCrossEntropyWithLogits(x[0], x[1], reduction: S(a, "reduction")),
        ["kl_div"] = (x, a) => Functional.KlDiv(x[0], x[1], S(a, "reduction"), B(a, "log_target")),
        ["kl_div_log_target"] = (x, a) => Functional.KlDiv(x[0], x[1], S(a, "reduction"), B(a, "log_target")),
        ["cross_entropy"] = (x, a) => Functional.CrossEntropy(x[0], x[1], Bias(x), I(a, "ignore_index"), S(a, "reduction"), D(a, "label_smoothing")),
        ["nll_loss"] = (x, a) => Functional.NllLoss(x[0], x[1], Bias(x), I(a, "ignore_index"), S(a, "reduction")),
        ["layer_norm"] = (x, a) => Functional.LayerNorm(x[0], Ints(a, "normalized_shape"), B(a, "affine") ? x[1] : null, B(a, "affine") ? x[2] : null, D(a, "eps")),
        ["batch_norm"] = (x, a) => Functional.BatchNorm(x[0], B(a, "training") ? null : x[^2], B(a, "training") ? null : x[^1],
            B(a, "affine") ? x[1] : null, B(a, "affine") ? x[2] : null, B(a, "training"), 0.1, D(a, "eps")),
        ["linear"] = (x, a) => Functional.Linear(x[0], x[1], Bias(x)),
        ["embedding"] = (x, a) => Functional.Embedding(x[0], x[1]),
    };

    private static Tensor? Bias(Tensor[] x) => x.Length > 2 ? x[2] : null;

    private static (int H, int W) Pair(JsonElement a, string name)
    {
        var v = Ints(a, name);
        return (v[0], v.Length > 1 ? v[1] : v[0]);
    }

    private static (int H, int W)? OptPair(JsonElement a, string name) =>
        a.GetProperty(name).ValueKind == JsonValueKind.Null ? null : Pair(a, name);
}
