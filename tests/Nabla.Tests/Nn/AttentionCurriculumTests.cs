using Nabla.Nn;
using Xunit;
using static Nabla.Tests.TestUtil;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Nn;

/// <summary>The worked attention numbers of the curriculum (seed003-004 inventory, §30 B14–B16).</summary>
public class AttentionCurriculumTests
{
    private static Tensor M(double[] values, int rows, int cols) => Tensor.FromArray(values, rows, cols);

    [Fact]
    public void B14SingleQueryDotAndScaledDot()
    {
        var q = M([1, 0], 1, 2);
        var k = M([1, 0, 0, 1, 2, 0], 3, 2);
        var v = M([1, 2, 3, 4, 5, 6], 3, 2);
        AssertClose([3.8410249694400482, 4.841024969440047], F.ScaledDotProductAttention(q, k, v, scale: 1).ToArray<double>(), 1e-14, 1e-14);
        AssertClose([3.5839598709482035, 4.5839598709482035], F.ScaledDotProductAttention(q, k, v).ToArray<double>(), 1e-14, 1e-14);
        var (_, weights) = Nabla.Ops.Attention.Run(q, k, v, null, false, null);
        AssertClose([0.28399540974126003, 0.14002924504337802, 0.5759753452153619], weights.ToArray<double>(), 1e-14, 1e-14);
    }

    [Fact]
    public void B15CausalAndUnmaskedSelfAttention()
    {
        var x = M([1, 0, 0, 1, 1, 1], 3, 2);
        AssertClose([1, 0, 0.2689414213699951, 0.7310585786300049, 0.7880584423829146, 0.7880584423829146],
            F.ScaledDotProductAttention(x, x, x, isCausal: true, scale: 1).ToArray<double>(), 1e-14, 1e-14);
        var unmasked = F.ScaledDotProductAttention(x, x, x, scale: 1);
        AssertClose([0.8446375965030364, 0.5776812017484818, 0.5776812017484818, 0.8446375965030364, 0.7880584423829146, 0.7880584423829146],
            unmasked.ToArray<double>(), 1e-14, 1e-14);
        var keep = Tensor.FromArray([true, false, false, true, true, false, true, true, true], 3, 3);
        AssertClose(F.ScaledDotProductAttention(x, x, x, isCausal: true, scale: 1).ToArray<double>(),
            F.ScaledDotProductAttention(x, x, x, keep, scale: 1).ToArray<double>(), 1e-15, 1e-15);
    }

    [Fact]
    public void B15SelfAttentionIsPermutationEquivariant()
    {
        var x = Tensor.Randn([5, 3], DType.Float64, new Generator(1));
        var perm = Tensor.FromArray(new long[] { 3, 0, 4, 1, 2 }, 5);
        var px = x.IndexSelect(0, perm);
        var expected = F.ScaledDotProductAttention(x, x, x).IndexSelect(0, perm);
        AssertClose(expected.ToArray<double>(), F.ScaledDotProductAttention(px, px, px).ToArray<double>(), 1e-12, 1e-12);
        var mha = new MultiheadAttention(6, 3, generator: new Generator(2));
        var h = Tensor.Randn([5, 6], DType.Float32, new Generator(3));
        var ph = h.IndexSelect(0, perm);
        AssertClose(mha.Forward(h).IndexSelect(0, perm).To(DType.Float64).ToArray<double>(), mha.Forward(ph).To(DType.Float64).ToArray<double>(), 1e-5, 1e-6);
    }

    [Fact]
    public void B16SinusoidalEncodingStandardAndNotesIndexing()
    {
        var pe = new SinusoidalPositionalEncoding(4, maxLen: 3).Pe.To(DType.Float64).ToArray<double>();
        AssertClose([0, 1, 0, 1, 0.8414709848078965, 0.5403023058681398, 0.009999833334166664, 0.9999500004166653,
            0.9092974268256817, -0.4161468365471424, 0.01999866669333308, 0.9998000066665778], pe, 1e-7, 1e-7);
        var notes = new SinusoidalPositionalEncoding(4, maxLen: 3, oneBasedFrequencies: true).Pe.To(DType.Float64).ToArray<double>();
        AssertClose([0.009999833334166664, 0.9999500004166653, 9.999999983333334e-05, 0.999999995,
            0.01999866669333308, 0.9998000066665778, 0.0001999999986666667, 0.9999999800000001], notes[4..], 1e-7, 1e-7);
        var wide = new SinusoidalPositionalEncoding(512, maxLen: 2).Pe.To(DType.Float64).ToArray<double>();
        AssertClose([0.8414709848078965, 0.5403023058681398], wide[512..514], 1e-7, 1e-7);
        AssertClose([0.0001036632926581075, 0.9999999946269609], wide[1022..1024], 1e-7, 1e-7);
    }

    [Fact]
    public void MultiHeadSizesFollowTheTransformerPaper()
    {
        var mha = new MultiheadAttention(512, 8, generator: new Generator(4));
        Assert.Equal(64, mha.EmbedDim / mha.NumHeads);
        var x = Tensor.Randn([3, 1, 512], DType.Float32, new Generator(5));
        var (y, w) = mha.Forward(x, x, x);
        Assert.Equal([3, 1, 512], y.Dims);
        Assert.Equal([1, 3, 3], w!.Dims);
    }
}
