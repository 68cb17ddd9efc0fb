using static Nabla.Tests.TestUtil;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    private static Tensor Constant(int seed, double lo, double hi, params int[] shape) =>
        Tensor.Rand(shape, DType.Float64, new Generator(seed)) * (hi - lo) + lo;

    /// <summary>Layers (functional forms) and losses, including the fused BatchNorm, LayerNorm, CrossEntropy, BinaryCrossEntropy, Dropout and Embedding ops.</summary>
    private static IEnumerable<OpCase> LayersCases =>
    [
        new("Linear", "2-d input with bias", x => F.Linear(x[0], x[1], x[2]), () => [Leaf(1, 3, 4), Leaf(2, 2, 4), Leaf(3, 2)]),
        new("Linear", "3-d input, no bias, transposed weight", x => F.Linear(x[0], x[1]), () => [Leaf(4, 2, 2, 3), TransposedLeaf(5, 2, 3)]),
        new("Dropout", "p 0.4 seeded", x => F.Dropout(x[0], 0.4, true, new Generator(9)), () => [Leaf(1, 4, 5)]),
        new("Embedding", "2-d indices with repeats", x => F.Embedding(Longs([0, 2, 2, 4, 1, 0], 2, 3), x[0]), () => [Leaf(1, 5, 3)]),
        new("Embedding", "padding index set but not looked up", x => F.Embedding(Longs([3, 2, 1, 2], 4), x[0], paddingIdx: 0), () => [Leaf(2, 4, 2)]),
        new("BatchNorm", "training (N, C) affine", x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true), () => [Leaf(1, 4, 3), Leaf(2, 3), Leaf(3, 3)]),
        new("BatchNorm", "training (N, C, L) no affine", x => F.BatchNorm(x[0], null, null, training: true), () => [Leaf(4, 2, 3, 2)]),
        new("BatchNorm", "training transposed input, weight only", x => F.BatchNorm(x[0], null, null, x[1], training: true, eps: 1e-3),
            () => [TransposedLeaf(5, 4, 3), Leaf(6, 3)]),
        new("BatchNorm", "eval with running statistics", x => F.BatchNorm(x[0], Constant(1, -1, 1, 3), Constant(2, 0.5, 2, 3), x[1], x[2]),
            () => [Leaf(7, 2, 3, 2, 2), Leaf(8, 3), Leaf(9, 3)]),
        new("LayerNorm", "last dim affine", x => F.LayerNorm(x[0], [4], x[1], x[2]), () => [Leaf(1, 2, 3, 4), Leaf(2, 4), Leaf(3, 4)]),
        new("LayerNorm", "last two dims no affine", x => F.LayerNorm(x[0], [2, 3]), () => [Leaf(4, 2, 2, 3)]),
        new("LayerNorm", "transposed input, bias only", x => F.LayerNorm(x[0], [3], null, x[1]), () => [TransposedLeaf(5, 4, 3), Leaf(6, 3)]),
        new("LocalResponseNorm", "size 3 on (N, C, L)", x => F.LocalResponseNorm(x[0], 3, alpha: 0.5, beta: 0.75, k: 1.5), () => [Leaf(1, 2, 4, 3)]),
        new("LocalResponseNorm", "size 2 on (N, C, H, W)", x => F.LocalResponseNorm(x[0], 2, alpha: 0.3), () => [Leaf(2, 1, 3, 2, 2)]),
        new("CrossEntropy", "class indices mean", x => F.CrossEntropy(x[0], Longs([2, 0, 3], 3)), () => [Leaf(1, 3, 4)]),
        new("CrossEntropy", "weights, ignore index, label smoothing", x => F.CrossEntropy(x[0], Longs([2, -100, 1, 0], 4),
            Tensor.FromArray([0.5, 2.0, 1.5]), labelSmoothing: 0.2), () => [Leaf(2, 4, 3)]),
        new("CrossEntropy", "spatial (N, C, d) none", x => F.CrossEntropy(x[0], Longs([0, 2, 1, 1], 2, 2), reduction: "none"), () => [Leaf(3, 2, 3, 2)]),
        new("CrossEntropy", "transposed logits sum", x => F.CrossEntropy(x[0], Longs([1, 0, 2, 2], 4), reduction: "sum"), () => [TransposedLeaf(4, 4, 3)]),
        new("CrossEntropy", "probability targets with smoothing and weight", x => F.CrossEntropy(x[0], x[1].Softmax(1),
            Tensor.FromArray([1.0, 0.5, 2.0]), labelSmoothing: 0.1), () => [Leaf(5, 2, 3), Leaf(6, 2, 3)]),
        new("NllLoss", "weights and ignore index", x => F.NllLoss(x[0], Longs([1, 1, 0, 5], 4), Tensor.FromArray([0.3, 1.2]), ignoreIndex: 5),
            () => [Leaf(1, 4, 2)]),
        new("NllLoss", "spatial none", x => F.NllLoss(x[0], Longs([0, 1, 2, 0, 1, 2], 2, 3), reduction: "none"), () => [Leaf(2, 2, 3, 3)]),
        new("BinaryCrossEntropy", "input and target with weight", x => F.BinaryCrossEntropy(x[0], x[1], Tensor.FromArray([0.5, 1.5, 1.0])),
            () => [Uniform(1, 0.1, 0.9, 2, 3), Uniform(2, 0, 1, 2, 3)]),
        new("BinaryCrossEntropy", "sum over a transposed input", x => F.BinaryCrossEntropy(x[0].Sigmoid(), Constant(3, 0, 1, 3, 2), reduction: "sum"),
            () => [TransposedLeaf(3, 3, 2)]),
        new("BinaryCrossEntropyWithLogits", "pos weight and weight", x => F.BinaryCrossEntropyWithLogits(x[0], x[1], Tensor.FromArray([1.0, 0.5]),
            posWeight: Tensor.FromArray([2.0, 0.7])), () => [Leaf(1, 3, 2), Uniform(2, 0, 1, 3, 2)]),
        new("MseLoss", "mean", x => F.MseLoss(x[0], x[1]), () => [Leaf(1, 2, 3), Leaf(2, 2, 3)]),
        new("L1Loss", "sum", x => F.L1Loss(x[0], x[1], "sum"), () => [Leaf(1, 2, 3), Leaf(2, 2, 3)]),
        new("SmoothL1Loss", "beta 0.8 none", x => F.SmoothL1Loss(x[0], x[1], "none", 0.8), () => [Leaf(3, 2, 3), Leaf(4, 2, 3)]),
        new("HuberLoss", "delta 0.7", x => F.HuberLoss(x[0], x[1], delta: 0.7), () => [Leaf(5, 2, 3), Leaf(6, 2, 3)]),
        new("MultiMarginLoss", "p 1 with weight", x => F.MultiMarginLoss(x[0], Longs([1, 0, 2], 3), weight: Tensor.FromArray([1.0, 2.0, 0.5])),
            () => [Leaf(1, 3, 3)]),
        new("MultiMarginLoss", "p 2 margin 0.5 sum", x => F.MultiMarginLoss(x[0], Longs([3, 0], 2), p: 2, margin: 0.5, reduction: "sum"),
            () => [Leaf(2, 2, 4)]),
        new("KlDiv", "batchmean", x => F.KlDiv(x[0].LogSoftmax(1), x[1].Softmax(1), "batchmean"), () => [Leaf(1, 2, 3), Leaf(2, 2, 3)]),
        new("KlDiv", "log target none", x => F.KlDiv(x[0], x[1], "none", logTarget: true), () => [Leaf(3, 2, 3), Leaf(4, 2, 3)]),
    ];
}
