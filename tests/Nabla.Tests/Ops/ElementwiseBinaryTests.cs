using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

/// <summary>
/// Pow, maximum/minimum, clamp and where: values and gradient conventions. Expected numbers were computed with
/// PyTorch 1.13 and pasted as literals.
/// </summary>
public class ElementwiseBinaryTests
{
    private static readonly double[,] A = { { 1.5, -2.0, 0.0 }, { 3.0, 0.5, 2.0 } };
    private static readonly double[] B = [2.0, 3.0, 0.5];

    [Fact]
    public void PowForms()
    {
        var a = Tensor.FromArray(A);
        var b = Tensor.FromArray(B);
        AssertClose([2.25, -8.0, 0.0, 9.0, 0.125, 1.4142135623730951], a.Pow(b).ToArray<double>(), 1e-15);
        AssertClose([3.375, -8.0, 0.0, 27.0, 0.125, 8.0], a.Pow(3.0).ToArray<double>(), 1e-15);
        AssertClose([2.8284271247461903, 0.25, 1.0, 8.0, 1.4142135623730951, 4.0], Tensor.Pow(2.0, a).ToArray<double>(), 1e-15);
        var a32 = a.To(DType.Float32);
        Assert.Equal(DType.Float32, a32.Pow(b.To(DType.Float32)).DType);
        AssertClose([2.25, -8.0, 0.0, 9.0, 0.125, 1.4142135623730951], a32.Pow(b.To(DType.Float32)).ToArray<double>(), 1e-6);
        Assert.Equal([2.25f, 4f, 0f, 9f, 0.25f, 4f], a32.Pow(2.0).ToArray<float>());
        Assert.True(double.IsNaN(Tensor.FromArray([-2.0]).Pow(0.5).Item()));
    }

    [Fact]
    public void IntegerPowStaysInteger()
    {
        // torch: pow([2, -3, 0, 5], 3) = [8, -27, 0, 125] int64; pow([2, -3, 0, 5], [0, 2, 3, -1]) = [1, 9, 0, 0].
        var x = Tensor.FromArray([2L, -3L, 0L, 5L]);
        var cube = x.Pow(3);
        Assert.Equal(DType.Int64, cube.DType);
        Assert.Equal(DType.Float32, x.Pow(3.0).DType);
        Assert.Equal([8L, -27L, 0L, 125L], cube.ToArray<long>());
        Assert.Equal([1L, 9L, 0L, 0L], x.Pow(Tensor.FromArray([0L, 2L, 3L, -1L])).ToArray<long>());
        Assert.Equal(DType.Float32, x.Pow(0.5).DType);
        var ex = Assert.Throws<ArgumentException>(() => x.Pow(-2));
        Assert.Contains("Pow", ex.Message);
    }

    [Fact]
    public void PowGradientsAtZeroBaseFollowTorch()
    {
        // torch: a = [0, 0, 2], b = [0, 2, 0]; pow(a, b).sum().backward() → a.grad = [0, 0, 0], b.grad = [0, 0, ln 2].
        var a = Tensor.FromArray([0.0, 0.0, 2.0]).RequiresGrad_();
        var b = Tensor.FromArray([0.0, 2.0, 0.0]).RequiresGrad_();
        a.Pow(b).Sum().Backward();
        Assert.Equal([0.0, 0.0, 0.0], a.Grad!.ToArray<double>());
        AssertClose([0.0, 0.0, 0.6931471805599453], b.Grad!.ToArray<double>(), 1e-15);
    }

