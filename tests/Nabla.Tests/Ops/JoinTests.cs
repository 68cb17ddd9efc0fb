using Xunit;

namespace Nabla.Tests.Ops;

/// <summary>Forward values and errors of concatenation, stacking, splitting and padding. Expected values were computed with PyTorch 1.13.</summary>
public class JoinTests
{
    [Fact]
    public void CatMatchesTorchAndPromotes()
    {
        var c = Tensor.Cat([Tensor.Ones(2, 1), Tensor.Zeros(2, 2)], 1);
        Assert.Equal(new float[] { 1, 0, 0, 1, 0, 0 }, c.ToArray<float>());
        var m = Tensor.Arange(0, 6, 1, DType.Float64).Reshape(2, 3);
        var t = Tensor.Cat([m.T, Tensor.FromArray(new long[] { 7, 8 }, 1, 2)], -2);
        Assert.Equal(DType.Float64, t.DType);
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5, 7, 8 }, t.ToArray<double>());
        Assert.Equal(new[] { 2, 3 }, Tensor.Cat([Tensor.Zeros(0), m]).Shape.ToArray());
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1));
        Assert.Contains("Cat: tensor 1 has shape [3, 3]", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Cat([]));
    }

    [Fact]
    public void StackMatchesTorch()
    {
        var s = Tensor.Stack([Tensor.FromArray(new float[] { 1, 2 }), Tensor.FromArray(new float[] { 3, 4 })], 1);
        Assert.Equal(new[] { 2, 2 }, s.Shape.ToArray());
        Assert.Equal(new float[] { 1, 3, 2, 4 }, s.ToArray<float>());
        Assert.Equal(new[] { 3, 2, 2 }, Tensor.Stack([Tensor.Zeros(3, 2), Tensor.Zeros(3, 2)], -1).Shape.ToArray());
        Assert.Contains("Stack", Assert.Throws<ArgumentException>(() => Tensor.Stack([Tensor.Zeros(2), Tensor.Zeros(3)])).Message);
    }

    [Fact]
    public void SplitChunkUnbindAreViews()
    {
        var x = Tensor.Arange(0, 7, 1, DType.Float32);
        var chunks = x.Chunk(3);
        Assert.Equal(new[] { 3, 3, 1 }, chunks.Select(c => c.NumElements).ToArray());
        Assert.Equal(new float[] { 6 }, chunks[2].ToArray<float>());
        foreach (var c in chunks) ViewTests.AssertShares(x, c);
        Assert.Equal(new[] { 2, 2, 2 }, Tensor.Zeros(6).Chunk(4).Select(c => c.NumElements).ToArray());
        Assert.Equal(3, Tensor.Zeros(0).Chunk(3).Length);
        var m = Tensor.Arange(0, 12, 1, DType.Float32).Reshape(3, 4);
        var parts = m.Split([1, 3], -1);
        Assert.Equal(new float[] { 1, 2, 3, 5, 6, 7, 9, 10, 11 }, parts[1].ToArray<float>());
        ViewTests.AssertShares(m, parts[1]);
        Assert.Equal(new[] { 2, 1 }, m.Split(2).Select(p => p.Size(0)).ToArray());
        Assert.Contains("Split", Assert.Throws<ArgumentException>(() => m.Split([1, 1], 0)).Message);
        Assert.Contains("Chunk", Assert.Throws<ArgumentException>(() => m.Chunk(0)).Message);
        var rows = m.Unbind(1);
        Assert.Equal(4, rows.Length);
        Assert.Equal(new float[] { 2, 6, 10 }, rows[2].ToArray<float>());
        ViewTests.AssertShares(m, rows[3]);
    }

    [Fact]
    public void PadMatchesTorch()
    {
        var x = Tensor.Arange(0, 6, 1, DType.Float32).Reshape(2, 3);
        var p = x.Pad([1, 2, -1, 1], 9);
        Assert.Equal(new[] { 2, 6 }, p.Shape.ToArray());
        Assert.Equal(new float[] { 9, 3, 4, 5, 9, 9, 9, 9, 9, 9, 9, 9 }, p.ToArray<float>());
        var l = Tensor.FromArray(new long[] { 1, 2 }).Pad([2, 0]);
        Assert.Equal(new long[] { 0, 0, 1, 2 }, l.ToArray<long>());
        Assert.Equal(new float[] { 0, 3, 0, 1, 4, 0, 2, 5, 0 }, x.T.Pad([0, 1]).ToArray<float>());
        Assert.Contains("Pad", Assert.Throws<ArgumentException>(() => x.Pad([1])).Message);
        Assert.Contains("negative size", Assert.Throws<ArgumentException>(() => x.Pad([-2, -2])).Message);
    }
}
