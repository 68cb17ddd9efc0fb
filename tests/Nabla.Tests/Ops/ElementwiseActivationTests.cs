using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

/// <summary>
/// Forward values of activations. Expected numbers were computed with PyTorch 1.13 (torch.nn.functional, float64
/// unless noted) and pasted as literals.
/// </summary>
public class ElementwiseActivationTests
{
    private static readonly double[] X = [-3.5, -1.2, -0.3, 0.0, 0.4, 1.7, 25.0];

    private static void Check(Func<Tensor, Tensor> op, double[] expected) => ElementwiseUnaryTests.CheckBoth(op, X, expected, 1e-13, 1e-15);

    [Fact]
    public void Relu() => Check(x => x.Relu(), [0.0, 0.0, 0.0, 0.0, 0.4, 1.7, 25.0]);

    [Fact]
    public void LeakyRelu() => Check(x => x.LeakyRelu(0.1), [-0.35000000000000003, -0.12, -0.03, 0.0, 0.4, 1.7, 25.0]);

    [Fact]
    public void Elu() => Check(x => x.Elu(1.5), [-1.4547039248665223, -1.0482086821316967, -0.3887726689774232, 0.0, 0.4, 1.7, 25.0]);

    [Fact]
    public void GeluExact() => Check(x => x.Gelu(), [-0.0008142017766243903, -0.13808360426604993, -0.1146265733433142, 0.0, 0.2621686966441297, 1.6242387133104768, 25.0]);

    [Fact]
    public void GeluTanh() => Check(x => x.Gelu("tanh"), [-0.0006161976553737403, -0.13829723086213508, -0.11462907645724074, 0.0, 0.2621611694273562, 1.624105895551156, 25.0]);

    [Fact]
    public void GeluFloat32IsAccurateRelativeToFloat64()
    {
        // The exact form is evaluated in double per element, so float32 results carry float32 rounding only. (torch's
        // float32 kernel gives -0.00081433 at -3.5, 1.6e-4 off the float64 value, from cancellation in 1 + erf.)
        var x = Tensor.FromArray(X.Select(v => (float)v).ToArray());
        AssertClose([-0.0008142017766243903, -0.13808360426604993, -0.1146265733433142, 0.0, 0.2621686966441297, 1.6242387133104768, 25.0],
            x.Gelu().ToArray<double>(), 1e-6, 0);
        // torch float32 values of the tanh form.
        AssertClose([-0.0006161481142044067, -0.13829724490642548, -0.11462908238172531, 0.0, 0.26216116547584534, 1.6241059303283691, 25.0],
            x.Gelu("tanh").ToArray<double>(), 2e-6, 1e-7);
    }

    [Fact]
    public void GeluExactTailIsAccurate()
    {
        // torch float64: gelu([-9, -6, -4, 6]); torch's 1 + erf(x/√2) cancels below about -6, so the tolerance is relative 1e-7.
        var y = Tensor.FromArray([-9.0, -6.0, -4.0, 6.0]).Gelu().ToArray<double>();
        AssertClose([0.0, -5.919525869479969e-09, -0.00012668496733247991, 5.999999994080474], y, 1e-7, 1e-17);
    }

