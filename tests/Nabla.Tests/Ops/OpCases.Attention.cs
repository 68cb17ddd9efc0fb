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
    ];
}
