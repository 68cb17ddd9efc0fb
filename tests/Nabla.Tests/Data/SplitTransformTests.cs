using Nabla.Data;
using Xunit;

namespace Nabla.Tests.Data;

public class SplitTransformTests
{
    private static TensorDataset Numbered(int n) =>
        new(Tensor.Arange(0, n, 1, DType.Float32).Reshape(n, 1), Tensor.Arange(n));

    [Fact]
    public void RandomSplit_LengthsPartitionTheDataset()
    {
        var parts = Datasets.RandomSplit(Numbered(10), [3, 7], new Generator(1));
        Assert.Equal([3, 7], parts.Select(p => p.Count));
        var all = parts.SelectMany(p => p.Indices.ToArray()).Order();
        Assert.Equal(Enumerable.Range(0, 10), all);
        var again = Datasets.RandomSplit(Numbered(10), [3, 7], new Generator(1));
        Assert.Equal(parts[0].Indices.ToArray(), again[0].Indices.ToArray());
        var (x, y) = parts[1].GetBatch([2, 0]);
        Assert.Equal([(long)parts[1].Indices[2], parts[1].Indices[0]], y.ToArray<long>());
        Assert.Equal([(float)parts[1].Indices[2], parts[1].Indices[0]], x.ToArray<float>());
        Assert.Equal(parts[0].Indices[1], parts[0].Get(1).Target.Item<long>());
    }

    [Fact]
    public void RandomSplit_FractionsDealRemainderLikePyTorch()
    {
        // torch.utils.data.random_split(range(11), [0.5, 0.3, 0.2]) gives lengths [6, 3, 2].
        var parts = Datasets.RandomSplit(Numbered(11), [0.5, 0.3, 0.2], new Generator(0));
        Assert.Equal([6, 3, 2], parts.Select(p => p.Count));
        Assert.Contains("sum to 9", Assert.Throws<ArgumentException>(() => Datasets.RandomSplit(Numbered(10), [4, 5])).Message);
        Assert.Contains("not 1", Assert.Throws<ArgumentException>(() => Datasets.RandomSplit(Numbered(10), [0.5, 0.4])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Subset(Numbered(3), [3]));
    }

    [Fact]
    public void Normalize_SubtractMean_ChannelMean()
    {
        // Two examples, two channels of 2 pixels: channel 0 = [1, 2 | 5, 6], channel 1 = [3, 4 | 7, 8].
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 1, 2);
        var ds = new TensorDataset(x, Tensor.Zeros([2], DType.Int64));
        var mean = Transforms.ChannelMean(ds, batchSize: 1);
        Assert.Equal([3.5, 5.5], mean);
        Assert.Equal([-2.5f, -1.5f, -2.5f, -1.5f, 1.5f, 2.5f, 1.5f, 2.5f], Transforms.SubtractMean(mean)(x).ToArray<float>());
        var n = Transforms.Normalize([1, 3], [2, 0.5])(x);
        Assert.Equal(DType.Float32, n.DType);
        Assert.Equal([0f, 0.5f, 0, 2, 2, 2.5f, 8, 10], n.ToArray<float>());
        Assert.Contains("[2, 2, 1, 2]", Assert.Throws<ArgumentException>(() => Transforms.Normalize([0, 0, 0], [1, 1, 1])(x)).Message);
    }

    [Fact]
    public void ToFloat_And_TransformedDataset()
    {
        var raw = Tensor.FromArray(new[] { 0, 51, 255, 102 }, 1, 1, 2, 2);
        Assert.Equal([0f, 0.2f, 1f, 0.4f], Transforms.ToFloat()(raw).ToArray<float>());
        var ds = new TransformedDataset(new TensorDataset(raw.To(DType.Float32), Tensor.Zeros([1], DType.Int64)),
            Transforms.Compose(Transforms.ToFloat(), Transforms.RandomHorizontalFlip(1.0)));
        Assert.Equal([0.2f, 0, 0.4f, 1], ds.Get(0).Input.ToArray<float>());
        Assert.Equal([1, 2, 2], ds.Get(0).Input.Dims);
        Assert.Equal([0.2f, 0, 0.4f, 1], ds.GetBatch([0]).Inputs.ToArray<float>());
    }

    [Fact]
    public void RandomHorizontalFlip_FollowsGeneratorDraws()
    {
        var x = Tensor.Arange(0, 24, 1, DType.Float64).Reshape(4, 1, 2, 3);
        var y = Transforms.RandomHorizontalFlip(0.5, new Generator(9))(x).ToArray<double>();
        var g = new Generator(9);
        var src = x.ToArray<double>();
        for (int i = 0; i < 4; i++)
        {
            bool flip = g.NextDouble() < 0.5;
            for (int r = 0; r < 2; r++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(src[i * 6 + r * 3 + (flip ? 2 - c : c)], y[i * 6 + r * 3 + c]);
        }
        Assert.Equal(src, Transforms.RandomHorizontalFlip(0)(x).ToArray<double>());
    }

    [Fact]
    public void RandomCrop_TakesSeededWindowsOfThePaddedImage()
    {
        int n = 6, c = 2, h = 4, w = 5, size = 4, pad = 2;
        var x = Tensor.Arange(1, 1 + n * c * h * w, 1, DType.Float32).Reshape(n, c, h, w);
        var y = Transforms.RandomCrop(size, pad, new Generator(5))(x);
        Assert.Equal([n, c, size, size], y.Dims);
        var src = x.ToArray<float>();
        var dst = y.ToArray<float>();
        var g = new Generator(5);
        for (int i = 0; i < n; i++)
        {
            int top = (int)g.NextInt64(0, h + 2 * pad - size + 1) - pad, left = (int)g.NextInt64(0, w + 2 * pad - size + 1) - pad;
            for (int ch = 0; ch < c; ch++)
                for (int r = 0; r < size; r++)
                    for (int q = 0; q < size; q++)
                    {
                        int sr = top + r, sc = left + q;
                        float expected = sr >= 0 && sr < h && sc >= 0 && sc < w ? src[((i * c + ch) * h + sr) * w + sc] : 0;
                        Assert.Equal(expected, dst[((i * c + ch) * size + r) * size + q]);
                    }
        }
        Assert.Contains("larger than the padded image", Assert.Throws<ArgumentException>(() => Transforms.RandomCrop(10, 1)(x)).Message);
    }
}
