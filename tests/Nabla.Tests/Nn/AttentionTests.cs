using Nabla.Autograd;
using Xunit;
using static Nabla.Tests.TestUtil;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Nn;

/// <summary>The fused scaled dot-product attention against the same function composed from MatMul, MaskedFill and Softmax.</summary>
public class AttentionTests
{
    private static Tensor Composed(Tensor q, Tensor k, Tensor v, Tensor? mask = null, bool causal = false, double? scale = null)
    {
        var s = q.MatMul(k.MT) * (scale ?? 1 / Math.Sqrt(q.Dims[^1]));
        if (mask is { DType: DType.Bool }) s = s.MaskedFill(mask.LogicalNot(), double.NegativeInfinity);
        else if (mask is not null) s = s + mask;
        if (causal)
        {
            int l = s.Dims[^2], n = s.Dims[^1];
            var cut = new bool[l * n];
            for (int i = 0; i < l; i++)
                for (int j = i + 1; j < n; j++) cut[i * n + j] = true;
            s = s.MaskedFill(Tensor.FromArray(cut, l, n), double.NegativeInfinity);
        }
        return s.Softmax(-1).MatMul(v);
    }

    private static Tensor Bools(int seed, params int[] shape)
    {
        var keep = Tensor.Rand(shape, DType.Float64, new Generator(seed)).Gt(0.3);
        return keep;
    }

    public static TheoryData<string> Variants => ["plain", "causal", "bool", "additive", "scale"];

