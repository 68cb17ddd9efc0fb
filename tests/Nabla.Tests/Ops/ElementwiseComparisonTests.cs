using Xunit;

namespace Nabla.Tests.Ops;

/// <summary>Comparisons, float classification and logical ops: Bool results, broadcasting, NaN rules and errors.</summary>
public class ElementwiseComparisonTests
{
    private static bool[] B(Tensor t)
    {
        Assert.Equal(DType.Bool, t.DType);
        return t.ToArray<bool>();
    }

    [Fact]
    public void TensorComparisonsBroadcast()
    {
        var a = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], 2, 2);
        var b = Tensor.FromArray([2.0, 3.0]);
        Assert.Equal([false, false, false, false], B(a.Eq(b)));
        Assert.Equal([true, true, true, true], B(a.Ne(b)));
        Assert.Equal([true, true, false, false], B(a < b));
        Assert.Equal([true, true, false, false], B(a.Lt(b)));
        Assert.Equal([true, true, false, false], B(a <= b));
        Assert.Equal([false, false, true, true], B(a > b));
        Assert.Equal([false, false, true, true], B(a >= b));
        Assert.Equal([true, false, true, true], B(a.Ge(Tensor.FromArray([1.0, 3.0]))));
        Assert.Equal([true, false, true, false], B(a.Le(Tensor.FromArray([1.5, 3.5], 2, 1))));
        Assert.Equal([false, true, false, false], B(a.Eq(2.0)));
        Assert.Equal([true, false, true, true], B(a.Ne(2.0)));
        Assert.Equal([false, false, true, true], B(a.Gt(2.0)));
        Assert.Equal([true, true, false, false], B(2.5 > a));
        Assert.Equal([false, false, true, true], B(2.5 < a));
        Assert.Equal([false, true, true, true], B(2.0 <= a));
        Assert.Equal([true, true, false, false], B(2.0 >= a));
        Assert.Equal([true, false, false, false], B(a < 2.0));
        Assert.Equal([true, true, false, false], B(a <= 2.0));
        Assert.Equal([false, true, true, true], B(a >= 2.0));
    }

    [Fact]
    public void NaNComparesUnequalToEverything()
    {
        var x = Tensor.FromArray([double.NaN, 1.0]);
        Assert.Equal([false, true], B(x.Eq(x)));
        Assert.Equal([true, false], B(x.Ne(x)));
        Assert.Equal([false, true], B(x < 5.0));
        Assert.Equal([false, true], B(x >= 1.0));
    }

    [Fact]
    public void MixedDtypesPromote()
    {
        Assert.Equal([false, true], B(Tensor.FromArray([1L, 3L]) > 2.5));
        Assert.Equal([true, false], B(Tensor.FromArray([1L, 3L]).Eq(Tensor.FromArray([1.0f, 2.5f]))));
        // float32 compares with the scalar rounded to float32, as in PyTorch: 0.1f == 0.1.
        Assert.Equal([true], B(Tensor.FromArray([0.1f]).Eq(0.1)));
        Assert.Equal([true, false], B(Tensor.FromArray([true, false]).Eq(Tensor.FromArray([true, true]))));
        Assert.Equal([2, 0], (Tensor.Zeros(2, 0) < Tensor.Zeros(0)).Shape.ToArray());
    }

    [Fact]
    public void ComparisonsAreNotRecorded()
    {
        var x = Tensor.FromArray([1.0, -1.0]).RequiresGrad_();
        var y = x > 0.0;
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFnName);
    }

    [Fact]
    public void ShapeMismatchNamesOpAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Lt(Tensor.Zeros(2)));
        Assert.Contains("Lt", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[2]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros([3], DType.Bool).LogicalAnd(Tensor.Zeros([2], DType.Bool)));
        Assert.Contains("LogicalAnd", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }

    [Fact]
    public void Classification()
    {
        var x = Tensor.FromArray([1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f]);
        Assert.Equal([false, true, false, false, false], B(x.IsNan()));
        Assert.Equal([false, false, true, true, false], B(x.IsInf()));
        Assert.Equal([true, false, false, false, true], B(x.IsFinite()));
        var strided = Tensor.FromArray([1.0, double.NaN, 2.0, 3.0]).NewView([2, 2], [1, 2], 0);
        Assert.Equal([false, false, true, false], B(strided.IsNan()));
        var ints = Tensor.FromArray([1, 2]);
        Assert.Equal([false, false], B(ints.IsNan()));
        Assert.Equal([true, true], B(ints.IsFinite()));
    }

    [Fact]
    public void LogicalOpsBroadcastAndAcceptAnyDtype()
    {
        var a = Tensor.FromArray([true, false, true, false], 2, 2);
        var b = Tensor.FromArray([true, false]);
        Assert.Equal([true, false, true, false], B(a.LogicalAnd(b)));
        Assert.Equal([true, false, true, false], B(a & b));
        Assert.Equal([true, false, true, false], B(a.LogicalOr(b)));
        Assert.Equal([true, false, true, false], B(a | b));
        Assert.Equal([false, false, false, false], B(a.LogicalXor(b)));
        Assert.Equal([false, false, false, false], B(a ^ b));
        Assert.Equal([false, true, false, true], B(a.LogicalNot()));
        Assert.Equal([false, true, false, true], B(!a));
        Assert.Equal([true, false, true], B(Tensor.FromArray([2.0, 0.0, -1.0]).LogicalAnd(Tensor.FromArray([1L]))));
        Assert.Equal([false, true], B(Tensor.FromArray([3, 0]).LogicalNot()));
    }

    [Fact]
    public void LogicalOperatorsRejectNonBool()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2) & Tensor.Zeros([2], DType.Bool));
        Assert.Contains("LogicalAnd", ex.Message);
        Assert.Contains("Float32", ex.Message);
        Assert.Throws<ArgumentException>(() => !Tensor.Zeros(2));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([2], DType.Bool) | Tensor.Zeros([2], DType.Int64));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([2], DType.Bool) ^ Tensor.Zeros(2));
    }
}
