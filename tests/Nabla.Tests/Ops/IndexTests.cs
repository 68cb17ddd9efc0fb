using Xunit;

namespace Nabla.Tests.Ops;

/// <summary>Forward values and errors of indexers, gather/scatter and masking. Expected values were computed with PyTorch 1.13.</summary>
public class IndexTests
{
    private static Tensor Range24() => Tensor.Arange(0, 24, 1, DType.Float32).Reshape(2, 3, 4);

    private static Tensor Range12() => Tensor.Arange(0, 12, 1, DType.Float64).Reshape(3, 4);

    private static Tensor Longs(long[] v, params int[] shape) => Tensor.FromArray(v, shape);

    [Fact]
    public void IndexerSelectsAndSlicesAsViews()
    {
        var x = Range24();
        var a = x[.., 1];
        Assert.Equal(new[] { 2, 4 }, a.Shape.ToArray());
        Assert.Equal(new float[] { 4, 5, 6, 7, 16, 17, 18, 19 }, a.ToArray<float>());
        ViewTests.AssertShares(x, a);
        var b = x[0, 1..^1];
        Assert.Equal(new float[] { 4, 5, 6, 7 }, b.ToArray<float>());
        Assert.Equal(new[] { 1, 4 }, b.Shape.ToArray());
        var c = x[TensorIndex.Ellipsis, 1];
        Assert.Equal(new float[] { 1, 5, 9, 13, 17, 21 }, c.ToArray<float>());
        ViewTests.AssertShares(x, c);
        var d = x[^1, TensorIndex.NewAxis, TensorIndex.Slice(null, null, 2), TensorIndex.Slice(-3)];
        Assert.Equal(new[] { 1, 2, 3 }, d.Shape.ToArray());
        Assert.Equal(new float[] { 13, 14, 15, 21, 22, 23 }, d.ToArray<float>());
        ViewTests.AssertShares(x, d);
        Assert.Equal(new[] { 2, 3, 4 }, x[..].Shape.ToArray());
        Assert.Equal(new[] { 2, 0, 4 }, x[.., ^0..].Shape.ToArray());
        Assert.Equal(23f, x[1, 2, 3].Item<float>());
        Assert.Equal(0, x[1, 2, 3].Rank);
        x.Buffer<float>()[1 * 12 + 1 * 4 + 2] = -5;
        Assert.Equal(-5f, a[1, 2].Item<float>());
    }

    [Fact]
    public void IndexerErrors()
    {
        var x = Range24();
        Assert.Contains("too many indices", Assert.Throws<ArgumentException>(() => x[0, 0, 0, 0]).Message);
        Assert.Contains("ellipsis", Assert.Throws<ArgumentException>(() => x[TensorIndex.Ellipsis, TensorIndex.Ellipsis]).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x[2]);
        Assert.Throws<ArgumentException>(() => TensorIndex.Slice(0, 1, -1));
    }

    [Fact]
    public void GatherMatchesTorch()
    {
        var g = Range12().Gather(1, Longs([3, 0, 1, 1, 2, 0], 3, 2));
        Assert.Equal(new double[] { 3, 0, 5, 5, 10, 8 }, g.ToArray<double>());
        var gt = Range12().T.Gather(0, Longs([1, 3, 0], 1, 3));
        Assert.Equal(new double[] { 1, 7, 8 }, gt.ToArray<double>());
        var gi = Tensor.FromArray(new long[] { 5, 6, 7 }).Gather(-1, Longs([2, 2, 0], 3));
        Assert.Equal(new long[] { 7, 7, 5 }, gi.ToArray<long>());
        Assert.Equal(new[] { 3, 0 }, Range12().Gather(1, Tensor.Zeros([3, 0], DType.Int64)).Shape.ToArray());
    }