    private static (Tensor? Mask, bool Causal, double? Scale) Options(string variant, DType dtype) => variant switch
    {
        "causal" => (null, true, null),
        "bool" => (Bools(3, 4, 5), false, null),
        "additive" => (Tensor.Randn([2, 1, 4, 5], dtype, new Generator(4)), false, null),
        "scale" => (null, false, 0.3),
        _ => (null, false, null),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void ForwardBackwardAndJvpMatchComposition(string variant)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var q = Leaf(1, 2, 3, 4, 6).To(dtype).Detach().RequiresGrad_();
            var k = Leaf(2, 2, 3, 5, 6).To(dtype).Detach().RequiresGrad_();
            var v = Leaf(3, 2, 3, 5, 7).To(dtype).Detach().RequiresGrad_();
            var (mask, causal, scale) = Options(variant, dtype);
            double tol = dtype == DType.Float32 ? 1e-5 : 1e-12;
            var fused = F.ScaledDotProductAttention(q, k, v, mask, causal, scale);
            var reference = Composed(q, k, v, mask, causal, scale);
            Assert.Equal(reference.Dims, fused.Dims);
            AssertClose(reference.To(DType.Float64).ToArray<double>(), fused.To(DType.Float64).ToArray<double>(), tol, tol);

            var g = Tensor.Randn(fused.Dims, dtype, new Generator(9));
            Tensor[] inputs = [q, k, v];
            fused.Backward(g);
            var fusedGrads = inputs.Select(x => x.Grad!.To(DType.Float64).ToArray<double>()).ToArray();
            foreach (var x in inputs) x.Grad = null;
            reference.Backward(g);
            for (int i = 0; i < 3; i++) AssertClose(inputs[i].Grad!.To(DType.Float64).ToArray<double>(), fusedGrads[i], tol, tol);
            foreach (var x in inputs) x.Grad = null;

            var gen = new Generator(11);
            Tensor[] tangents = [.. inputs.Select(x => Tensor.Randn(x.Dims, dtype, gen))];
            var (_, jf) = ForwardAD.Jvp(xs => F.ScaledDotProductAttention(xs[0], xs[1], xs[2], mask, causal, scale), inputs, tangents);
            var (_, jr) = ForwardAD.Jvp(xs => Composed(xs[0], xs[1], xs[2], mask, causal, scale), inputs, tangents);
            AssertClose(jr.To(DType.Float64).ToArray<double>(), jf.To(DType.Float64).ToArray<double>(), tol, tol);
        }
    }

    [Fact]
    public void SecondDerivativesMatchComposition()
    {
        var q = Leaf(1, 3, 2);
        var k = Leaf(2, 4, 2);
        var v = Leaf(3, 4, 2);
        var mask = Leaf(4, 3, 4);
        Tensor[] inputs = [q, k, v, mask];
        double[][] Run(Func<Tensor> f)
        {
            var y = f();
            y.Backward(Tensor.Randn(y.Dims, DType.Float64, new Generator(5)), createGraph: true);
            var gq = q.Grad!;
            foreach (var x in inputs) x.Grad = null;
            (gq * gq).Sum().Backward();
            var result = inputs.Select(x => x.Grad!.ToArray<double>()).ToArray();
            foreach (var x in inputs) x.Grad = null;
            return result;
        }
        var fused = Run(() => F.ScaledDotProductAttention(q, k, v, mask));
        var reference = Run(() => Composed(q, k, v, mask));
        for (int i = 0; i < inputs.Length; i++) AssertClose(reference[i], fused[i], 1e-10, 1e-12);
    }

    [Fact]
    public void CausalOutputDoesNotDependOnLaterPositions()
    {
        const int l = 5;
        var x = Leaf(1, l, 3);
        for (int row = 0; row < l; row++)
        {
            var y = F.ScaledDotProductAttention(x, x, x, isCausal: true);
            var g = Tensor.Zeros([l, 3], DType.Float64);
            g.Select(0, row).Fill_(1.0);
            y.Backward(g);
            var grad = x.Grad!;
            for (int t = 0; t < l; t++)
            {
                var gt = grad.Select(0, t).ToArray<double>();
                if (t > row) Assert.All(gt, value => Assert.Equal(0.0, value));
                else Assert.Contains(gt, value => value != 0);
            }
            x.Grad = null;
        }
    }

    [Fact]
    public void FirstCausalRowCopiesTheFirstValue()
    {
        var q = Tensor.Randn([4, 2], DType.Float64, new Generator(1));
        var v = Tensor.Randn([4, 3], DType.Float64, new Generator(2));
        var y = F.ScaledDotProductAttention(q, q, v, isCausal: true);
        AssertClose(v.Select(0, 0).ToArray<double>(), y.Select(0, 0).ToArray<double>(), 1e-12, 1e-12);
    }

    [Fact]
    public void FullyMaskedRowIsNaNAndOtherRowsAreFinite()
    {
        var q = Tensor.Randn([2, 2], DType.Float32, new Generator(1));
        var mask = Tensor.FromArray([false, false, true, true], 2, 2);
        var y = F.ScaledDotProductAttention(q, q, q, mask);
        Assert.All(y.Select(0, 0).ToArray<float>(), value => Assert.True(float.IsNaN(value)));
        Assert.All(y.Select(0, 1).ToArray<float>(), value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void EmptySequencesGiveEmptyOrZeroOutputs()
    {
        var q = Tensor.Zeros([0, 3]);
        var k = Tensor.Zeros([2, 3]);
        Assert.Equal([0, 4], F.ScaledDotProductAttention(q, k, Tensor.Zeros([2, 4])).Dims);
    }

    [Fact]
    public void ErrorsNameTheOpAndShapes()
    {
        var q = Tensor.Zeros([2, 3]);
        var e1 = Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, Tensor.Zeros([2, 4]), Tensor.Zeros([2, 4])));
        Assert.Contains("ScaledDotProductAttention", e1.Message);
        Assert.Contains("[2, 4]", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, q, Tensor.Zeros([3, 3])));
        Assert.Contains("value [3, 3]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, q, q, Tensor.Ones([2, 2], DType.Bool), isCausal: true));
        Assert.Contains("isCausal", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, q, q, Tensor.Ones([3, 2], DType.Bool)));
        Assert.Contains("mask [3, 2]", e4.Message);
    }
}
