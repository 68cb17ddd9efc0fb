using Xunit;

namespace Nabla.Tests.Ops;

/// <summary>Forward values, storage sharing and errors of the view ops. Expected values were computed with PyTorch 1.13.</summary>
public class ViewTests
{
    private static Tensor Range24() => Tensor.Arange(0, 24, 1, DType.Float32).Reshape(2, 3, 4);

    private static float[] F(Tensor t) => t.ToArray<float>();

    /// <summary>Asserts the view uses the base's storage: a write through the base's buffer at the view's first element shows in the view.</summary>
    internal static void AssertShares(Tensor baseTensor, Tensor view)
    {
        Assert.Same(baseTensor.Storage, view.Storage);
        if (view.NumElements == 0) return;
        var buffer = baseTensor.Buffer<float>();
        float old = buffer[view.Offset];
        buffer[view.Offset] = -1234f;
        Assert.Equal(-1234f, view.ToArray<float>()[0]);
        buffer[view.Offset] = old;
    }

    [Fact]
    public void PermuteMatchesTorchAndSharesStorage()
    {
        var x = Range24();
        var y = x.Permute(2, 0, -2);
        Assert.Equal(new[] { 4, 2, 3 }, y.Shape.ToArray());
        Assert.Equal(new float[] { 0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23 }, F(y));
        Assert.False(y.IsContiguous);
        AssertShares(x, y);
        x.Buffer<float>()[13] = 99;
        Assert.Equal(99f, y[1, 1, 0].Item<float>());
    }