    [Fact]
    public void PowBroadcastErrorNamesOpAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Pow(Tensor.Zeros(4)));
        Assert.Contains("Pow", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    [Fact]
    public void MaximumMinimumPropagateNaNAndSplitTies()
    {
        // torch: m1 = [1, 2, nan, 4], m2 = [1, 3, 1, nan]; maximum = [1, 3, nan, nan], grads [0.5, 0, 1, 1] and [0.5, 1, 1, 1];
        // minimum = [1, 2, nan, nan], grads [0.5, 1, 1, 1] and [0.5, 0, 1, 1].
        var m1 = Tensor.FromArray([1.0, 2.0, double.NaN, 4.0]).RequiresGrad_();
        var m2 = Tensor.FromArray([1.0, 3.0, 1.0, double.NaN]).RequiresGrad_();
        var max = m1.Maximum(m2);
        AssertClose([1.0, 3.0, double.NaN, double.NaN], max.ToArray<double>());
        max.Sum().Backward();
        Assert.Equal([0.5, 0.0, 1.0, 1.0], m1.Grad!.ToArray<double>());
        Assert.Equal([0.5, 1.0, 1.0, 1.0], m2.Grad!.ToArray<double>());
        m1.Grad = m2.Grad = null;
        var min = m1.Minimum(m2);
        AssertClose([1.0, 2.0, double.NaN, double.NaN], min.ToArray<double>());
        min.Sum().Backward();
        Assert.Equal([0.5, 1.0, 1.0, 1.0], m1.Grad!.ToArray<double>());
        Assert.Equal([0.5, 0.0, 1.0, 1.0], m2.Grad!.ToArray<double>());
    }

    [Fact]
    public void MaximumFloat32IntsAndBroadcast()
    {
        var a = Tensor.FromArray([1f, float.NaN, -3f, 8f], 2, 2);
        var y = a.Maximum(Tensor.FromArray([0f, 5f]));
        var v = y.ToArray<float>();
        Assert.Equal(1f, v[0]);
        Assert.True(float.IsNaN(v[1]));
        Assert.Equal([0f, 8f], v[2..]);
        Assert.Equal([1L, 4L], Tensor.FromArray([1L, 9L]).Minimum(Tensor.FromArray([3L, 4L])).ToArray<long>());
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).Maximum(Tensor.Zeros(2)));
        Assert.Contains("Maximum", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("[2]", ex.Message);
    }

    [Fact]
    public void ClampValuesAndGradientConvention()
    {
        // torch: clamp([-2, -1, 0, 1, 2, nan], -1, 1) = [-1, -1, 0, 1, 1, nan], grad = [0, 1, 1, 1, 0, 0].
        var c = Tensor.FromArray([-2.0, -1.0, 0.0, 1.0, 2.0, double.NaN]).RequiresGrad_();
        var y = c.Clamp(-1.0, 1.0);
        AssertClose([-1.0, -1.0, 0.0, 1.0, 1.0, double.NaN], y.ToArray<double>());
        y.Sum().Backward();
        Assert.Equal([0.0, 1.0, 1.0, 1.0, 0.0, 0.0], c.Grad!.ToArray<double>());
        // torch: clamp([1., 5.], 3, 2) = [2, 2]; clamp([1, 5, 9], 2, 7) = [2, 5, 7] (int64).
        Assert.Equal([2f, 2f], Tensor.FromArray([1f, 5f]).Clamp(3, 2).ToArray<float>());
        var ints = Tensor.FromArray([1L, 5L, 9L]).Clamp(2, 7);
        Assert.Equal(DType.Int64, ints.DType);
        Assert.Equal([2L, 5L, 7L], ints.ToArray<long>());
        Assert.Equal(DType.Float32, Tensor.FromArray([1L]).Clamp(0.5).DType);
        Assert.Equal([0.5, 2.0], Tensor.FromArray([0.1, 2.0]).ClampMin(0.5).ToArray<double>());
        Assert.Equal([0.1, 0.5], Tensor.FromArray([0.1, 2.0]).ClampMax(0.5).ToArray<double>());
        // Clamp() alone does not compile (the double and long overloads are both candidates); two null bounds throw.
        Assert.Contains("Clamp", Assert.Throws<ArgumentException>(() => Tensor.Zeros(2).Clamp((double?)null)).Message);
    }

    [Fact]
    public void WhereBroadcastsAllThree()
    {
        var cond = Tensor.FromArray([true, false, true], 3);
        var a = Tensor.FromArray([1.0, 2.0], 2, 1);
        var b = Tensor.FromArray([10.0, 20.0, 30.0]);
        var y = Tensor.Where(cond, a, b);
        Assert.Equal([2, 3], y.Shape.ToArray());
        Assert.Equal([1.0, 20.0, 1.0, 2.0, 20.0, 2.0], y.ToArray<double>());
        Assert.Equal([-1.0, 20.0, -1.0], Tensor.Where(cond, -1.0, b).ToArray<double>());
        Assert.Equal(DType.Float32, Tensor.Where(cond, Tensor.FromArray([1L, 2L, 3L]), 0.5).DType);
        Assert.Equal([5L, 0L, 5L], Tensor.Where(cond, Tensor.Full([3], 5, DType.Int64), Tensor.Zeros([3], DType.Int64)).ToArray<long>());
    }

    [Fact]
    public void WhereGradientGoesToTheSelectedBranch()
    {
        var cond = Tensor.FromArray([true, false, true]);
        var a = Tensor.FromArray([1.0, 2.0, 3.0]).RequiresGrad_();
        var b = Tensor.FromArray([4.0]).RequiresGrad_();
        Tensor.Where(cond, a, b).Sum().Backward();
        Assert.Equal([1.0, 0.0, 1.0], a.Grad!.ToArray<double>());
        Assert.Equal([1.0], b.Grad!.ToArray<double>());
    }

    [Fact]
    public void WhereErrors()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Where(Tensor.Zeros(3), Tensor.Zeros(3), Tensor.Zeros(3)));
        Assert.Contains("Where", ex.Message);
        Assert.Contains("Bool", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Tensor.Where(Tensor.Zeros([4], DType.Bool), Tensor.Zeros(3), Tensor.Zeros(3)));
        Assert.Contains("Where", ex.Message);
        Assert.Contains("[4]", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }

    [Fact]
    public void EmptyInputs()
    {
        Assert.Equal([0, 3], Tensor.Zeros(0, 3).Maximum(Tensor.Zeros(3)).Shape.ToArray());
        Assert.Equal([0], Tensor.Where(Tensor.Zeros([0], DType.Bool), Tensor.Zeros(0), 1.0).Shape.ToArray());
        Assert.Equal([0, 2], Tensor.Zeros(0, 2).Pow(Tensor.Ones(2)).Shape.ToArray());
    }
}
