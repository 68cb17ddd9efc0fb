using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

/// <summary>
/// Forward values of unary math ops. Expected numbers were computed with PyTorch 1.13 in float64
/// (<c>/usr/bin/python3 -c "import torch; ..."</c>) and pasted as literals.
/// </summary>
public class ElementwiseUnaryTests
{
    private static readonly double[] X = [-3.5, -1.2, -0.3, 0.0, 0.4, 1.7, 25.0];
    private static readonly double[] Pos = [0.05, 0.5, 1.0, 2.3, 10.0];

    /// <summary>Checks <paramref name="op"/> in float64 (tight) and float32 (float tolerance) against the same literals.</summary>
    internal static void CheckBoth(Func<Tensor, Tensor> op, double[] input, double[] expected, double rtol64 = 1e-14, double atol64 = 1e-15)
    {
        var y64 = op(Tensor.FromArray(input));
        Assert.Equal(DType.Float64, y64.DType);
        AssertClose(expected, y64.ToArray<double>(), rtol64, atol64);
        var y32 = op(Tensor.FromArray(input.Select(v => (float)v).ToArray()));
        Assert.Equal(DType.Float32, y32.DType);
        AssertClose(expected, y32.ToArray<double>(), 2e-6, 1e-6);
    }

    public static TheoryData<string, double[]> PositiveCases() => new()
    {
        { "Exp", [1.0512710963760241, 1.6487212707001282, 2.718281828459045, 9.974182454814718, 22026.465794806718] },
        { "Log", [-2.995732273553991, -0.6931471805599453, 0.0, 0.8329091229351039, 2.302585092994046] },
        { "Log1p", [0.04879016416943201, 0.4054651081081644, 0.6931471805599453, 1.1939224684724346, 2.3978952727983707] },
        { "Expm1", [0.05127109637602404, 0.6487212707001282, 1.7182818284590453, 8.974182454814718, 22025.465794806718] },
        { "Sqrt", [0.22360679774997896, 0.7071067811865476, 1.0, 1.51657508881031, 3.1622776601683795] },
        { "Rsqrt", [4.47213595499958, 1.414213562373095, 1.0, 0.6593804733957871, 0.31622776601683794] },
        { "Reciprocal", [20.0, 2.0, 1.0, 0.4347826086956522, 0.1] },
    };

    public static TheoryData<string, double[]> RealCases() => new()
    {
        { "Sin", [0.35078322768961984, -0.9320390859672263, -0.29552020666133955, 0.0, 0.3894183423086505, 0.9916648104524686, -0.13235175009777303] },
        { "Cos", [-0.9364566872907963, 0.3623577544766736, 0.955336489125606, 1.0, 0.9210609940028851, -0.12884449429552464, 0.9912028118634736] },
        { "Tan", [-0.3745856401585947, -2.5721516221263188, -0.30933624960962325, 0.0, 0.4227932187381618, -7.696602139459161, -0.13352640702153587] },
        { "Tanh", [-0.9981778976111987, -0.8336546070121552, -0.2913126124515909, 0.0, 0.3799489622552249, 0.935409070603099, 1.0] },
        { "Sigmoid", [0.02931223075135632, 0.23147521650098238, 0.425557483188341, 0.5, 0.598687660112452, 0.8455347349164652, 0.999999999986112] },
        { "Erf", [-0.9999992569016276, -0.9103139782296354, -0.3286267594591274, 0.0, 0.42839235504666845, 0.9837904585907745, 1.0] },
        { "Abs", [3.5, 1.2, 0.3, 0.0, 0.4, 1.7, 25.0] },
        { "Sign", [-1.0, -1.0, -1.0, 0.0, 1.0, 1.0, 1.0] },
        { "Square", [12.25, 1.44, 0.09, 0.0, 0.16000000000000003, 2.8899999999999997, 625.0] },
    };

    private static Tensor Call(string name, Tensor x) => (Tensor)typeof(Tensor).GetMethod(name, Type.EmptyTypes)!.Invoke(x, null)!;

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void PositiveDomainMatchesTorch(string op, double[] expected) => CheckBoth(x => Call(op, x), Pos, expected);

    [Theory]
    [MemberData(nameof(RealCases))]
    public void RealDomainMatchesTorch(string op, double[] expected) => CheckBoth(x => Call(op, x), X, expected, 1e-13);