    [Fact]
    public void GatherErrors()
    {
        var x = Tensor.Zeros(2, 5);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, Longs([7, 0], 1, 2)));
        Assert.Contains("Gather: index 7 is out of bounds for dimension 1 with size 5", ex.Message);
        Assert.Contains("Gather", Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, Longs([-1], 1, 1))).Message);
        var shape = Assert.Throws<ArgumentException>(() => x.Gather(1, Longs([0, 0, 0], 3, 1)));
        Assert.Contains("Gather: index shape [3, 1] does not fit input shape [2, 5] in dimension 0", shape.Message);
        Assert.Contains("Int64", Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.Zeros(1, 1))).Message);
        Assert.Contains("same number of dimensions", Assert.Throws<ArgumentException>(() => x.Gather(1, Longs([0], 1))).Message);
    }

    [Fact]
    public void ScatterAndScatterAddMatchTorch()
    {
        var s = Tensor.Zeros(3, 5).Scatter(1, Longs([4, 0, 1, 2, 3, 3], 3, 2), Tensor.Arange(1, 7, 1, DType.Float32).Reshape(3, 2));
        // Duplicate index 3 in the last row: the last write wins here (PyTorch gives 6 on CPU as well).
        Assert.Equal(new float[] { 2, 0, 0, 0, 1, 0, 3, 4, 0, 0, 0, 0, 0, 6, 0 }, s.ToArray<float>());
        var a = Tensor.Zeros(2, 4).ScatterAdd(1, Longs([0, 0, 3, 1, 1, 1], 2, 3), Tensor.Ones(2, 3));
        Assert.Equal(new float[] { 2, 0, 0, 1, 0, 3, 0, 0 }, a.ToArray<float>());
        var bigSrc = Tensor.Zeros([2, 2], DType.Int64).ScatterAdd(0, Longs([1, 1], 1, 2), Longs([5, 6, 7, 8], 2, 2));
        Assert.Equal(new long[] { 0, 0, 5, 6 }, bigSrc.ToArray<long>());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).Scatter(0, Longs([2], 1, 1), Tensor.Ones(1, 1)));
        Assert.Contains("Scatter: index 2 is out of bounds for dimension 0 with size 2", ex.Message);
        Assert.Contains("ScatterAdd", Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).ScatterAdd(0, Longs([0, 0], 1, 2), Tensor.Ones(1, 1))).Message);
        Assert.Contains("dtype", Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Scatter(0, Longs([0], 1, 1), Tensor.Ones([1, 1], DType.Float64))).Message);
    }

    [Fact]
    public void IndexSelectAndIndexAddMatchTorch()
    {
        var s = Range12().IndexSelect(0, Longs([2, 0, 2], 3));
        Assert.Equal(new double[] { 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11 }, s.ToArray<double>());
        var c = Range12().T.IndexSelect(-1, Tensor.FromArray(new[] { 1 }));
        Assert.Equal(new double[] { 4, 5, 6, 7 }, c.ToArray<double>());
        var add = Tensor.Zeros(3, 2).IndexAdd(0, Longs([0, 2, 0], 3), Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2));
        Assert.Equal(new float[] { 6, 8, 0, 0, 3, 4 }, add.ToArray<float>());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Range12().IndexSelect(1, Longs([4], 1)));
        Assert.Contains("IndexSelect: index 4 is out of bounds for dimension 1 with size 4", ex.Message);
        Assert.Contains("1-D", Assert.Throws<ArgumentException>(() => Range12().IndexSelect(1, Longs([0], 1, 1))).Message);
        var shape = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 2).IndexAdd(0, Longs([0], 1), Tensor.Zeros(2, 2)));
        Assert.Contains("IndexAdd: source shape [2, 2] must be [1, 2]", shape.Message);
    }

    [Fact]
    public void MaskedFillAndMaskedSelect()
    {
        var f = Range12().MaskedFill(Tensor.FromArray(new[] { true, false, false, true }), -1);
        Assert.Equal(new double[] { -1, 1, 2, -1, -1, 5, 6, -1, -1, 9, 10, -1 }, f.ToArray<double>());
        var nan = Tensor.FromArray(new float[] { float.NaN, 1 }).MaskedFill(Tensor.FromArray(new[] { false, true }), double.PositiveInfinity);
        Assert.True(float.IsNaN(nan.ToArray<float>()[0]));
        Assert.Equal(float.PositiveInfinity, nan.ToArray<float>()[1]);
        var sel = Range12().MaskedSelect(Tensor.FromArray(new[] { true, false, true }, 3, 1));
        Assert.Equal(new double[] { 0, 1, 2, 3, 8, 9, 10, 11 }, sel.ToArray<double>());
        Assert.Equal(new[] { 0 }, Range12().MaskedSelect(Tensor.Zeros([4], DType.Bool)).Shape.ToArray());
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).MaskedFill(Tensor.Zeros([2, 3], DType.Bool), 1));
        Assert.Contains("MaskedFill: mask shape [2, 3] cannot be broadcast to input shape [3]", ex.Message);
        Assert.Contains("Bool", Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).MaskedFill(Tensor.Zeros(3), 1)).Message);
    }

    [Fact]
    public void OneHotMatchesTorch()
    {
        var o = Tensor.OneHot(Longs([0, 2, 1], 3), 4);
        Assert.Equal(DType.Int64, o.DType);
        Assert.Equal(new long[] { 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0 }, o.ToArray<long>());
        Assert.Equal(new[] { 2, 1, 3 }, Tensor.OneHot(Longs([2, 0], 2, 1)).Shape.ToArray());
        Assert.Contains("OneHot", Assert.Throws<ArgumentException>(() => Tensor.OneHot(Longs([3], 1), 3)).Message);
        Assert.Contains("Int64", Assert.Throws<ArgumentException>(() => Tensor.OneHot(Tensor.Zeros(2))).Message);
    }
}
