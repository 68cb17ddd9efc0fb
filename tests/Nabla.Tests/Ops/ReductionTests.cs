using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

/// <summary>
/// Forward values of the reductions. Expected numbers were computed with PyTorch 1.13
/// (<c>/usr/bin/python3 -c "import torch; ..."</c>) and pasted as literals, unless they are obvious by hand.
/// </summary>
public class ReductionTests
{
    private static readonly float[] X23 = [1, 5, 3, 4, 2, 6];

    private static Tensor F32(float[] v, params int[] shape) => Tensor.FromArray(v, shape);

    private static Tensor F64(float[] v, params int[] shape) => Tensor.FromArray(v, shape).To(DType.Float64);

    private static double[] D(Tensor t) => t.ToArray<double>();

    public static TheoryData<DType> FloatTypes => [DType.Float32, DType.Float64];

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void SumMeanProdMatchTorch(DType dtype)
    {
        var x = F32(X23, 2, 3).To(dtype);
        AssertClose([5, 7, 9], D(x.Sum(0)));
        Assert.Equal([2, 1], x.Sum(1, keepDim: true).Shape.ToArray());
        AssertClose([9, 12], D(x.Sum(-1, keepDim: true)));
        AssertClose([3.5], D(x.Mean()));
        AssertClose([3.5], D(x.Mean([0, 1])));
        AssertClose([3, 4], D(x.Mean(-1)));
        AssertClose([15, 48], D(x.Prod(1)));
        AssertClose([720], D(x.Prod()));
        AssertClose([720], D(x.Prod([0, 1])));
        Assert.Equal([1, 1], x.Prod([], keepDim: true).Shape.ToArray());
        Assert.Equal(dtype, x.Mean().DType);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void VarStdMatchTorch(DType dtype)
    {
        var x = F32(X23, 2, 3).To(dtype);
        AssertClose([3.5], D(x.Var()));
        AssertClose([4, 4], D(x.Var(1)));
        AssertClose([2.25, 2.25, 2.25], D(x.Var(0, correction: 0)));
        AssertClose([2.25, 2.25, 2.25], D(x.Var([0], unbiased: false)));
        AssertClose([8, 8], D(x.Var(1, correction: 2)));
        AssertClose([1.8708287477], D(x.Std()));
        AssertClose([2, 2], D(x.Std(1)));
        AssertClose([1.5, 1.5, 1.5], D(x.Std([0], unbiased: false)));
        Assert.Equal([2, 1], x.Std(-1, keepDim: true).Shape.ToArray());
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void LogSumExpIsStable(DType dtype)
    {
        var x = F32(X23, 2, 3).To(dtype);
        AssertClose([5.1429319382, 6.1429314613], D(x.LogSumExp(1)));
        AssertClose([1000.6931762695], D(Tensor.FromArray([1000f, 1000f]).To(dtype).LogSumExp(0)));
        AssertClose([double.NegativeInfinity], D(Tensor.FromArray([float.NegativeInfinity, float.NegativeInfinity]).To(dtype).LogSumExp(0)));
        AssertClose([double.PositiveInfinity], D(Tensor.FromArray([float.PositiveInfinity, 1f]).To(dtype).LogSumExp(0)));
    }

    [Fact]
    public void CumsumMatchesTorch()
    {
        var x = F32(X23, 2, 3);
        AssertClose([1, 6, 9, 4, 6, 12], D(x.Cumsum(1)));
        AssertClose([1, 5, 3, 5, 7, 9], D(x.Cumsum(0)));
        AssertClose([1, 5, 3, 5, 7, 9], D(x.To(DType.Float64).Cumsum(-2)));
        var ints = Tensor.FromArray([1L, 2, 3]).Cumsum(0);
        Assert.Equal(DType.Int64, ints.DType);
        Assert.Equal([1L, 3, 6], ints.ToArray<long>());
        Assert.Equal([1L, 1, 2], Tensor.FromArray([true, false, true]).Cumsum(0).ToArray<long>());
    }

    [Fact]
    public void MaxMinPropagateNaNLikeTorch()
    {
        var x = F32([1, float.NaN, 3, 4, 2, 6], 2, 3);
        Assert.True(double.IsNaN(x.Max().Item()));
        Assert.True(double.IsNaN(x.Min().Item()));
        var (values, indices) = x.Max(1);
        AssertClose([double.NaN, 6], D(values));
        Assert.Equal([1L, 2], indices.ToArray<long>());
        var (minValues, minIndices) = x.Min(1);
        AssertClose([double.NaN, 2], D(minValues));
        Assert.Equal([1L, 1], minIndices.ToArray<long>());
        AssertClose([4, double.NaN, 6], D(x.Amax(0)));
        Assert.Equal([1L, 2], x.Argmax(1).ToArray<long>());
    }

    [Fact]
    public void TiesPickTheFirstIndexAndShareAmaxGradients()
    {
        var t = Tensor.FromArray(new double[] { 3, 1, 3, 2, 2, 0 }, 2, 3);
        var (values, indices) = t.Max(1);
        AssertClose([3, 2], D(values));
        Assert.Equal([0L, 0], indices.ToArray<long>());
        Assert.Equal(0L, t.Argmax().Item<long>());
        Assert.Equal(5L, t.Argmin().Item<long>());
        Assert.Equal([1L, 0, 1], t.Argmin(0).ToArray<long>());
        Assert.Equal([2, 1], t.Argmax(1, keepDim: true).Shape.ToArray());

        var x = t.Detach().RequiresGrad_();
        x.Amax(1).Sum().Backward();
        AssertClose([0.5, 0, 0.5, 0.5, 0.5, 0], D(x.Grad!));
        x.Grad = null;
        x.Max().Backward();
        AssertClose([0.5, 0, 0.5, 0, 0, 0], D(x.Grad!));
        x.Grad = null;
        x.Max(1).Values.Sum().Backward();
        AssertClose([1, 0, 0, 1, 0, 0], D(x.Grad!));
    }

    [Fact]
    public void ProdGradientsWithZerosMatchTorch()
    {
        var z = Tensor.FromArray(new double[] { 2, 0, 3, 0, 5, 0 }, 2, 3).RequiresGrad_();
        z.Prod(1).Sum().Backward();
        AssertClose([0, 6, 0, 0, 0, 0], D(z.Grad!));
        var one = Tensor.FromArray(new double[] { 2, 0, 3, 4 }).RequiresGrad_();
        one.Prod().Backward();
        AssertClose([0, 24, 0, 0], D(one.Grad!));
    }

    [Fact]
    public void ProdSecondDerivativeIsExactAtZero()
    {
        // d²/dx0 dx1 of x0·x1·x2 is x2; the Hessian of prod at (0, 2, 3) computed through the backward graph.
        var x = Tensor.FromArray(new double[] { 0, 2, 3 }).RequiresGrad_();
        x.Prod().Backward(createGraph: true);
        var g = x.Grad!;
        AssertClose([6, 0, 0], D(g));
        x.Grad = null;
        g.Sum().Backward();
        AssertClose([5, 3, 2], D(x.Grad!));
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void StdDerivativesAreZeroWhereStdIsZeroLikeTorch(DType dtype)
    {
        // torch 1.13: ones(4).std().backward() gives zeros, and so does std over a size-1 dim with correction 0;
        // its forward-mode tangent there is 0 too, in any direction.
        var x = Tensor.Ones([4], dtype).RequiresGrad_();
        x.Std().Backward();
        AssertClose([0, 0, 0, 0], D(x.Grad!));
        var y = Tensor.FromArray([0.5f, -1f, 2f], 3, 1).To(dtype).RequiresGrad_();
        y.Std(1, correction: 0).Sum().Backward();
        AssertClose([0, 0, 0], D(y.Grad!));
        var (_, jvp) = Nabla.Autograd.ForwardAD.Jvp(v => v.Std(), Tensor.Ones([4], dtype), Tensor.Arange(4).To(dtype));
        AssertClose([0], D(jvp));
        (_, jvp) = Nabla.Autograd.ForwardAD.Jvp(v => v.Std([1], unbiased: false), y.Detach(), Tensor.OnesLike(y));
        AssertClose([0, 0, 0], D(jvp));
        // n − correction = 0: the std itself is NaN, and so are its derivatives (as in torch).
        var z = Tensor.FromArray([0.5f, -1f], 2, 1).To(dtype).RequiresGrad_();
        z.Std(1).Sum().Backward();
        Assert.All(D(z.Grad!), g => Assert.True(double.IsNaN(g)));
    }

    [Fact]
    public void EmptyReductionsFollowTorch()
    {
        var e = Tensor.Zeros(0, 3);
        AssertClose([0, 0, 0], D(e.Sum(0)));
        AssertClose([double.NaN, double.NaN, double.NaN], D(e.Mean(0)));
        AssertClose([1, 1, 1], D(e.Prod(0)));
        AssertClose([double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity], D(e.LogSumExp(0)));
        AssertClose([double.NaN, double.NaN, double.NaN], D(e.Var(0)));
        Assert.Equal([0], e.Sum(1).Shape.ToArray());
        Assert.Equal([0], e.Amax(1).Shape.ToArray());
        Assert.Equal(0, e.Sum().Item());
        var ex = Assert.Throws<ArgumentException>(() => e.Amax(0));
        Assert.Contains("Amax", ex.Message);
        Assert.Contains("[0, 3]", ex.Message);
        Assert.Contains("Max", Assert.Throws<ArgumentException>(() => e.Max(0)).Message);
        Assert.Contains("Max", Assert.Throws<ArgumentException>(() => e.Max()).Message);
        Assert.Contains("Argmin", Assert.Throws<ArgumentException>(() => e.Argmin()).Message);
    }

    [Fact]
    public void IntegerAndBoolSumsAccumulateInInt64()
    {
        var i32 = Tensor.FromArray([1, 2, 3, 4], 2, 2);
        var s = i32.Sum();
        Assert.Equal(DType.Int64, s.DType);
        Assert.Equal(10L, s.Item<long>());
        Assert.Equal([4L, 6], i32.Sum(0).ToArray<long>());
        Assert.Equal(2L, Tensor.FromArray([true, false, true]).Sum().Item<long>());
        var big = Tensor.FromArray([long.MaxValue / 2, long.MaxValue / 2]);
        Assert.Equal(long.MaxValue - 1, big.Sum().Item<long>());
        Assert.Equal(24L, Tensor.FromArray([2L, 3, 4]).Prod().Item<long>());
        Assert.Equal(DType.Int64, i32.Prod(1).DType);
        Assert.Equal([3, 4], i32.Amax(0).ToArray<int>());
        var (v, idx) = Tensor.FromArray([5L, 9, 9, 1]).Max(0);
        Assert.Equal(9L, v.Item<long>());
        Assert.Equal(1L, idx.Item<long>());
    }

    [Fact]
    public void FloatOnlyOpsRejectIntegersNamingTheOp()
    {
        var ints = Tensor.FromArray([1L, 2, 3]);
        var ex = Assert.Throws<ArgumentException>(() => ints.Mean());
        Assert.Contains("Mean", ex.Message);
        Assert.Contains("Int64", ex.Message);
        Assert.Contains("Var", Assert.Throws<ArgumentException>(() => ints.Var()).Message);
        Assert.Contains("Std", Assert.Throws<ArgumentException>(() => ints.Std(0)).Message);
        Assert.Contains("Softmax", Assert.Throws<ArgumentException>(() => ints.Softmax(0)).Message);
        AssertClose([3.4076058865], D(ints.LogSumExp(0)));
    }

    [Fact]
    public void BadDimsNameTheOpAndTheRank()
    {
        var x = Tensor.Zeros(2, 3);
        foreach (var (name, act) in new (string, Action)[]
        {
            ("Sum", () => x.Sum(2)), ("Mean", () => x.Mean(-3)), ("Prod", () => x.Prod(5)), ("Amax", () => x.Amax([0, 2])),
            ("Max", () => x.Max(2)), ("Argmin", () => x.Argmin(3)), ("Var", () => x.Var(2)), ("Std", () => x.Std([4])),
            ("LogSumExp", () => x.LogSumExp(2)), ("Cumsum", () => x.Cumsum(2)), ("Softmax", () => x.Softmax(2)),
            ("LogSoftmax", () => x.LogSoftmax(-3)),
        })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(act);
            Assert.Contains(name, ex.Message);
            Assert.Contains("rank 2", ex.Message);
        }
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => x.Sum([1, -1])).Message);
    }

