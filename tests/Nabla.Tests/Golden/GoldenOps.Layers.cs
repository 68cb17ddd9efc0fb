using Nabla.Nn;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Golden;

public static partial class GoldenOps
{
    private static readonly double[] W3 = [0.5, 2.0, 1.5];
    private static readonly double[] W5 = [1.0, 0.5, 2.0, 1.5, 0.25];

    private static Tensor Floats(double[] values) => Tensor.FromArray(values.Select(v => (float)v).ToArray(), values.Length);

    private static Tensor Longs(params long[] values) => Tensor.FromArray(values, values.Length);

    private static Tensor BatchNormRunning(Tensor x)
    {
        var rm = Tensor.Zeros(3);
        var rv = Tensor.Ones(3);
        var data = x.Detach();
        F.BatchNorm(data, rm, rv, training: true, momentum: 0.3);
        F.BatchNorm(data * 2 + 1, rm, rv, training: true, momentum: 0.3);
        return Tensor.Cat([rm, rv], 0);
    }

    /// <summary>generate_layers.py: layers and losses.</summary>
    private static Dictionary<string, Func<Tensor[], Tensor>> Layers => new()
    {
        ["linear"] = x => F.Linear(x[0], x[1], x[2]),
        ["linear_3d_no_bias"] = x => F.Linear(x[0], x[1]),
        ["batch_norm_train_4d"] = x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true),
        ["batch_norm_train_3d"] = x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true, eps: 1e-3),
        ["batch_norm_eval"] = x => F.BatchNorm(x[0], x[1].Detach(), x[2].Detach(), x[3], x[4], training: false),
        ["batch_norm_running_stats"] = x => BatchNormRunning(x[0]),
        ["layer_norm"] = x => F.LayerNorm(x[0], [3, 4], x[1], x[2]),
        ["layer_norm_no_affine"] = x => F.LayerNorm(x[0], [5], eps: 1e-3),
        ["local_response_norm"] = x => F.LocalResponseNorm(x[0], 3),
        ["local_response_norm_4d"] = x => F.LocalResponseNorm(x[0], 4, alpha: 0.1, beta: 0.5, k: 2.0),
        ["embedding"] = x => F.Embedding(x[0], x[1]),
        ["embedding_padding"] = x => F.Embedding(x[0], x[1], paddingIdx: 1),
        ["module_leaky_relu"] = x => new LeakyReLU(0.2).Forward(x[0]),
        ["module_elu"] = x => new ELU(0.5).Forward(x[0]),
        ["module_gelu"] = x => new GELU().Forward(x[0]),
        ["module_softplus"] = x => new Softplus(2.0, 5.0).Forward(x[0] * 3),
        ["module_softmax"] = x => new Softmax(1).Forward(x[0]),
        ["module_log_softmax"] = x => new LogSoftmax(0).Forward(x[0]),

        ["cross_entropy"] = x => F.CrossEntropy(x[0], x[1]),
        ["cross_entropy_weight"] = x => F.CrossEntropy(x[0], x[1], Floats(W5)),
        ["cross_entropy_ignore_index"] = x => F.CrossEntropy(x[0], Longs(1, -100, 3, 0)),
        ["cross_entropy_label_smoothing"] = x => F.CrossEntropy(x[0], x[1], labelSmoothing: 0.1),
        ["cross_entropy_all_options"] = x => F.CrossEntropy(x[0], Longs(2, 7, 0, 1, 7), Floats(W3), ignoreIndex: 7, labelSmoothing: 0.25),
        ["cross_entropy_sum"] = x => F.CrossEntropy(x[0], x[1], reduction: "sum"),
        ["cross_entropy_none_smoothing"] = x => F.CrossEntropy(x[0], x[1], reduction: "none", labelSmoothing: 0.3),
        ["cross_entropy_spatial"] = x => F.CrossEntropy(x[0], x[1]),
        ["cross_entropy_spatial_none"] = x => F.CrossEntropy(x[0], x[1], reduction: "none"),
        ["cross_entropy_probabilities"] = x => F.CrossEntropy(x[0], x[1].Detach().Softmax(1)),
        ["cross_entropy_probabilities_weight_smoothing"] = x => F.CrossEntropy(x[0], x[1].Detach().Softmax(1), Floats(W3), labelSmoothing: 0.2),
        ["cross_entropy_probabilities_none"] = x => F.CrossEntropy(x[0], x[1].Detach().Softmax(1), reduction: "none"),
        ["cross_entropy_huge_logits"] = x => F.CrossEntropy(x[0] * 1e4, Longs(0, 1, 2)),
        ["nll_loss"] = x => F.NllLoss(x[0], x[1]),
        ["nll_loss_weight_ignore"] = x => F.NllLoss(x[0], Longs(2, 1, 2, 0), Floats(W3), ignoreIndex: 1),
        ["nll_loss_spatial_sum"] = x => F.NllLoss(x[0], x[1], reduction: "sum"),
        ["bce"] = x => F.BinaryCrossEntropy(x[0].Sigmoid(), x[1].Detach()),
        ["bce_weight_sum"] = x => F.BinaryCrossEntropy(x[0].Sigmoid(), x[1].Detach(), Floats([0.5, 2.0, 1.0]), "sum"),
        ["bce_exact_zero_one"] = x => F.BinaryCrossEntropy(x[0], x[1].Detach(), reduction: "none"),
        ["bce_with_logits"] = x => F.BinaryCrossEntropyWithLogits(x[0], x[1].Detach()),
        ["bce_with_logits_pos_weight"] = x => F.BinaryCrossEntropyWithLogits(x[0], x[1].Detach(), Floats([1.0, 0.5, 2.0]), "sum",
            Floats([3.0, 0.5, 1.0])),
        ["bce_with_logits_huge"] = x => F.BinaryCrossEntropyWithLogits(x[0], x[1].Detach(), reduction: "none"),
        ["mse"] = x => F.MseLoss(x[0], x[1]),
        ["mse_sum"] = x => F.MseLoss(x[0], x[1], "sum"),
        ["l1"] = x => F.L1Loss(x[0], x[1]),
        ["l1_none"] = x => F.L1Loss(x[0], x[1], "none"),
        ["smooth_l1"] = x => F.SmoothL1Loss(x[0], x[1]),
        ["smooth_l1_beta"] = x => F.SmoothL1Loss(x[0], x[1], "sum", 0.5),
        ["huber"] = x => F.HuberLoss(x[0], x[1]),
        ["huber_delta"] = x => F.HuberLoss(x[0], x[1], "none", 0.6),
        ["multi_margin"] = x => F.MultiMarginLoss(x[0], x[1]),
        ["multi_margin_p2_weight"] = x => F.MultiMarginLoss(x[0], x[1], p: 2, margin: 0.7, weight: Floats(W5), reduction: "sum"),
        ["multi_margin_none"] = x => F.MultiMarginLoss(x[0], x[1], reduction: "none"),
        ["kl_div_batchmean"] = x => F.KlDiv(x[0].LogSoftmax(1), x[1].Detach().Softmax(1), "batchmean"),
        ["kl_div_mean"] = x => F.KlDiv(x[0], x[1].Detach()),
        ["kl_div_sum_log_target"] = x => F.KlDiv(x[0], x[1].Detach(), "sum", logTarget: true),
        ["kl_div_none"] = x => F.KlDiv(x[0], x[1].Detach(), "none"),
    };
}
