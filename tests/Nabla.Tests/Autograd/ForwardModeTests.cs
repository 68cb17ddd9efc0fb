using Nabla.Autograd;
using Xunit;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Autograd;

/// <summary>
/// Forward mode where only some inputs carry a tangent: each op's tangent must have its output's shape, so a
/// tangent of a broadcast operand is broadcast too (issue 9, item 1).
/// </summary>
public class ForwardModeTests
{
    [Fact]
    public void AddWithATangentOnTheBroadcastOperandOnlyBroadcastsIt()
    {
        var x = Tensor.Randn([3, 1], DType.Float64, new Generator(1));
        var c = Tensor.Randn([3, 4], DType.Float64, new Generator(2));
        var (_, jvp) = ForwardAD.Jvp(v => (v + c).Sum(), x, Tensor.OnesLike(x));
        Assert.Equal(12, jvp.Item(), 12);
        (_, jvp) = ForwardAD.Jvp(v => (c + v).Sum(), x, Tensor.OnesLike(x));
        Assert.Equal(12, jvp.Item(), 12);
    }

    [Fact]
    public void SubWithATangentOnTheBroadcastOperandOnlyBroadcastsIt()
    {
        var x = Tensor.Randn([3, 1], DType.Float64, new Generator(1));
        var c = Tensor.Randn([3, 4], DType.Float64, new Generator(2));
        var (_, jvp) = ForwardAD.Jvp(v => (c - v).Sum(), x, Tensor.OnesLike(x));
        Assert.Equal(-12, jvp.Item(), 12);
        (_, jvp) = ForwardAD.Jvp(v => (v - c).Sum(), x, Tensor.OnesLike(x));
        Assert.Equal(12, jvp.Item(), 12);
    }

    [Fact]
    public void ConvTranspose2dBiasTangentCoversEveryOutputPosition()
    {
        var x = Tensor.Randn([2, 2, 3, 3], DType.Float64, new Generator(1));
        var w = Tensor.Randn([2, 3, 3, 3], DType.Float64, new Generator(2));
        var b = Tensor.Randn([3], DType.Float64, new Generator(3));
        var (y, jvp) = ForwardAD.Jvp(v => F.ConvTranspose2d(x, w, v, 2, 1, 1), b, Tensor.OnesLike(b));
        Assert.Equal(y.Dims, jvp.Dims);
        Assert.All(jvp.ToArray<double>(), e => Assert.Equal(1, e));
    }

    [Fact]
    public void EvalBatchNormAffineTangents()
    {
        var x = Tensor.Randn([2, 3, 2, 2], DType.Float64, new Generator(1));
        var mean = Tensor.FromArray([0.5, -1.0, 0.25]);
        var variance = Tensor.FromArray([1.5, 0.5, 2.0]);
        var w = Tensor.FromArray([2.0, -1.0, 0.5]);
        var b = Tensor.FromArray([0.1, 0.2, 0.3]);
        var (y, jb) = ForwardAD.Jvp(v => F.BatchNorm(x, mean, variance, w, v), b, Tensor.OnesLike(b));
        Assert.Equal(y.Dims, jb.Dims);
        Assert.All(jb.ToArray<double>(), e => Assert.Equal(1, e));
        var (_, jw) = ForwardAD.Jvp(v => F.BatchNorm(x, mean, variance, v, b), w, Tensor.OnesLike(w));
        var xhat = (x - mean.View(1, 3, 1, 1)) / (variance.View(1, 3, 1, 1) + 1e-5).Sqrt();
        TestUtil.AssertClose(xhat.ToArray<double>(), jw.ToArray<double>(), 1e-12, 1e-12);
    }

    [Fact]
    public void ARuleGivingATangentOfAnotherShapeIsAnInternalError()
    {
        var x = Tensor.Zeros([3, 1], DType.Float64);
        var ex = Assert.Throws<InvalidOperationException>(() => ForwardAD.Jvp(BroadcastWithUnbroadcastTangent.Apply, x, Tensor.OnesLike(x)));
        Assert.Contains("BroadcastWithUnbroadcastTangent", ex.Message);
        Assert.Contains("[3, 1]", ex.Message);
        Assert.Contains("[3, 4]", ex.Message);
    }

    /// <summary>An op with the wrong forward rule that item 1 found in Add: the tangent kept its input's shape.</summary>
    private sealed class BroadcastWithUnbroadcastTangent : Function
    {
        public override string Name => "BroadcastWithUnbroadcastTangent";

        public static Tensor Apply(Tensor x) => new BroadcastWithUnbroadcastTangent().Record(x.Detach().Expand(3, 4).Contiguous(), x);

        internal override Tensor?[] Backward(Tensor g) => [g.Sum(1, keepDim: true)];

        internal override Tensor Jvp(Tensor?[] t) => t[0]!;
    }
}
