using Nabla.Nn;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>Convolutions and pooling: stride, padding, dilation, groups, bias, transposed and double-backward paths.</summary>
    private static IEnumerable<OpCase> ConvCases =>
    [
        new("Conv2d", "basic with bias", x => Functional.Conv2d(x[0], x[1], x[2]), () => [Leaf(1, 2, 2, 5, 5), Leaf(2, 3, 2, 3, 3), Leaf(3, 3)]),
        new("Conv2d", "stride 2 pad 1", x => Functional.Conv2d(x[0], x[1], null, 2, 1), () => [Leaf(1, 1, 2, 5, 6), Leaf(2, 2, 2, 3, 3)]),
        new("Conv2d", "dilation 2 groups 2", x => Functional.Conv2d(x[0], x[1], x[2], 1, 1, 2, 2), () => [Leaf(1, 1, 4, 5, 5), Leaf(2, 4, 2, 2, 2), Leaf(3, 4)]),
        new("Conv2d", "per-axis arguments", x => Functional.Conv2d(x[0], x[1], null, (2, 1), (0, 1), (1, 2)), () => [Leaf(1, 2, 1, 5, 5), Leaf(2, 2, 1, 2, 3)]),
        new("Conv2d", "same padding even kernel", x => Functional.Conv2d(x[0], x[1], null, "same"), () => [Leaf(1, 1, 1, 4, 5), Leaf(2, 2, 1, 2, 2)]),
        new("Conv2d", "pointwise", x => Functional.Conv2d(x[0], x[1], x[2]), () => [Leaf(1, 2, 3, 2, 3), Leaf(2, 2, 3, 1, 1), Leaf(3, 2)]),
        new("Conv2d", "unbatched non-contiguous", x => Functional.Conv2d(x[0].Transpose(1, 2), x[1]), () => [Leaf(1, 2, 4, 3), Leaf(2, 2, 2, 2, 2)]),
        new("Conv2d", "weight gradient op", x => WeightGrad(x[0], x[1], Tensor.Zeros([3, 2, 3, 3], DType.Float64)), () => [Leaf(1, 2, 2, 5, 4), Leaf(2, 2, 3, 3, 2)]),
        new("Conv2d", "bias gradient op", x => Nabla.Ops.Conv2dBiasGrad.Apply(x[0]), () => [Leaf(1, 2, 3, 2, 3)]),
        new("Conv2d", "bias gradient op, non-contiguous", x => Nabla.Ops.Conv2dBiasGrad.Apply(x[0].Transpose(0, 1)), () => [Leaf(1, 3, 2, 2, 2)]),
        new("Conv2d", "single input channel (shallow im2col) with bias", x => Functional.Conv2d(x[0], x[1], x[2]), () => [Leaf(1, 1, 1, 7, 8), Leaf(2, 3, 1, 3, 3), Leaf(3, 3)]),
        new("Conv1d", "stride pad dilation", x => Functional.Conv1d(x[0], x[1], x[2], 2, 1, 2), () => [Leaf(1, 2, 2, 7), Leaf(2, 3, 2, 3), Leaf(3, 3)]),
        new("Conv1d", "same padding", x => Functional.Conv1d(x[0], x[1], null, "same"), () => [Leaf(1, 2, 1, 5), Leaf(2, 2, 1, 4)]),
        new("ConvTranspose2d", "stride 2 output padding", x => Functional.ConvTranspose2d(x[0], x[1], x[2], 2, 1, 1), () => [Leaf(1, 2, 2, 3, 3), Leaf(2, 2, 3, 3, 3), Leaf(3, 3)]),
        new("ConvTranspose2d", "groups dilation", x => Functional.ConvTranspose2d(x[0], x[1], null, 1, 0, 0, 2, 2), () => [Leaf(1, 1, 4, 3, 3), Leaf(2, 4, 1, 2, 2)]),
        new("MaxPool2d", "2x2", x => Functional.MaxPool2d(x[0], 2), () => [Leaf(1, 2, 2, 4, 4)]),
        new("MaxPool2d", "stride 1 pad 1 dilation 2 ceil", x => Functional.MaxPool2d(x[0], (3, 2), (2, 1), (1, 1), (2, 1), ceilMode: true), () => [Leaf(1, 1, 2, 6, 5)]),
        new("MaxPool2d", "2x2 odd size, double backward", x => DoubleBackward(x[0], x[1], y => Functional.MaxPool2d(y, 2)), () => [Leaf(1, 1, 2, 5, 7), Leaf(2, 1, 2, 2, 3)]),
        new("MaxPool2d", "scatter op, overlapping windows", x => MaxScatter(x[0], false), () => [Leaf(1, 1, 2, 3, 3)]),
        new("MaxPool2d", "gather op, overlapping windows", x => MaxScatter(x[0], true), () => [Leaf(1, 1, 2, 5, 5)]),
        new("MaxPool1d", "3 stride 2 pad 1", x => Functional.MaxPool1d(x[0], 3, 2, 1), () => [Leaf(1, 2, 2, 7)]),
        new("AvgPool2d", "pad exclude ceil", x => Functional.AvgPool2d(x[0], 3, 2, 1, ceilMode: true, countIncludePad: false), () => [Leaf(1, 1, 2, 6, 6)]),
        new("AvgPool2d", "non-contiguous", x => Functional.AvgPool2d(x[0].Transpose(2, 3), 2), () => [Leaf(1, 1, 2, 4, 6)]),
        new("AvgPool2d", "adjoint op", x => AvgAdjoint(x[0]), () => [Leaf(1, 1, 2, 3, 3)]),
        new("AvgPool1d", "pad include", x => Functional.AvgPool1d(x[0], 3, 2, 1), () => [Leaf(1, 2, 2, 7)]),
        new("AdaptiveAvgPool2d", "5x7 to 3x4", x => Functional.AdaptiveAvgPool2d(x[0], (3, 4)), () => [Leaf(1, 2, 2, 5, 7)]),
    ];

    /// <summary>The weight gradient of a convolution (pad 1, stride 2) as a function of input and upstream gradient.</summary>
    private static Tensor WeightGrad(Tensor x, Tensor gy, Tensor w)
    {
        var g = Nabla.Ops.ConvShapes.Forward("Conv2d", x, w, null, (2, 2), (1, 1, 1, 1), (1, 1), 1, x.Shape, w.Shape);
        return Nabla.Ops.Conv2dWeightGrad.Apply(x, gy, g);
    }

    /// <summary>d/dx ⟨g, pool(x)⟩ built with createGraph, a function of x and g whose graph holds the pooling's backward op.</summary>
    private static Tensor DoubleBackward(Tensor x, Tensor g, Func<Tensor, Tensor> pool)
    {
        // The numerical Jacobian evaluates this under NoGrad; the inner backward needs a graph regardless.
        using var enable = Nabla.Autograd.GradMode.EnableGrad();
        var leaf = x.Detach().RequiresGrad_();
        pool(leaf).Backward(g, createGraph: true);
        var dx = leaf.Grad!;
        return dx * x;
    }

    /// <summary>The max-pooling scatter (gy of the pooled shape → input shape) or its adjoint gather, at the indices of a fixed 3×3, stride-2, pad-1 pooling of a 5×5 input.</summary>
    private static Tensor MaxScatter(Tensor t, bool gather)
    {
        var x = Tensor.Randn([1, 2, 5, 5], DType.Float64, new Generator(9));
        var g = Nabla.Ops.PoolShapes.Max("MaxPool2d", x, (3, 3), (2, 2), (1, 1), (1, 1), false, x.Shape);
        var idx = Nabla.Kernels.PoolKernel.Max(x, g, withIndices: true).Indices!;
        return gather ? Nabla.Ops.MaxPool2dGather.Apply(t, idx, g) : Nabla.Ops.MaxPool2dBackward.Apply(t, idx, g);
    }

    /// <summary>The adjoint of a padded, ceil-mode average pooling applied to an upstream gradient of the pooled shape.</summary>
    private static Tensor AvgAdjoint(Tensor gy)
    {
        var x = Tensor.Zeros([1, 2, 5, 5], DType.Float64);
        var g = Nabla.Ops.PoolShapes.Avg("AvgPool2d", x, (3, 3), (2, 2), (1, 1), true, false, x.Shape);
        return Nabla.Ops.AvgPool2dBackward.Apply(gy, g);
    }
}
