using Nabla.Autograd;
using Xunit;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Kernels;

/// <summary>
/// The float32 fast paths the gpt benchmark runs on (fused attention, GELU, LayerNorm and Linear kernels, and the
/// backward pass's early release of gradients) against the same computation in float64 through the composed or
/// scalar paths, which the gradient-check table covers.
/// </summary>
public class FusedKernelTests
{
    /// <summary>Values and gradients of <paramref name="f"/> in float32 and float64 on the same inputs (rounded to float32 first).</summary>
    private static void AssertFloat32MatchesFloat64(Func<Tensor[], Tensor> f, Tensor[] inputs, double rtol, double atol, int seed = 99)
    {
        inputs = inputs.Select(x => x.To(DType.Float32).To(DType.Float64)).ToArray();
        (double[] Y, double[][] Grads) Run(DType dtype)
        {
            var xs = inputs.Select(x => x.To(dtype).Detach().RequiresGrad_()).ToArray();
            var y = f(xs);
            Assert.Equal(dtype, y.DType);
            y.Backward(Tensor.Randn(y.Dims, DType.Float64, new Generator(seed)).To(dtype));
            return (y.To(DType.Float64).ToArray<double>(), xs.Select(x => x.Grad!.To(DType.Float64).ToArray<double>()).ToArray());
        }

        var single = Run(DType.Float32);
        var reference = Run(DType.Float64);
        TestUtil.AssertClose(reference.Y, single.Y, rtol, atol);
        for (int i = 0; i < inputs.Length; i++) TestUtil.AssertClose(reference.Grads[i], single.Grads[i], rtol, atol);
    }

    private static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(shape, DType.Float64, new Generator(seed));

    /// <summary>Heads (N, H, L, E) of a fused (N, L, 3·H·E) projection, read as strided views like a GPT block does.</summary>
    private static Tensor HeadAttention(Tensor qkv, int heads, bool causal)
    {
        int n = qkv.Shape[0], l = qkv.Shape[1], e = qkv.Shape[2] / (3 * heads);
        var split = qkv.Reshape(n, l, 3, heads, e).Permute(2, 0, 3, 1, 4);
        return F.ScaledDotProductAttention(split.Select(0, 0), split.Select(0, 1), split.Select(0, 2), isCausal: causal);
    }

    [Theory]
    [InlineData(5, 2, 20, true)]
    [InlineData(5, 2, 20, false)]
    [InlineData(37, 3, 64, true)]
    [InlineData(1, 1, 3, true)]
    public void AttentionOnStridedHeadsMatchesFloat64(int l, int heads, int e, bool causal) =>
        AssertFloat32MatchesFloat64(x => HeadAttention(x[0], heads, causal), [Randn(1, 2, l, 3 * heads * e)], 1e-4, 1e-5);

    [Fact]
    public void AttentionWithMoreKeysThanQueriesAndWideValues() =>
        AssertFloat32MatchesFloat64(x => F.ScaledDotProductAttention(x[0], x[1], x[2], scale: 0.3),
            [Randn(2, 2, 3, 4, 7), Randn(3, 2, 3, 9, 7), Randn(4, 2, 3, 9, 35)], 1e-4, 1e-5);

    [Fact]
    public void CausalAttentionWithFewerKeysThanQueries() =>
        AssertFloat32MatchesFloat64(x => F.ScaledDotProductAttention(x[0], x[1], x[2], isCausal: true),
            [Randn(5, 2, 6, 8), Randn(6, 2, 4, 8), Randn(7, 2, 4, 16)], 1e-4, 1e-5);

    [Fact]
    public void AttentionWithSharedKeysAndValuesSumsTheirGradients() =>
        AssertFloat32MatchesFloat64(x => F.ScaledDotProductAttention(x[0], x[1], x[2], isCausal: true),
            [Randn(8, 2, 3, 5, 8), Randn(9, 5, 8), Randn(10, 5, 8)], 1e-4, 1e-5);

    [Fact]
    public void MergingTheHeadsOfTheOutputIsAView()
    {
        var qkv = Randn(21, 2, 5, 3 * 4 * 8).To(DType.Float32);
        var y = HeadAttention(qkv, 4, causal: true);
        Assert.Equal([2, 4, 5, 8], y.Shape.ToArray());
        Assert.True(y.Transpose(1, 2).IsContiguous);
    }

