using Nabla.Nn;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Nn;

/// <summary>MultiheadAttention: PyTorch's parameter layout and initialisation, layouts, masks and the fused path.</summary>
public class AttentionModuleTests
{
    [Fact]
    public void ParametersHavePyTorchNamesShapesAndInit()
    {
        var mha = new MultiheadAttention(8, 2, generator: new Generator(1));
        var named = mha.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Dims);
        Assert.Equal(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], named.Keys.ToArray());
        Assert.Equal([24, 8], named["in_proj_weight"]);
        Assert.Equal([24], named["in_proj_bias"]);
        Assert.Equal([8, 8], named["out_proj.weight"]);
        Assert.All(mha.InProjBias!.ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(mha.OutProj.Bias!.ToArray<float>(), v => Assert.Equal(0f, v));
        double xavier = Math.Sqrt(6.0 / (8 + 24));
        var w = mha.InProjWeight.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -xavier, xavier));
        Assert.True(w.Max() > 0.8 * xavier && w.Min() < -0.8 * xavier);
        Assert.All(mha.OutProj.Weight.ToArray<float>(), v => Assert.InRange(v, -1 / Math.Sqrt(8), 1 / Math.Sqrt(8)));
        var noBias = new MultiheadAttention(4, 4, bias: false);
        Assert.Equal(["in_proj_weight", "out_proj.weight"], noBias.NamedParameters().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void BatchFirstIsTheTransposedLayout()
    {
        var a = new MultiheadAttention(6, 3, generator: new Generator(2));
        var b = new MultiheadAttention(6, 3, batchFirst: true, generator: new Generator(2));
        var x = Tensor.Randn([4, 2, 6], DType.Float32, new Generator(3));
        var (ya, wa) = a.Forward(x, x, x);
        var (yb, wb) = b.Forward(x.Transpose(0, 1), x.Transpose(0, 1), x.Transpose(0, 1));
        AssertClose(ya.Transpose(0, 1).Contiguous().To(DType.Float64).ToArray<double>(), yb.To(DType.Float64).ToArray<double>());
        AssertClose(wa!.To(DType.Float64).ToArray<double>(), wb!.To(DType.Float64).ToArray<double>());
        Assert.Equal([2, 4, 4], wb!.Dims);
    }

    [Fact]
    public void FusedPathMatchesThePathThatReturnsWeights()
    {
        var mha = new MultiheadAttention(4, 2, generator: new Generator(4));
        var q = Tensor.Randn([3, 2, 4], DType.Float32, new Generator(5));
        var kv = Tensor.Randn([5, 2, 4], DType.Float32, new Generator(6));
        var pad = Tensor.FromArray([false, true, false, false, true, false, false, false, false, false], 2, 5);
        var (withWeights, weights) = mha.Forward(q, kv, kv, pad);
        var (fused, none) = mha.Forward(q, kv, kv, pad, needWeights: false);
        Assert.Null(none);
        AssertClose(withWeights.To(DType.Float64).ToArray<double>(), fused.To(DType.Float64).ToArray<double>(), 1e-5, 1e-6);
        var w = weights!.ToArray<float>();
        for (int row = 0; row < 2 * 3; row++)
        {
            Assert.Equal(1f, w.Skip(row * 5).Take(5).Sum(), 5);
            if (row < 3) Assert.Equal(0f, w[row * 5 + 1]);
        }
        Assert.Equal(mha.Forward(kv).To(DType.Float64).ToArray<double>(), mha.Forward(kv, kv, kv, needWeights: false).Output.To(DType.Float64).ToArray<double>());
    }

    [Fact]
    public void DropoutActsOnlyInTraining()
    {
        var mha = new MultiheadAttention(4, 1, dropout: 0.5, generator: new Generator(7));
        var x = Tensor.Randn([6, 1, 4], DType.Float32, new Generator(8));
        var (train, _) = mha.Forward(x, x, x);
        mha.Eval();
        var (eval1, w1) = mha.Forward(x, x, x);
        var (eval2, _) = mha.Forward(x, x, x, needWeights: false);
        AssertClose(eval1.To(DType.Float64).ToArray<double>(), eval2.To(DType.Float64).ToArray<double>(), 1e-5, 1e-6);
        Assert.NotEqual(eval1.ToArray<float>(), train.ToArray<float>());
        Assert.All(Enumerable.Range(0, 6), r => Assert.Equal(1f, w1!.ToArray<float>().Skip(r * 6).Take(6).Sum(), 5));
    }

    [Fact]
    public void GradientsReachEveryParameter()
    {
        var mha = new MultiheadAttention(4, 2, generator: new Generator(9));
        var x = Tensor.Randn([3, 4], DType.Float32, new Generator(10));
        mha.Forward(x).Square().Sum().Backward();
        Assert.All(mha.Parameters(), p => Assert.Contains(p.Grad!.ToArray<float>(), v => v != 0));
    }

    [Fact]
    public void BadShapesNameTheLayer()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiheadAttention(6, 4));
        var mha = new MultiheadAttention(4, 2);
        var x = Tensor.Zeros([3, 2, 4]);
        var e = Assert.Throws<ArgumentException>(() => mha.Forward(x, x, x, Tensor.Zeros([2, 4], DType.Bool)));
        Assert.Contains("MultiheadAttention", e.Message);
        Assert.Contains("[2, 4]", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => mha.Forward(x, x, x, attnMask: Tensor.Zeros([2, 3])));
        Assert.Contains("attn_mask [2, 3]", e2.Message);
    }
}