    [Fact]
    public void ReductionsOfTransposedViewsMatchDenseCopies()
    {
        var baseT = Tensor.Randn([4, 3], DType.Float64, new Generator(3));
        var view = baseT.NewView([3, 4], [1, 3], 0);
        var dense = view.Contiguous().Clone();
        foreach (var f in new Func<Tensor, Tensor>[]
        {
            t => t.Sum(0), t => t.Mean(-1), t => t.Prod([0, 1]), t => t.Amax(0), t => t.Amin(1, keepDim: true),
            t => t.Var(0), t => t.Std(1), t => t.LogSumExp(0), t => t.Cumsum(0), t => t.Max(1).Values, t => t.Argmin(0),
        })
            AssertClose(D(f(dense)), D(f(view)), 1e-12, 1e-12);
    }

    [Fact]
    public void ZeroDimensionalInputsReduceToThemselves()
    {
        var s = Tensor.Scalar(2.5, DType.Float64);
        AssertClose([2.5], D(s.Sum()));
        AssertClose([2.5], D(s.Prod(0)));
        AssertClose([2.5], D(s.Amax(-1)));
        AssertClose([2.5], D(s.Cumsum(0)));
        AssertClose([1], D(s.Softmax(0)));
        Assert.Equal(0L, s.Argmax().Item<long>());
        Assert.Equal(0L, s.Max(0).Indices.Item<long>());
    }
}