    [Fact]
    public void GeluLongInputUsesTheVectorPathConsistently()
    {
        var x = Tensor.Linspace(-6, 6, 1001, DType.Float64);
        var exact = x.Gelu().ToArray<double>();
        var tanh = x.Gelu("tanh").ToArray<double>();
        var xs = x.ToArray<double>();
        for (int i = 0; i < xs.Length; i++)
        {
            double v = xs[i];
            double t = 0.5 * v * (1 + Math.Tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)));
            Assert.Equal(t, tanh[i], 12);
            Assert.True(Math.Abs(exact[i] - tanh[i]) < 5e-4, $"gelu forms differ too much at {v}");
        }
    }

    [Fact]
    public void GeluRejectsUnknownApproximation()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2).Gelu("fast"));
        Assert.Contains("Gelu", ex.Message);
        Assert.Contains("fast", ex.Message);
    }

    [Fact]
    public void Softplus() => Check(x => x.Softplus(), [0.029750418272620566, 0.26328246733803123, 0.5543552444685271, 0.6931471805599453, 0.9130152523999526, 1.867786029386266, 25.0]);

    [Fact]
    public void SoftplusBetaAndThreshold() => Check(x => x.Softplus(2.0, 1.0), [0.00045573322688712237, 0.04341807607697484, 0.2187439752429428, 0.34657359027997264, 0.5855503329738889, 1.7, 25.0]);

    [Fact]
    public void SoftplusThresholdSwitchesToIdentityStrictlyAbove()
    {
        // torch: softplus([20, 20.5, -30]) = [20.000000002061153, 20.5, 9.357622968839737e-14]
        var y = Tensor.FromArray([20.0, 20.5, -30.0]).Softplus().ToArray<double>();
        AssertClose([20.000000002061153, 20.5, 9.357622968839737e-14], y, 1e-15, 0);
        var x = Tensor.FromArray([20.5, 19.0]).RequiresGrad_();
        x.Softplus().Sum().Backward();
        Assert.Equal(1.0, x.Grad!.ToArray<double>()[0]);
        Assert.Equal(1 / (1 + Math.Exp(-19.0)), x.Grad!.ToArray<double>()[1], 15);
    }

    [Fact]
    public void Silu() => Check(x => x.Silu(), [-0.10259280762974712, -0.2777702598011788, -0.1276672449565023, 0.0, 0.2394750640449808, 1.437409049357991, 24.9999999996528]);

    [Fact]
    public void Hardtanh() => Check(x => x.Hardtanh(-0.5, 1.0), [-0.5, -0.5, -0.3, 0.0, 0.4, 1.0, 1.0]);

    [Fact]
    public void Relu6() => Check(x => x.Relu6(), [0.0, 0.0, 0.0, 0.0, 0.4, 1.7, 6.0]);

    [Fact]
    public void ReluPropagatesNaNAndKeepsNegativeZero()
    {
        // torch: relu([nan, -0.0]) = [nan, -0.0]; relu grad at [nan, -1, 0, 2] = [1, 0, 0, 1].
        var y = Tensor.FromArray([double.NaN, -0.0]).Relu().ToArray<double>();
        Assert.True(double.IsNaN(y[0]));
        Assert.True(double.IsNegative(y[1]));
        var x = Tensor.FromArray([float.NaN, -1f, 0f, 2f]).RequiresGrad_();
        x.Relu().Sum().Backward();
        Assert.Equal([1f, 0f, 0f, 1f], x.Grad!.ToArray<float>());
    }

    [Fact]
    public void ReluGradientSelectsOnLongAndBroadcastGradients()
    {
        // torch: relu backward is threshold_backward, a select: 0 where y <= 0 even for an infinite gradient, g where y is NaN.
        var data = Enumerable.Range(0, 37).Select(i => (float)(i % 5 - 2) * 0.5f).ToArray();
        data[3] = float.NaN;
        var grad = Enumerable.Range(0, 37).Select(i => i + 1f).ToArray();
        grad[0] = float.PositiveInfinity;
        var expected = data.Select((v, i) => v <= 0 ? 0f : grad[i]).ToArray();
        var x = Tensor.FromArray(data).RequiresGrad_();
        x.Relu().Backward(Tensor.FromArray(grad));
        Assert.Equal(expected, x.Grad!.ToArray<float>());
        var xd = Tensor.FromArray(data).To(DType.Float64).Detach().RequiresGrad_();
        xd.Relu().Sum().Backward();
        Assert.Equal(data.Select(v => v <= 0 ? 0.0 : 1.0).ToArray(), xd.Grad!.ToArray<double>());
    }

    [Fact]
    public void ReluSecondDerivativeIsZero()
    {
        var x = Tensor.FromArray([-1.5, 0.5, 2.0]).RequiresGrad_();
        var y = x.Relu();
        var g = Tensor.FromArray([3.0, 4.0, 5.0]).RequiresGrad_();
        y.Backward(g, createGraph: true);
        var gx = x.Grad!;
        Assert.Equal([0.0, 4.0, 5.0], gx.ToArray<double>());
        x.Grad = null;
        gx.Sum().Backward();
        Assert.Equal([0.0, 1.0, 1.0], g.Grad!.ToArray<double>());
    }

    [Fact]
    public void ReluVectorAndTailAgreeOnLongInputs()
    {
        var data = Enumerable.Range(0, 37).Select(i => (float)(i % 5 - 2) * 0.5f).ToArray();
        var y = Tensor.FromArray(data).Relu().ToArray<float>();
        Assert.Equal(data.Select(v => v < 0 ? 0f : v).ToArray(), y);
        var leaky = Tensor.FromArray(data).LeakyRelu(0.25).ToArray<float>();
        Assert.Equal(data.Select(v => v > 0 ? v : v * 0.25f).ToArray(), leaky);
    }

    [Fact]
    public void HardtanhGradientIsZeroAtTheBoundsAndPassesNaN()
    {
        // torch: hardtanh(-1, 1) grad at [-2, -1, 0, 1, 2, nan] = [0, 0, 1, 0, 0, 1].
        var x = Tensor.FromArray([-2.0, -1.0, 0.0, 1.0, 2.0, double.NaN]).RequiresGrad_();
        x.Hardtanh().Sum().Backward();
        Assert.Equal([0.0, 0.0, 1.0, 0.0, 0.0, 1.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void IntegerRelu()
    {
        var y = Tensor.FromArray([-3L, 0L, 5L]).Relu();
        Assert.Equal(DType.Int64, y.DType);
        Assert.Equal([0L, 0L, 5L], y.ToArray<long>());
    }

    [Fact]
    public void GeluExactSecondDerivative()
    {
        // d²/dx² gelu(x) = φ(x)·(2 − x²); at x = 0.8 it is 0.39894228·e^(−0.32)·1.36.
        var x = Tensor.FromArray([0.8]).RequiresGrad_();
        x.Gelu().Backward(createGraph: true);
        var g = x.Grad!;
        x.Grad = null;
        g.Backward();
        Assert.Equal(0.3989422804014327 * Math.Exp(-0.32) * 1.36, x.Grad!.Item(), 13);
    }
}