    [Fact]
    public void Log1pAndExpm1KeepPrecisionNearZero()
    {
        double[] small = [-1e-10, 1e-8, 1e-3];
        AssertClose([-1.00000000005e-10, 9.999999950000001e-09, 0.0009995003330835331], Tensor.FromArray(small).Log1p().ToArray<double>(), 1e-14, 0);
        AssertClose([-9.999999999500001e-11, 1.0000000050000001e-08, 0.0010005001667083417], Tensor.FromArray(small).Expm1().ToArray<double>(), 1e-14, 0);
    }

    [Fact]
    public void ErfIsAccurateInTheTailsAndNearZero()
    {
        double[] x = [-4.0, 2.0, 3.5, 0.01, 1e-20];
        AssertClose([-0.9999999845827421, 0.9953222650189527, 0.9999992569016276, 0.011283415555849618, 1.1283791670955126e-20],
            Tensor.FromArray(x).Erf().ToArray<double>(), 1e-15, 0);
        Assert.True(double.IsNaN(Tensor.FromArray([double.NaN]).Erf().Item()));
        Assert.Equal([-1.0, 1.0], Tensor.FromArray([double.NegativeInfinity, double.PositiveInfinity]).Erf().ToArray<double>());
    }

    [Fact]
    public void IntegerAbsSignSquareKeepDtype()
    {
        var x = Tensor.FromArray([-3L, 0L, 7L, long.MinValue]);
        var abs = x.Abs();
        Assert.Equal(DType.Int64, abs.DType);
        Assert.Equal([3L, 0L, 7L, long.MinValue], abs.ToArray<long>());
        Assert.Equal([-1L, 0L, 1L, -1L], x.Sign().ToArray<long>());
        var xi = Tensor.FromArray([-3, 4]);
        Assert.Equal(DType.Int32, xi.Square().DType);
        Assert.Equal([9, 16], xi.Square().ToArray<int>());
    }

    [Fact]
    public void IntegerInputsToFloatOpsArePromotedToFloat32()
    {
        var y = Tensor.FromArray([1L, 4L]).Sqrt();
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal([1f, 2f], y.ToArray<float>());
        Assert.Equal(DType.Float32, Tensor.FromArray([2]).Reciprocal().DType);
    }

    [Fact]
    public void NaNAndInfinityPropagateLikeTorch()
    {
        var x = Tensor.FromArray([double.NaN, double.PositiveInfinity, -0.0]);
        var sign = x.Sign().ToArray<double>();
        Assert.Equal(0.0, sign[0]);  // torch 1.13: sign(nan) = 0
        Assert.Equal(1.0, sign[1]);
        Assert.True(double.IsNaN(x.Exp().ToArray<double>()[0]));
        Assert.Equal(double.PositiveInfinity, x.Exp().ToArray<double>()[1]);
        Assert.Equal(double.NegativeInfinity, Tensor.FromArray([0.0]).Log().Item());
    }

    [Fact]
    public void EmptyAndStridedInputs()
    {
        Assert.Equal([0, 3], Tensor.Zeros(0, 3).Exp().Shape.ToArray());
        var t = Tensor.FromArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 2, 3);
        var view = t.NewView([3, 2], [1, 3], 0);
        AssertClose([1, 16, 4, 25, 9, 36], view.Square().ToArray<double>());
    }

    [Fact]
    public void SignHasZeroGradientButStaysInTheGraph()
    {
        var x = Tensor.FromArray([-2.0, 3.0]).RequiresGrad_();
        var y = x.Sign();
        Assert.Equal("Sign", y.GradFnName);
        y.Sum().Backward();
        Assert.Equal([0.0, 0.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void AbsGradientIsSignIncludingZeroAtZero()
    {
        // torch: abs'(0) = sgn(0) = 0.
        var x = Tensor.FromArray([-2.0, 0.0, 3.0]).RequiresGrad_();
        x.Abs().Sum().Backward();
        Assert.Equal([-1.0, 0.0, 1.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void TanhSecondDerivativeMatchesTorch()
    {
        // torch: x = 0.7; g = autograd.grad(tanh(x), x, create_graph=True); autograd.grad(g, x) = -2·tanh·(1 − tanh²).
        var x = Tensor.FromArray([0.7]).RequiresGrad_();
        var y = x.Tanh();
        var t = Math.Tanh(0.7);
        y.Backward(Tensor.OnesLike(y), createGraph: true);
        var g = x.Grad!;
        Assert.Equal(1 - t * t, g.Item(), 14);
        x.Grad = null;
        g.Backward();
        Assert.Equal(-2 * t * (1 - t * t), x.Grad!.Item(), 14);
    }
}
