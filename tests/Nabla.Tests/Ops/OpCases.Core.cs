using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>Arithmetic, copies, casts, sum, reshape and expand.</summary>
    private static IEnumerable<OpCase> CoreCases =>
    [
        new("Add", "broadcast [3,1]+[4]", x => x[0] + x[1], () => [Leaf(1, 3, 1), Leaf(2, 4)]),
        new("Add", "scalar", x => x[0] + 2.5, () => [Leaf(1, 2, 3)]),
        new("Sub", "broadcast [2,3]-[3]", x => x[0] - x[1], () => [Leaf(1, 2, 3), Leaf(2, 3)]),
        new("Sub", "transposed views", x => x[0] - x[1], () => [TransposedLeaf(3, 3, 2), Leaf(4, 3, 2)]),
        new("Add", "broadcast [3,1]+[3,4] (a tangent on either alone)", x => x[0] + x[1], () => [Leaf(1, 3, 1), Leaf(2, 3, 4)]),
        new("Add", "0-dim + [2,3]", x => x[0] + x[1], () => [Leaf(1), Leaf(2, 2, 3)]),
        new("Sub", "broadcast [3,4]-[3,1]", x => x[0] - x[1], () => [Leaf(1, 3, 4), Leaf(2, 3, 1)]),
        new("Sub", "broadcast [3,1]-[1,4]", x => x[0] - x[1], () => [Leaf(1, 3, 1), Leaf(2, 1, 4)]),
        new("Mul", "broadcast [2,1,3]*[4,1]", x => x[0] * x[1], () => [Leaf(1, 2, 1, 3), Leaf(2, 4, 1)]),
        new("Mul", "transposed view", x => x[0] * x[1], () => [TransposedLeaf(5, 2, 3), Leaf(6, 2, 3)]),
        new("Div", "broadcast", x => x[0] / (x[1] * x[1] + 1.0), () => [Leaf(1, 3, 2), Leaf(2, 2)]),
        new("Div", "[2,3] / 0-dim", x => x[0] / x[1], () => [Leaf(1, 2, 3), Uniform(2, 0.5, 2.0)]),
        new("Mul", "0-dim * [2,1] * [3]", x => x[0] * x[1] * x[2], () => [Leaf(1), Leaf(2, 2, 1), Leaf(3, 3)]),
        new("Div", "scalar numerator", x => 2.0 / (x[0] * x[0] + 0.5), () => [Leaf(3, 4)]),
        new("Neg", "plain", x => -x[0], () => [Leaf(1, 2, 2)]),
        new("Exp", "plain", x => x[0].Exp(), () => [Leaf(1, 2, 3)]),
        new("Log", "positive", x => x[0].Log(), () => [Uniform(1, 0.5, 2.0, 5)]),
        new("Sin", "plain", x => x[0].Sin(), () => [Leaf(1, 4)]),
        new("Cos", "transposed view", x => x[0].Cos(), () => [TransposedLeaf(2, 3, 2)]),
        new("Clone", "of transposed view", x => x[0].Clone() * x[0], () => [TransposedLeaf(2, 3, 2)]),
        new("Contiguous", "of transposed view", x => x[0].Contiguous(), () => [TransposedLeaf(2, 3, 2)]),
        new("To", "float64 to float32 and back", x => (x[0].To(DType.Float32) * 2.0).To(DType.Float64), () => [Leaf(1, 3)], 1e-3, 1e-3, Eps: 1e-2),
        new("Alias", "plain", x => x[0].Alias() * x[0], () => [Leaf(1, 3)]),
        new("Sum", "all", x => x[0].Sum(), () => [Leaf(1, 2, 3)]),
        new("Sum", "dim 1 keepDim", x => x[0].Sum(1, keepDim: true), () => [Leaf(1, 2, 3, 4)]),
        new("Sum", "dims 0,2", x => x[0].Sum([0, 2]), () => [Leaf(1, 2, 3, 4)]),
        new("Sum", "transposed view dim 0", x => x[0].Sum(0), () => [TransposedLeaf(1, 3, 4)]),
        new("Sum", "empty tensor", x => x[0].Sum() + x[1].Sum(), () => [Leaf(1, 0, 3), Leaf(2, 2)]),
        new("Reshape", "with -1", x => x[0].Reshape(-1, 2) * 1.5, () => [Leaf(1, 2, 3)]),
        new("Reshape", "of transposed view", x => x[0].Reshape(6), () => [TransposedLeaf(1, 2, 3)]),
        new("Expand", "new leading dims", x => x[0].Expand(2, 3, 4) * x[0], () => [Leaf(1, 3, 1)]),
    ];
}
