using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>Matrix products: every operand rank combination, broadcasting and transposed operands.</summary>
    private static IEnumerable<OpCase> LinalgCases =>
    [
        new("MatMul", "2-D", x => x[0].MatMul(x[1]), () => [Leaf(1, 3, 4), Leaf(2, 4, 2)]),
        new("MatMul", "transposed left", x => x[0].MatMul(x[1]), () => [TransposedLeaf(1, 3, 4), Leaf(2, 4, 2)]),
        new("MatMul", "transposed right", x => x[0].MatMul(x[1]), () => [Leaf(1, 3, 4), TransposedLeaf(2, 4, 2)]),
        new("MatMul", "dot", x => x[0].MatMul(x[1]), () => [Leaf(1, 4), Leaf(2, 4)]),
        new("MatMul", "matrix-vector", x => x[0].MatMul(x[1]), () => [Leaf(1, 3, 4), Leaf(2, 4)]),
        new("MatMul", "vector-matrix", x => x[0].MatMul(x[1]), () => [Leaf(1, 3), Leaf(2, 3, 2)]),
        new("MatMul", "batched broadcast", x => x[0].MatMul(x[1]), () => [Leaf(1, 2, 1, 2, 3), Leaf(2, 3, 3, 2)]),
        new("MatMul", "batch times matrix", x => x[0].MatMul(x[1]), () => [Leaf(1, 2, 3, 4), Leaf(2, 4, 2)]),
        new("MatMul", "expanded rows", x => x[0].Expand(3, 4).MatMul(x[1]), () => [Leaf(1, 1, 4), Leaf(2, 4, 2)]),
        new("Outer", "vectors", x => x[0].Outer(x[1]), () => [Leaf(1, 3), Leaf(2, 4)]),
    ];
}
