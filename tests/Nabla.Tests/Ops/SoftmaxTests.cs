using Nabla.Autograd;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

/// <summary>
/// Fused softmax and log-softmax: values against PyTorch 1.13 literals (computed with <c>/usr/bin/python3</c>),
/// stability, NaN propagation, and agreement of forward, backward and JVP with the same functions composed from
/// exp, sum, div and log.
/// </summary>
public class SoftmaxTests
{
    private static double[] D(Tensor t) => t.ToArray<double>();

    public static TheoryData<DType> FloatTypes => [DType.Float32, DType.Float64];

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void ValuesMatchTorch(DType dtype)
    {
        var x = Tensor.FromArray([1f, 5, 3, 4, 2, 6], 2, 3).To(dtype);
        AssertClose([0.0158762392, 0.8668133020, 0.1173104197, 0.1173104271, 0.0158762410, 0.8668133616], D(x.Softmax(1)));
        AssertClose([0.0474258736, 0.9525741339, 0.0474258736, 0.9525741339, 0.0474258736, 0.9525741339], D(x.Softmax(0)));
        AssertClose([-4.1429319382, -0.1429316998, -2.1429316998, -2.1429316998, -4.1429314613, -0.1429315954], D(x.LogSoftmax(-1)));
        Assert.Equal(dtype, x.Softmax(1).DType);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void LargeLogitsDoNotOverflow(DType dtype)
    {
        var x = Tensor.FromArray([1000f, 0f]).To(dtype);
        AssertClose([1, 0], D(x.Softmax(0)));
        AssertClose([0, -1000], D(x.LogSoftmax(0)));
    }

    [Fact]
    public void NaNInARowPoisonsOnlyThatRow()
    {
        var x = Tensor.FromArray([1.0, double.NaN, 0, 1], 2, 2);
        AssertClose([double.NaN, double.NaN, 0.2689414214, 0.7310585786], D(x.Softmax(1)));
        Assert.True(D(x.LogSoftmax(1)).Take(2).All(double.IsNaN));
    }

    [Fact]
    public void EmptyTensorsGiveEmptyResults()
    {
        Assert.Equal([0, 3], Tensor.Zeros(0, 3).Softmax(1).Shape.ToArray());
        Assert.Equal([2, 0], Tensor.Zeros(2, 0).LogSoftmax(1).Shape.ToArray());
    }

    [Fact]
    public void NonLastDimAndStridedViewsMatchLastDimOfAPermutedCopy()
    {
        // softmax over dim 0 of a transposed view is softmax over dim 1 of the original.
        var baseT = Tensor.Randn([5, 70], DType.Float64, new Generator(1));
        var view = baseT.NewView([70, 5], [1, 70], 0);
        AssertClose(D(baseT.Softmax(1)), D(view.Softmax(0).ToTransposedCopy()), 1e-12, 1e-15);
        AssertClose(D(baseT.LogSoftmax(1)), D(view.LogSoftmax(0).ToTransposedCopy()), 1e-12, 1e-15);
    }

    public static TheoryData<int[], int, bool> Layouts => new()
    {
        { [4, 7], -1, false },
        { [4, 7], 0, false },
        { [3, 5, 2], 1, false },
        { [3, 5, 2], 0, false },
        { [4, 6], 1, true },
        { [4, 6], 0, true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void FusedOpsMatchComposedOpsForwardBackwardAndJvp(int[] shape, int dim, bool transposed)
    {
        Func<Tensor, Tensor> softmax = x => x.Exp() / x.Exp().Sum(dim, keepDim: true);
        Func<Tensor, Tensor> logSoftmax = x => x - x.Exp().Sum(dim, keepDim: true).Log();
        Compare(x => x.Softmax(dim), softmax, shape, transposed);
        Compare(x => x.LogSoftmax(dim), logSoftmax, shape, transposed);
    }

    private static void Compare(Func<Tensor, Tensor> fused, Func<Tensor, Tensor> composed, int[] shape, bool transposed)
    {
        Tensor Input()
        {
            if (!transposed) return Leaf(11, shape);
            var b = Tensor.Randn([shape[1], shape[0]], DType.Float64, new Generator(11));
            return b.NewView(shape, [1, shape[0]], 0).RequiresGrad_();
        }
        var gen = new Generator(5);
        var v = Tensor.Randn(shape, DType.Float64, gen);
        var u = Tensor.Randn(shape, DType.Float64, gen);

        var x1 = Input();
        var y1 = fused(x1);
        y1.Backward(v);
        var x2 = Input();
        var y2 = composed(x2);
        y2.Backward(v);
        AssertClose(D(y2), D(y1), 1e-12, 1e-14);
        AssertClose(D(x2.Grad!), D(x1.Grad!), 1e-10, 1e-12);

        var jFused = ForwardAD.Jvp(fused, Input(), u).Jvp;
        var jComposed = ForwardAD.Jvp(composed, Input(), u).Jvp;
        AssertClose(D(jComposed), D(jFused), 1e-10, 1e-12);
    }

    [Fact]
    public void LargeNonLastDimRunsInParallelChunksAndMatchesComposed()
    {
        var x = Tensor.Randn([3, 50, 3000], DType.Float32, new Generator(2));
        var fused = x.Softmax(1);
        var composed = x.To(DType.Float64).Exp() / x.To(DType.Float64).Exp().Sum(1, keepDim: true);
        AssertClose(D(composed), D(fused), 1e-5, 1e-7);
        var rows = Tensor.Randn([2000, 64], DType.Float32, new Generator(3));
        var logComposed = rows.To(DType.Float64) - rows.To(DType.Float64).Exp().Sum(-1, keepDim: true).Log();
        AssertClose(D(logComposed), D(rows.LogSoftmax(-1)), 1e-5, 1e-5);
    }
}

/// <summary>Test helper: a 2-D tensor's transpose as a dense copy, built from strides.</summary>
internal static class TransposeExtensions
{
    public static Tensor ToTransposedCopy(this Tensor t)
    {
        var dense = t.Contiguous();
        return dense.NewView([dense.Dims[1], dense.Dims[0]], [1, dense.Dims[1]], dense.Offset).Contiguous();
    }
}
