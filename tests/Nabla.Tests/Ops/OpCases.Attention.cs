using static Nabla.Tests.TestUtil;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    private static Tensor KeepMask(params bool[] keep) => Tensor.FromArray(keep, 3, 4);

    /// <summary>The fused scaled dot-product attention op and the attention layers built on it.</summary>
    private static IEnumerable<OpCase> AttentionCases =>
    [
        new("ScaledDotProductAttention", "plain (L 3, S 4, E 2, Ev 3)", x => F.ScaledDotProductAttention(x[0], x[1], x[2]),
            () => [Leaf(1, 3, 2), Leaf(2, 4, 2), Leaf(3, 4, 3)]),
        new("ScaledDotProductAttention", "batched, causal, explicit scale", x => F.ScaledDotProductAttention(x[0], x[1], x[2], isCausal: true, scale: 0.7),
            () => [Leaf(4, 2, 3, 2), Leaf(5, 2, 3, 2), Leaf(6, 2, 3, 2)]),
        new("ScaledDotProductAttention", "bool mask broadcast over batch", x => F.ScaledDotProductAttention(x[0], x[1], x[2],
            KeepMask(true, false, true, true, false, true, true, false, true, true, true, true)),
            () => [Leaf(7, 2, 3, 2), Leaf(8, 2, 4, 2), Leaf(9, 2, 4, 2)]),
        new("ScaledDotProductAttention", "learnable additive mask, broadcast key batch", x => F.ScaledDotProductAttention(x[0], x[1], x[2], x[3]),
            () => [Leaf(10, 2, 3, 2), Leaf(11, 4, 2), Leaf(12, 4, 2), Leaf(13, 3, 4)]),
        new("ScaledDotProductAttention", "transposed query and key views", x => F.ScaledDotProductAttention(x[0], x[1], x[2]),
            () => [TransposedLeaf(14, 3, 2), TransposedLeaf(15, 4, 2), Leaf(16, 4, 2)]),
        new("MultiheadAttention", "2 heads, key padding, weights", x => MhaBoth(x, F.MultiheadAttentionForward(x[0], x[1], x[1], 2, x[2], x[3], x[4], x[5],
            Tensor.FromArray([false, false, true], 1, 3))),
            () => [Leaf(17, 2, 1, 4), Leaf(18, 3, 1, 4), Leaf(19, 12, 4), Leaf(20, 12), Leaf(21, 4, 4), Leaf(22, 4)]),
        new("MultiheadAttention", "fused path, causal float mask", x => F.MultiheadAttentionForward(x[0], x[0], x[0], 1, x[1], null, x[2], null,
            needWeights: false, attnMask: Tensor.FromArray([0.0, double.NegativeInfinity, 0.0, 0.0], 2, 2)).Output,
            () => [Leaf(23, 2, 2), Leaf(24, 6, 2), Leaf(25, 2, 2)]),
    ];

    private static Tensor MhaBoth(Tensor[] x, (Tensor Output, Tensor? Weights) r) => Tensor.Cat([r.Output.Reshape(-1), r.Weights!.Reshape(-1)], 0);
}
