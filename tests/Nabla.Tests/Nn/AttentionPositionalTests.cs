using Nabla.Nn;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Nn;

/// <summary>Sinusoidal and learned positional encodings.</summary>
public class AttentionPositionalTests
{
    [Fact]
    public void SinusoidalTableFollowsTheFormula()
    {
        const int d = 6;
        var pe = new SinusoidalPositionalEncoding(d, maxLen: 10);
        Assert.Equal([10, 1, d], pe.Pe.Dims);
        Assert.Equal(["pe"], pe.NamedBuffers().Select(b => b.Name).ToArray());
        var table = pe.Pe.ToArray<float>();
        for (int pos = 0; pos < 10; pos++)
            for (int i = 0; i < d / 2; i++)
            {
                double angle = pos / Math.Pow(10000, 2.0 * i / d);
                Assert.InRange(table[pos * d + 2 * i] - Math.Sin(angle), -1e-6, 1e-6);
                Assert.InRange(table[pos * d + 2 * i + 1] - Math.Cos(angle), -1e-6, 1e-6);
            }
        // Hand values: position 1 in pair 0 is (sin 1, cos 1); position 2 in pair 1 is sin(2 / 10000^(1/3)) = sin(0.0928318).
        Assert.Equal(0.841471, table[d], 5);
        Assert.Equal(0.540302, table[d + 1], 5);
        Assert.Equal(0.0926985, table[2 * d + 2], 5);
    }

    [Fact]
    public void SinusoidalAddsTheTableInEveryLayout()
    {
        var pe = new SinusoidalPositionalEncoding(4, maxLen: 8);
        var x = Tensor.Randn([5, 2, 4], DType.Float64, new Generator(1));
        var y = pe.Forward(x);
        Assert.Equal(DType.Float64, y.DType);
        var expected = x + pe.Pe.Narrow(0, 0, 5).To(DType.Float64);
        AssertClose(expected.ToArray<double>(), y.ToArray<double>(), 1e-12, 1e-12);
        var batchFirst = new SinusoidalPositionalEncoding(4, maxLen: 8, batchFirst: true);
        AssertClose(y.Transpose(0, 1).Contiguous().ToArray<double>(), batchFirst.Forward(x.Transpose(0, 1)).Contiguous().ToArray<double>(), 1e-12, 1e-12);
        AssertClose(y.Select(1, 1).Contiguous().ToArray<double>(), pe.Forward(x.Select(1, 1)).ToArray<double>(), 1e-12, 1e-12);
    }

    [Fact]
    public void SinusoidalHandlesOddSizesAndDropout()
    {
        var odd = new SinusoidalPositionalEncoding(5, maxLen: 3);
        Assert.Equal(Math.Sin(2 / Math.Pow(10000, 4.0 / 5)), odd.Pe.ToArray<float>()[2 * 5 + 4], 5);
        var pe = new SinusoidalPositionalEncoding(4, maxLen: 4, dropout: 0.5);
        var x = Tensor.Ones([4, 3, 4]);
        Assert.Contains(pe.Forward(x).ToArray<float>(), v => v == 0);
        pe.Eval();
        Assert.DoesNotContain(pe.Forward(x).ToArray<float>(), v => v == 0);
    }

    [Fact]
    public void LearnedEmbeddingAddsTrainableRows()
    {
        var emb = new LearnedPositionalEmbedding(6, 3, generator: new Generator(2));
        Assert.Equal(["weight"], emb.NamedParameters().Select(p => p.Name).ToArray());
        var x = Tensor.Zeros([4, 2, 3]);
        var y = emb.Forward(x);
        AssertClose(emb.Weight.Narrow(0, 0, 4).Unsqueeze(1).Expand(4, 2, 3).Contiguous().To(DType.Float64).ToArray<double>(), y.To(DType.Float64).ToArray<double>());
        y.Sum().Backward();
        var g = emb.Weight.Grad!.ToArray<float>();
        Assert.All(g.Take(12), v => Assert.Equal(2f, v));
        Assert.All(g.Skip(12), v => Assert.Equal(0f, v));
        var batchFirst = new LearnedPositionalEmbedding(6, 3, batchFirst: true, generator: new Generator(2));
        AssertClose(y.Transpose(0, 1).Contiguous().To(DType.Float64).ToArray<double>(), batchFirst.Forward(Tensor.Zeros([2, 4, 3])).To(DType.Float64).ToArray<double>());
    }

    [Fact]
    public void TooLongSequencesAreRejected()
    {
        var e1 = Assert.Throws<ArgumentException>(() => new SinusoidalPositionalEncoding(4, maxLen: 3).Forward(Tensor.Zeros([4, 1, 4])));
        Assert.Contains("SinusoidalPositionalEncoding", e1.Message);
        Assert.Contains("[4, 1, 4]", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => new LearnedPositionalEmbedding(3, 4).Forward(Tensor.Zeros([2, 5])));
        Assert.Contains("LearnedPositionalEmbedding", e2.Message);
    }
}
