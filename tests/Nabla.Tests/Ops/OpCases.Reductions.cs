using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>A float64 leaf with the given values (for inputs that must contain exact zeros).</summary>
    private static Tensor Values(double[] values, params int[] shape) => Tensor.FromArray(values, shape).RequiresGrad_();

    /// <summary>Reductions, softmax and log-softmax.</summary>
    private static IEnumerable<OpCase> ReductionCases =>
    [
        new("Sum", "dims 0,-1 keepDim", x => x[0].Sum([0, -1], keepDim: true), () => [Leaf(1, 2, 3, 2)]),
        new("Sum", "negative dim of transposed view", x => x[0].Sum(-1), () => [TransposedLeaf(2, 3, 4)]),
        new("Mean", "all", x => x[0].Mean(), () => [Leaf(1, 2, 3)]),
        new("Mean", "dims 0,2 keepDim", x => x[0].Mean([0, 2], keepDim: true), () => [Leaf(2, 2, 3, 2)]),
        new("Mean", "dim -1 of transposed view", x => x[0].Mean(-1), () => [TransposedLeaf(3, 3, 4)]),
        new("Prod", "dim 1", x => x[0].Prod(1), () => [Leaf(1, 3, 4)]),
        new("Prod", "dim -1 keepDim with one zero in a row", x => x[0].Prod(-1, keepDim: true),
            () => [Values([1.5, 0, -2, 0.5, 0.7, 1.2, -0.3, 2], 2, 4)]),
        new("Prod", "dim 1 with two zeros in a row", x => x[0].Prod(1), () => [Values([0, 1.5, 0, -2, 0.8, 1.1, 0.9, 1.3], 2, 4)]),
        new("Prod", "all with one zero", x => x[0].Prod(), () => [Values([0.5, -1.2, 0, 2, 1.1, 0.9], 2, 3)]),
        new("Prod", "all with two zeros", x => x[0].Prod(), () => [Values([0.5, 0, 0, 2, 1.1, 0.9], 2, 3)]),
        new("Prod", "dims 0,2 keepDim", x => x[0].Prod([0, 2], keepDim: true), () => [Leaf(3, 2, 3, 2)]),
        new("Prod", "dims 0,-1 of transposed view", x => x[0].Prod([0, -1]), () => [TransposedLeaf(4, 3, 2)]),
        new("Prod", "gradient: product of the others, with zeros", x => Nabla.Ops.ProdExceptSelf.Apply(x[0], 1),
            () => [Values([0, 1.5, 0, -2, 0.8, 0, 0.9, 1.3, 0.6, 1.4, -0.7, 1.2], 3, 4)]),
        new("Prod", "gradient along dim 0 of a 3-d tensor", x => Nabla.Ops.ProdExceptSelf.Apply(x[0], 0), () => [Leaf(5, 3, 2, 2)]),
        new("Max", "all", x => x[0].Max(), () => [Leaf(1, 3, 4)]),
        new("Max", "dim 1 values", x => x[0].Max(1).Values, () => [Leaf(2, 3, 4)]),
        new("Max", "dim -1 keepDim of transposed view", x => x[0].Max(-1, keepDim: true).Values, () => [TransposedLeaf(3, 3, 4)]),
        new("Min", "all", x => x[0].Min(), () => [Leaf(4, 3, 4)]),
        new("Min", "dim 0 values", x => x[0].Min(0).Values, () => [Leaf(5, 3, 4)]),
        new("Min", "dim -2 keepDim", x => x[0].Min(-2, keepDim: true).Values, () => [Leaf(6, 2, 3, 2)]),
        new("Amax", "dims 0,2", x => x[0].Amax([0, 2]), () => [Leaf(1, 2, 3, 2)]),
        new("Amax", "dim -1 keepDim of transposed view", x => x[0].Amax(-1, keepDim: true), () => [TransposedLeaf(2, 3, 4)]),
        new("Amax", "all", x => x[0].Amax(), () => [Leaf(3, 2, 3)]),
        new("Amin", "dims 1,-1 keepDim", x => x[0].Amin([1, -1], keepDim: true), () => [Leaf(4, 2, 3, 2)]),
        new("Amin", "dim 0", x => x[0].Amin(0), () => [Leaf(5, 3, 4)]),
        new("Amin", "all", x => x[0].Amin(), () => [Leaf(6, 2, 3)]),
        new("Var", "all unbiased", x => x[0].Var(), () => [Leaf(1, 2, 3)]),
        new("Var", "dims 0,-1 keepDim correction 0", x => x[0].Var([0, -1], correction: 0, keepDim: true), () => [Leaf(2, 2, 3, 2)]),
        new("Var", "dim 0 of transposed view", x => x[0].Var(0), () => [TransposedLeaf(3, 4, 3)]),
        new("Var", "unbiased: false over dim 1", x => x[0].Var([1], unbiased: false), () => [Leaf(4, 3, 4)]),
        new("Std", "all", x => x[0].Std(), () => [Leaf(1, 2, 3)]),
        new("Std", "dim -1 keepDim correction 2", x => x[0].Std(-1, correction: 2, keepDim: true), () => [Leaf(2, 3, 5)]),
        new("Std", "dims 0,1 of transposed view", x => x[0].Std([0, 1], unbiased: false), () => [TransposedLeaf(3, 3, 4)]),
        new("LogSumExp", "dim -1", x => x[0].LogSumExp(-1), () => [Leaf(1, 3, 4)]),
        new("LogSumExp", "dims 0,2 keepDim", x => x[0].LogSumExp([0, 2], keepDim: true), () => [Leaf(2, 2, 3, 2)]),
        new("LogSumExp", "all of transposed view", x => x[0].LogSumExp([]), () => [TransposedLeaf(3, 3, 4)]),
        new("Cumsum", "dim 1", x => x[0].Cumsum(1), () => [Leaf(1, 3, 4)]),
        new("Cumsum", "dim 0 of transposed view", x => x[0].Cumsum(0), () => [TransposedLeaf(2, 4, 3)]),
        new("Cumsum", "dim -2 of 3-d", x => x[0].Cumsum(-2), () => [Leaf(3, 2, 3, 2)]),
        new("Softmax", "dim -1", x => x[0].Softmax(-1), () => [Leaf(1, 3, 4)]),
        new("Softmax", "dim 0 (non-last)", x => x[0].Softmax(0), () => [Leaf(2, 3, 4)]),
        new("Softmax", "dim 1 of transposed view", x => x[0].Softmax(1), () => [TransposedLeaf(3, 3, 4)]),
        new("Softmax", "dim 1 of 3-d", x => x[0].Softmax(1), () => [Leaf(4, 2, 3, 2)]),
        new("LogSoftmax", "dim -1", x => x[0].LogSoftmax(-1), () => [Leaf(1, 3, 4)]),
        new("LogSoftmax", "dim 0 of transposed view", x => x[0].LogSoftmax(0), () => [TransposedLeaf(2, 3, 4)]),
        new("LogSoftmax", "dim -2 of 3-d", x => x[0].LogSoftmax(-2), () => [Leaf(3, 2, 3, 2)]),
        new("Softmax", "empty rows", x => x[0].Softmax(1), () => [Leaf(1, 0, 3)]),
        new("LogSoftmax", "empty dim", x => x[0].LogSoftmax(1), () => [Leaf(1, 2, 0)]),
        new("Mean", "empty outer dim", x => x[0].Mean(1), () => [Leaf(1, 0, 3)]),
        new("Prod", "over an empty dim", x => x[0].Prod(0) + x[1], () => [Leaf(1, 0, 3), Leaf(2, 3)]),
        new("Amax", "empty outer dim", x => x[0].Amax(1), () => [Leaf(1, 0, 3)]),
        new("LogSumExp", "empty outer dim", x => x[0].LogSumExp(1), () => [Leaf(1, 0, 3)]),
        new("Cumsum", "empty", x => x[0].Cumsum(0), () => [Leaf(1, 0, 3)]),
    ];
}
