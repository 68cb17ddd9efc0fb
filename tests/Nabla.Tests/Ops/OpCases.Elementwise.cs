using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>A fixed Bool mask of the given shape (alternating from true), for Where cases.</summary>
    private static Tensor AlternatingMask(params int[] shape) =>
        Tensor.FromArray(Enumerable.Range(0, new Shape(shape).NumElements).Select(i => i % 2 == 0).ToArray(), shape);

    /// <summary>A transposed (strided) view of uniform values in [lo, hi) that requires grad.</summary>
    private static Tensor TransposedUniformLeaf(int seed, double lo, double hi, int rows, int cols)
    {
        var dense = (Tensor.Rand([cols, rows], DType.Float64, new Generator(seed)) * (hi - lo) + lo).Detach();
        return dense.NewView([rows, cols], [1, rows], dense.Offset).RequiresGrad_();
    }

    /// <summary>Unary math, activations, pow, maximum/minimum, where, clamp.</summary>
    private static IEnumerable<OpCase> ElementwiseCases =>
    [
        new("Exp", "transposed view", x => x[0].Exp(), () => [TransposedLeaf(1, 3, 2)]),
        new("Log1p", "x > -0.5", x => x[0].Log1p(), () => [Uniform(1, -0.5, 2.0, 2, 3)]),
        new("Expm1", "plain", x => x[0].Expm1(), () => [Leaf(1, 2, 3)]),
        new("Sqrt", "positive", x => x[0].Sqrt(), () => [Uniform(2, 0.3, 3.0, 5)]),
        new("Rsqrt", "positive", x => x[0].Rsqrt(), () => [Uniform(3, 0.3, 3.0, 2, 2)]),
        new("Tan", "in (-1, 1)", x => x[0].Tan(), () => [Uniform(4, -1.0, 1.0, 5)]),
        new("Tanh", "transposed view", x => x[0].Tanh(), () => [TransposedLeaf(5, 2, 3)]),
        new("Sigmoid", "plain", x => x[0].Sigmoid(), () => [Leaf(6, 2, 3)]),
        new("Erf", "plain", x => x[0].Erf(), () => [Leaf(7, 6)]),
        new("Abs", "away from 0", x => x[0].Abs(), () => [Leaf(8, 2, 3)]),
        new("Sign", "zero gradient", x => x[0].Sign() * x[0] + x[0].Sign(), () => [Leaf(9, 5)]),
        new("Reciprocal", "away from 0", x => x[0].Reciprocal(), () => [Uniform(10, 0.5, 2.0, 4)]),
        new("Square", "transposed view", x => x[0].Square(), () => [TransposedLeaf(11, 3, 2)]),
        new("Square", "empty", x => x[0].Square().Sum() + x[1].Square().Sum(), () => [Leaf(11, 0, 2), Leaf(12, 2)]),
        new("Relu", "plain", x => x[0].Relu(), () => [Leaf(12, 3, 3)]),
        new("Relu", "transposed view", x => x[0].Relu() * 2.0, () => [TransposedLeaf(13, 2, 3)]),
        new("Relu", "fused backward op", x => Nabla.Ops.ReluBackward.Apply(x[0], x[1]), () => [Leaf(24, 2, 5), Leaf(25, 2, 5)]),
        new("Relu", "fused backward op, broadcast gradient", x => Nabla.Ops.ReluBackward.Apply(x[0], x[1]), () => [Leaf(26, 3), Leaf(27, 4, 3)]),
        new("LeakyRelu", "slope 0.2", x => x[0].LeakyRelu(0.2), () => [Leaf(14, 2, 4)]),
        new("LeakyRelu", "default slope, transposed", x => x[0].LeakyRelu(), () => [TransposedLeaf(15, 3, 2)]),
        new("Elu", "alpha 1.5", x => x[0].Elu(1.5), () => [Leaf(16, 2, 4)]),
        new("Gelu", "exact", x => x[0].Gelu(), () => [Leaf(17, 2, 4)]),
        new("Gelu", "tanh, transposed", x => x[0].Gelu("tanh"), () => [TransposedLeaf(18, 3, 2)]),
        new("Softplus", "default", x => x[0].Softplus(), () => [Leaf(19, 2, 3)]),
        new("Softplus", "beta 2 threshold 1 (both branches)", x => x[0].Softplus(2.0, 1.0), () => [Uniform(20, -1.5, 1.5, 6)]),
        new("Silu", "plain", x => x[0].Silu(), () => [Leaf(21, 2, 3)]),
        new("Hardtanh", "[-0.5, 0.8]", x => x[0].Hardtanh(-0.5, 0.8), () => [Leaf(22, 2, 4)]),
        new("Relu6", "scaled into both kinks", x => (x[0] * 5.0 + 3.0).Relu6(), () => [Leaf(23, 6)]),
        new("Clamp", "both bounds", x => x[0].Clamp(-0.5, 0.5), () => [Leaf(24, 2, 4)]),
        new("Clamp", "min only, transposed", x => x[0].Clamp(min: -0.3), () => [TransposedLeaf(25, 2, 3)]),
        new("ClampMin", "plain", x => x[0].ClampMin(0.1), () => [Leaf(26, 5)]),
        new("ClampMax", "plain", x => x[0].ClampMax(0.1), () => [Leaf(27, 5)]),
        new("Pow", "tensor^tensor broadcast [2,3]^[3]", x => x[0].Pow(x[1]), () => [Uniform(28, 0.5, 2.0, 2, 3), Leaf(29, 3)]),
        new("Pow", "tensor^tensor broadcast [3]^[2,1]", x => x[0].Pow(x[1]), () => [Uniform(30, 0.5, 2.0, 3), Leaf(31, 2, 1)]),
        new("Pow", "negative base, constant integer exponents", x => x[0].Pow(Tensor.FromArray([2.0, 3.0, 1.0])), () => [Leaf(32, 2, 3)]),
        new("Pow", "transposed base", x => x[0].Pow(x[1]), () => [TransposedUniformLeaf(33, 0.5, 2.0, 2, 3), Leaf(34, 2, 3)]),
        new("Pow", "tensor^3", x => x[0].Pow(3.0), () => [Leaf(35, 2, 3)]),
        new("Pow", "tensor^2 (square path)", x => x[0].Pow(2.0), () => [Leaf(36, 4)]),
        new("Pow", "tensor^0.5 (sqrt path)", x => x[0].Pow(0.5), () => [Uniform(37, 0.5, 2.0, 4)]),
        new("Pow", "tensor^-1.5", x => x[0].Pow(-1.5), () => [Uniform(38, 0.5, 2.0, 4)]),
        new("Pow", "scalar^tensor", x => Tensor.Pow(2.5, x[0]), () => [Leaf(39, 2, 3)]),
        new("Maximum", "broadcast [2,3] vs [3]", x => x[0].Maximum(x[1]), () => [Leaf(40, 2, 3), Leaf(41, 3)]),
        new("Maximum", "transposed vs [2,1]", x => x[0].Maximum(x[1]), () => [TransposedLeaf(42, 2, 3), Leaf(43, 2, 1)]),
        new("Minimum", "broadcast [3,1] vs [2]", x => x[0].Minimum(x[1]), () => [Leaf(44, 3, 1), Leaf(45, 2)]),
        new("Maximum", "0-dim vs [2,3]", x => x[0].Maximum(x[1]), () => [Leaf(56), Leaf(57, 2, 3)]),
        new("Pow", "[2,3]^0-dim", x => x[0].Pow(x[1]), () => [Uniform(58, 0.5, 2.0, 2, 3), Leaf(59)]),
        new("Where", "0-dim branches, cond [2,3]", x => Tensor.Where(AlternatingMask(2, 3), x[0], x[1]), () => [Leaf(60), Leaf(61)]),
        new("Minimum", "same shape", x => x[0].Minimum(x[1]), () => [Leaf(46, 2, 2), Leaf(47, 2, 2)]),
        new("Where", "broadcast cond [2,3], a [3], b [2,1]", x => Tensor.Where(AlternatingMask(2, 3), x[0], x[1]), () => [Leaf(48, 3), Leaf(49, 2, 1)]),
        new("Where", "transposed a, cond [3]", x => Tensor.Where(AlternatingMask(3), x[0], x[1]), () => [TransposedLeaf(50, 2, 3), Leaf(51, 2, 3)]),
        new("Where", "condition from data", x => Tensor.Where(x[0] > x[1], x[0] * x[1], x[1].Exp()), () => [Leaf(52, 2, 3), Leaf(53, 2, 3)]),
        new("Where", "scalar false branch", x => Tensor.Where(AlternatingMask(2, 2), x[0], 0.5), () => [Leaf(54, 2, 2)]),
        new("Where", "scalar true branch", x => Tensor.Where(AlternatingMask(4), -1.0, x[0]), () => [Leaf(55, 4)]),
    ];
}