    [Fact]
    public void TransposeTAndMT()
    {
        var m = Tensor.Arange(0, 6, 1, DType.Float64).Reshape(2, 3);
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, m.T.ToArray<double>());
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, m.Transpose(0, -1).ToArray<double>());
        Assert.Same(m.Storage, m.T.Storage);
        var b = Range24();
        Assert.Equal(new[] { 2, 4, 3 }, b.MT.Shape.ToArray());
        Assert.Equal(b.Transpose(1, 2).ToArray<float>(), F(b.MT));
        AssertShares(b, b.MT);
        Assert.Contains("T", Assert.Throws<InvalidOperationException>(() => b.T).Message);
        Assert.Contains("[2, 3, 4]", Assert.Throws<InvalidOperationException>(() => b.T).Message);
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(3).MT);
    }

    [Fact]
    public void ViewSharesStorageAndRejectsIncompatibleStrides()
    {
        var x = Range24();
        var v = x.View(6, -1);
        Assert.Equal(new[] { 6, 4 }, v.Shape.ToArray());
        Assert.True(v.IsContiguous);
        AssertShares(x, v);
        var t = x.Transpose(1, 2);
        // Splitting or merging dims that stay contiguous in memory works on a transposed view.
        var ok = t.View(2, 2, 2, 3);
        AssertShares(x, ok);
        Assert.Equal(t.ToArray<float>(), F(ok));
        var ex = Assert.Throws<ArgumentException>(() => t.View(-1));
        Assert.Contains("View", ex.Message);
        Assert.Contains("[2, 4, 3]", ex.Message);
        Assert.Contains("Reshape", ex.Message);
        // Reshape copies where View cannot, and views where it can.
        Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, F(t.Reshape(-1)).Take(12).ToArray());
        Assert.Same(x.Storage, t.Reshape(2, 2, 2, 3).Storage);
        Assert.Same(x.Storage, x.ViewAs(Tensor.Zeros(4, 6)).Storage);
        Assert.Throws<ArgumentException>(() => x.View(5, -1));
    }

    [Fact]
    public void SqueezeUnsqueezeFlattenUnflatten()
    {
        var x = Tensor.Zeros(2, 1, 3, 1);
        Assert.Equal(new[] { 2, 3 }, x.Squeeze().Shape.ToArray());
        Assert.Equal(new[] { 2, 1, 3 }, x.Squeeze(-1).Shape.ToArray());
        Assert.Equal(new[] { 2, 1, 3, 1 }, x.Squeeze(0).Shape.ToArray());
        Assert.Equal(new[] { 2, 1, 3, 1, 1 }, x.Unsqueeze(-1).Shape.ToArray());
        Assert.Equal(new[] { 1, 2, 1, 3, 1 }, x.Unsqueeze(0).Shape.ToArray());
        Assert.True(x.Unsqueeze(2).IsContiguous);
        AssertShares(x, x.Squeeze());
        AssertShares(x, x.Unsqueeze(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(6));
        var r = Range24();
        Assert.Equal(new[] { 2, 12 }, r.Flatten(1).Shape.ToArray());
        Assert.Equal(new[] { 6, 4 }, r.Flatten(0, -2).Shape.ToArray());
        Assert.Equal(new[] { 1 }, Tensor.Scalar(3).Flatten().Shape.ToArray());
        AssertShares(r, r.Flatten());
        Assert.Equal(new[] { 2, 3, 2, 2 }, r.Unflatten(-1, 2, -1).Shape.ToArray());
        AssertShares(r, r.Unflatten(2, 2, 2));
        Assert.Contains("Flatten", Assert.Throws<ArgumentException>(() => r.Flatten(2, 1)).Message);
        Assert.Contains("Unflatten", Assert.Throws<ArgumentException>(() => r.Unflatten(1, 2, 2)).Message);
    }

    [Fact]
    public void NarrowSliceSelect()
    {
        var x = Range24();
        var s = x.Slice(1, null, null, 2).Slice(-1, -3);
        Assert.Equal(new float[] { 1, 2, 3, 9, 10, 11, 13, 14, 15, 21, 22, 23 }, F(s));
        AssertShares(x, s);
        Assert.False(s.IsContiguous);
        Assert.Equal(new[] { 2, 0, 4 }, x.Slice(1, 5, 10).Shape.ToArray());
        Assert.Equal(new[] { 2, 3, 4 }, x.Slice(1, -100, 100).Shape.ToArray());
        Assert.Equal(new[] { 2, 0, 4 }, x.Slice(1, 2, 1).Shape.ToArray());
        Assert.Contains("step", Assert.Throws<ArgumentException>(() => x.Slice(0, 0, 2, 0)).Message);
        var n = x.Narrow(-1, -3, 2);
        Assert.Equal(new float[] { 1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22 }, F(n));
        AssertShares(x, n);
        Assert.True(x.Narrow(0, 1, 1).IsContiguous);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(2, 2, 3));
        Assert.Contains("Narrow", ex.Message);
        Assert.Contains("[2, 3, 4]", ex.Message);
        var sel = x.Select(1, -1);
        Assert.Equal(new float[] { 8, 9, 10, 11, 20, 21, 22, 23 }, F(sel));
        AssertShares(x, sel);
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(2, 4));
        Assert.Contains("Select: index 4 is out of bounds for dimension 2 with size 4", bad.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(3, 0));
    }

    [Fact]
    public void FlipAndRepeatCopy()
    {
        var x = Range24();
        var f = x.Flip(0, -1);
        Assert.Equal(new float[] { 15, 14, 13, 12, 19, 18, 17, 16, 23, 22, 21, 20, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8 }, F(f));
        Assert.NotSame(x.Storage, f.Storage);
        Assert.True(f.IsContiguous);
        Assert.Contains("Flip", Assert.Throws<ArgumentException>(() => x.Flip(0, 0)).Message);
        var y = Tensor.FromArray(new long[] { 1, 2, 3, 4 }, 2, 2);
        var r = y.Repeat(2, 1, 3);
        Assert.Equal(new[] { 2, 2, 6 }, r.Shape.ToArray());
        Assert.Equal(new long[] { 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4 }, r.ToArray<long>());
        Assert.Equal(new[] { 0, 2 }, y.Repeat(0, 1).Shape.ToArray());
        Assert.Contains("[2, 2]", Assert.Throws<ArgumentException>(() => y.Repeat(2)).Message);
        Assert.Equal(new double[] { 3, 2, 1 }, Tensor.FromArray(new double[] { 1, 2, 3 }).Flip(0).ToArray<double>());
    }

    [Fact]
    public void ExpandAsSharesStorage()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3 }, 3, 1);
        var e = x.ExpandAs(Tensor.Zeros(2, 3, 4));
        Assert.Equal(new[] { 2, 3, 4 }, e.Shape.ToArray());
        AssertShares(x, e);
        Assert.False(e.IsContiguous);
    }

    [Fact]
    public void PermuteErrorsNameTheOp()
    {
        var x = Range24();
        Assert.Contains("Permute", Assert.Throws<ArgumentException>(() => x.Permute(0, 1)).Message);
        Assert.Contains("repeats", Assert.Throws<ArgumentException>(() => x.Permute(0, 1, -3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, 3));
    }
}