    [Fact]
    public void AttentionWeightsAreZeroAboveTheDiagonal()
    {
        var q = Randn(11, 2, 6, 4).To(DType.Float32);
        var (_, weights) = Nabla.Ops.Attention.Run(q, q, q, null, true, null);
        var p = weights.ToArray<float>();
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 6; i++)
            {
                float sum = 0;
                for (int j = 0; j < 6; j++)
                {
                    float w = p[(b * 6 + i) * 6 + j];
                    if (j > i) Assert.Equal(0f, w);
                    sum += w;
                }
                Assert.Equal(1f, sum, 5);
            }
    }

    [Fact]
    public void GeluFloat32MatchesFloat64OverTheVectorAndTailPaths()
    {
        // 2001 points from -12 to 12: blocks of 16 within |x| < √2 take the single-precision series, the others the
        // double-precision series and tail, and the last element the scalar loop.
        var x = Tensor.Linspace(-12, 12, 2001, DType.Float64);
        var small = Tensor.Linspace(-1.4, 1.4, 1001, DType.Float64);
        foreach (var input in new[] { x, small })
        {
            var single = input.To(DType.Float32).Gelu().To(DType.Float64).ToArray<double>();
            var reference = input.To(DType.Float32).To(DType.Float64).Gelu().ToArray<double>();
            TestUtil.AssertClose(reference, single, 1e-6, 1e-30);
        }
        // Φ + x·φ cancels near x = −0.75, so the gradient's float32 rounding is bounded in absolute terms there.
        AssertFloat32MatchesFloat64(t => t[0].Gelu(), [x], 1e-5, 1e-7);
        AssertFloat32MatchesFloat64(t => t[0].Gelu(), [small], 1e-5, 1e-7);
    }

    [Fact]
    public void GeluKeepsNaNAndInfinities()
    {
        var x = Tensor.Full([32], float.NaN, DType.Float32);
        Assert.All(x.Gelu().ToArray<float>(), v => Assert.True(float.IsNaN(v)));
        var inf = Tensor.Full([32], float.PositiveInfinity, DType.Float32).Gelu().ToArray<float>();
        Assert.All(inf, v => Assert.Equal(float.PositiveInfinity, v));
    }

    [Fact]
    public void LayerNormFloat32MatchesFloat64() =>
        AssertFloat32MatchesFloat64(x => F.LayerNorm(x[0] * 3 + 1, [70], x[1], x[2]), [Randn(12, 3, 100, 70), Randn(13, 70), Randn(14, 70)], 1e-4, 1e-5);

    [Fact]
    public void LayerNormOnStridedInputWithoutAffine() =>
        AssertFloat32MatchesFloat64(x => F.LayerNorm(x[0].Transpose(0, 1), [5, 3]), [Randn(15, 5, 4, 3)], 1e-4, 1e-5);

    [Fact]
    public void LinearWithBiasOnBatchedInputMatchesFloat64() =>
        AssertFloat32MatchesFloat64(x => F.Linear(x[0], x[1], x[2]), [Randn(16, 4, 9, 33), Randn(17, 21, 33), Randn(18, 21)], 1e-5, 1e-5);

    [Fact]
    public void GradientsPassedThroughTwiceSurviveEarlyRelease()
    {
        // Add hands its incoming gradient to both inputs; the engine must not release it after the first.
        var a = Randn(19, 64, 64).To(DType.Float32).RequiresGrad_();
        using (TensorScope.Begin())
        {
            var h = (a * 2).Gelu();
            var y = (h + h.Tanh()) + (h + a);
            y.Sum().Backward();
        }
        Assert.Equal([64, 64], a.Grad!.Shape.ToArray());
        using (GradMode.NoGrad())
        {
            var x = a.Detach().To(DType.Float64);
            var h = (x * 2).Gelu();
            var t = h.Tanh();
            var dh = 2 + (1 - t * t);
            var geluGrad = GeluDerivative(x * 2);
            var expected = dh * geluGrad * 2 + 1;
            TestUtil.AssertClose(expected.ToArray<double>(), a.Grad.To(DType.Float64).ToArray<double>(), 1e-5, 1e-5);
        }
    }

    private static Tensor GeluDerivative(Tensor x) => 0.5 * ((x * Math.Sqrt(0.5)).Erf() + 1) + x * (x * x * -0.5).Exp() / Math.Sqrt(2 * Math.PI);
}
