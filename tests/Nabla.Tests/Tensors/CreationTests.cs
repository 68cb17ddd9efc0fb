using Xunit;

namespace Nabla.Tests.Tensors;

public class CreationTests
{
    [Fact]
    public void FactoriesGiveShapesDTypesAndValues()
    {
        Assert.Equal([0, 0, 0, 0, 0, 0], Tensor.Zeros(2, 3).ToArray<double>());
        Assert.Equal(DType.Float64, Tensor.Ones([2], DType.Float64).DType);
        Assert.Equal([7L, 7L], Tensor.Full([2], 7.9, DType.Int64).ToArray<long>());
        Assert.Equal([0L, 1L, 2L], Tensor.Arange(3).ToArray<long>());
        Assert.Equal([1.0, 0, 0, 0, 1, 0], Tensor.Eye(2, 3).ToArray<double>());
        Assert.Equal(new Shape(2, 2), Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }).Shape);
        Assert.Equal(DType.Int32, Tensor.FromArray([1, 2]).DType);
        Assert.Equal(0, Tensor.Scalar(5).Rank);
        Span<double> span = [1, 2, 3, 4, 5, 6];
        var fromSpan = Tensor.FromSpan<double>(span[2..], [2, 2]);
        Assert.Equal([3.0, 4, 5, 6], fromSpan.ToArray<double>());
        Assert.Equal(DType.Float64, fromSpan.DType);
        var like = Tensor.OnesLike(Tensor.Zeros([3], DType.Int32));
        Assert.Equal(DType.Int32, like.DType);
        Assert.Equal([1, 1, 1], like.ToArray<int>());
    }

    [Fact]
    public void LinspaceEndsExactlyAtItsEnd()
    {
        var t = Tensor.Linspace(0, 1, 11, DType.Float64).ToArray<double>();
        Assert.Equal(0, t[0]);
        Assert.Equal(1, t[^1]);
        Assert.Equal(0.3, t[3], 15);
    }

    public static TheoryData<double, double, double, DType, string> BadAranges => new()
    {
        // torch 1.13 raises for each: "unsupported range: 0 -> nan", "step must be nonzero", "upper bound and larger
        // bound inconsistent with step sign", "invalid size, possible overflow?", and for int64 "value cannot be
        // converted to type int64_t without overflow" / a step truncated to 0.
        { 0, double.NaN, 1, DType.Float32, "unsupported range" },
        { 0, double.NaN, 1, DType.Int64, "unsupported range" },
        { double.NaN, 5, 1, DType.Float32, "unsupported range" },
        { 0, double.PositiveInfinity, 1, DType.Float64, "unsupported range" },
        { double.NegativeInfinity, 0, 1, DType.Float32, "unsupported range" },
        { 0, 5, double.NaN, DType.Float32, "step must be nonzero" },
        { 0, 5, 0, DType.Float32, "step must be nonzero" },
        { 5, 5, 0, DType.Int64, "step must be nonzero" },
        { 0, 5, 0.5, DType.Int64, "step must be nonzero" },
        { 0, 5, double.PositiveInfinity, DType.Int64, "cannot be converted" },
        { 0, 5, -1, DType.Float32, "inconsistent" },
        { 5, 0, 1, DType.Int64, "inconsistent" },
        { 0, 5, double.NegativeInfinity, DType.Float32, "inconsistent" },
        { 0, 1e20, 1, DType.Float32, "more than a tensor can hold" },
        { 0, 5, 1, DType.Bool, "Bool" },
    };

    [Theory]
    [MemberData(nameof(BadAranges))]
    public void ArangeRejectsWhatTorchRejects(double start, double end, double step, DType dtype, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Arange(start, end, step, dtype));
        Assert.Contains("Arange", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void ArangeEdgeCasesMatchTorch()
    {
        Assert.Equal(0, Tensor.Arange(0, 0, -1, DType.Float32).NumElements);
        Assert.Equal(0, Tensor.Arange(0, 5, double.PositiveInfinity, DType.Float32).NumElements);
        Assert.Equal([0.0, 1.5, 3, 4.5], Tensor.Arange(0, 5, 1.5, DType.Float64).ToArray<double>());
        Assert.Equal([0L, -1, -2, -3, -4], Tensor.Arange(0, -5, -1).ToArray<long>());
        // An integer dtype truncates its arguments first: torch.arange(0, 2.5, dtype=int64) is [0, 1],
        // arange(0.5, 5.5, 1, dtype=int64) is [0, 1, 2, 3, 4] and arange(0, 5, 1.5, dtype=int64) steps by 1.
        Assert.Equal([0L, 1], Tensor.Arange(0, 2.5).ToArray<long>());
        Assert.Equal([0L, 1, 2, 3, 4], Tensor.Arange(0.5, 5.5).ToArray<long>());
        Assert.Equal([0L, 1, 2, 3, 4], Tensor.Arange(0, 5, 1.5).ToArray<long>());
        Assert.Equal([0L, -1], Tensor.Arange(0, -2.5, -1).ToArray<long>());
    }

    [Fact]
    public void LinspaceEdgeCasesMatchTorch()
    {
        // torch 1.13: linspace(0, 1, 1) = [0]; linspace(0, nan, 1) = [0]; linspace(0, nan, 5) is all nan;
        // linspace(0, inf, 5) = [nan, inf, nan, nan, nan]; linspace(0, 1, 0) is empty; negative steps raise.
        Assert.Equal([0.0], Tensor.Linspace(0, 1, 1, DType.Float64).ToArray<double>());
        Assert.Equal([0.0], Tensor.Linspace(0, double.NaN, 1, DType.Float64).ToArray<double>());
        Assert.All(Tensor.Linspace(0, double.NaN, 5).ToArray<float>(), v => Assert.True(float.IsNaN(v)));
        TestUtil.AssertClose([double.NaN, double.PositiveInfinity, double.NaN, double.NaN, double.NaN],
            Tensor.Linspace(0, double.PositiveInfinity, 5, DType.Float64).ToArray<double>());
        Assert.Equal(0, Tensor.Linspace(0, 1, 0).NumElements);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Linspace(0, 1, -1));
        Assert.Contains("Linspace", ex.Message);
    }

    [Fact]
    public void RandomTensorsAreReproducibleFromASeed()
    {
        Tensor.ManualSeed(42);
        var a = Tensor.Randn(100).ToArray<double>();
        var u = Tensor.Rand(100).ToArray<double>();
        Tensor.ManualSeed(42);
        Assert.Equal(a, Tensor.Randn(100).ToArray<double>());
        Assert.Equal(u, Tensor.Rand(100).ToArray<double>());
        Assert.Equal(Tensor.Randn([50], DType.Float64, new Generator(7)).ToArray<double>(), Tensor.Randn([50], DType.Float64, new Generator(7)).ToArray<double>());
        Assert.NotEqual(Tensor.Randn([50], DType.Float64, new Generator(7)).ToArray<double>(), Tensor.Randn([50], DType.Float64, new Generator(8)).ToArray<double>());
    }

    [Fact]
    public void GeneratorStateRoundTrips()
    {
        var g = new Generator(3);
        g.NextNormal();
        var state = g.GetState();
        var next = Tensor.Randn([5], DType.Float64, g).ToArray<double>();
        var h = new Generator(99);
        h.SetState(state);
        Assert.Equal(next, Tensor.Randn([5], DType.Float64, h).ToArray<double>());
    }

    [Fact]
    public void SamplesHaveTheRightDistribution()
    {
        var n = Tensor.Randn([200_000], DType.Float64, new Generator(1));
        Assert.Equal(0, n.Mean().Item(), 2);
        Assert.Equal(1, n.Std().Item(), 2);
        var u = Tensor.Rand([200_000], DType.Float64, new Generator(2)).ToArray<double>();
        Assert.True(u.Min() >= 0 && u.Max() < 1);
        Assert.Equal(0.5, u.Average(), 2);
        var r = Tensor.Randint(-3, 4, [10_000], generator: new Generator(3)).ToArray<long>();
        Assert.Equal(Enumerable.Range(-3, 7).Select(v => (long)v), r.Distinct().Order());
    }

    [Fact]
    public void ItemAndCastsFollowPyTorch()
    {
        Assert.Equal(3.5, Tensor.Scalar(3.5).Item());
        Assert.Equal([-2L, 2L, 0L], Tensor.FromArray([-2.7, 2.7, 0.2]).To(DType.Int64).ToArray<long>());
        Assert.Equal([true, false, true], Tensor.FromArray([1.5f, 0f, -1f]).To(DType.Bool).ToArray<bool>());
        Assert.Equal([1.0, 0.0], Tensor.FromArray([true, false]).To(DType.Float64).ToArray<double>());
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).Item());
        Assert.Contains("[2]", ex.Message);
    }

    [Fact]
    public void BadShapesAreRejectedWithTheOpName()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2));
        Assert.Contains("FromArray", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);
        Assert.Throws<ArgumentException>(() => new Shape(2, -1));
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2], DType.Int64).RequiresGrad = true);
    }
}
