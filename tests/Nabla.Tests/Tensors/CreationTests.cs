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
