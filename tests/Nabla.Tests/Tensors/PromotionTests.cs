using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Tensors;

/// <summary>
/// PyTorch's type promotion (one table, <see cref="DTypes.ResultType"/>) and bool arithmetic, on the examples of
/// issue 9; Golden/PromotionGoldenTests checks the full table against PyTorch.
/// </summary>
public class PromotionTests
{
    private static readonly Tensor F32 = Tensor.Ones([2, 3]);
    private static readonly Tensor F64Scalar = Tensor.Scalar(2.0, DType.Float64);

    [Fact]
    public void ZeroDimOperandOfSameCategoryDoesNotWiden()
    {
        Assert.Equal(DType.Float32, (F32 * F64Scalar).DType);
        Assert.Equal(DType.Float32, (F64Scalar * F32).DType);
        Assert.Equal(DType.Float32, F32.Maximum(F64Scalar).DType);
        Assert.Equal(DType.Float32, F32.Minimum(F64Scalar).DType);
        Assert.Equal(DType.Float32, Tensor.Where(Tensor.Ones([2, 3], DType.Bool), F32, F64Scalar).DType);
        Assert.Equal(DType.Float32, (F32 + F64Scalar).DType);
        Assert.Equal(DType.Float32, F32.Pow(F64Scalar).DType);
        Assert.Equal([2f, 2f, 2f, 2f, 2f, 2f], (F32 * F64Scalar).ToArray<float>());
    }

    [Fact]
    public void ZeroDimOperandOfHigherCategoryBringsItsDType()
    {
        var i32 = Tensor.Ones([3], DType.Int32);
        Assert.Equal(DType.Float64, (i32 * F64Scalar).DType);
        Assert.Equal(DType.Int32, (i32 * Tensor.Scalar(2, DType.Int64)).DType);
        Assert.Equal(DType.Int32, (Tensor.Ones([3], DType.Bool) + Tensor.Scalar(2, DType.Int32)).DType);
        Assert.Equal(DType.Float64, (Tensor.Scalar(1, DType.Float32) * F64Scalar).DType);
    }

    [Fact]
    public void ScalarsDoNotWidenAndLiftToTheDefaultDType()
    {
        Assert.Equal(DType.Float32, (F32 * 2.0).DType);
        Assert.Equal(DType.Float32, (Tensor.Scalar(1.0) * 0.1).DType);
        Assert.Equal(DType.Float64, (F64Scalar * 2.5).DType);
        Assert.Equal(DType.Int32, (Tensor.Ones([3], DType.Int32) * 2).DType);
        Assert.Equal(DType.Float32, (Tensor.Ones([3], DType.Int32) * 2.0).DType);
        Assert.Equal(DType.Int64, Tensor.Ones([3], DType.Int64).Pow(2).DType);
        Assert.Equal(DType.Float32, Tensor.Ones([3], DType.Int64).Pow(2.0).DType);
        Assert.Equal([9007199254740993L], (Tensor.FromArray([9007199254740992L]) + 1).ToArray<long>());
        Assert.Equal(DType.Float32, (Tensor.Ones([3], DType.Int32) * 2.5).DType);
        Assert.Equal(DType.Int64, (Tensor.Ones([3], DType.Bool) * 2).DType);
    }

    [Fact]
    public void ComparisonsPromoteLikeArithmetic()
    {
        // torch: tensor([16777217], dtype=int32) > 16777216.5 is False: it compares in float32, where both round to 2^24.
        Assert.Equal([false], (Tensor.FromArray([16777217]) > 16777216.5).ToArray<bool>());
        Assert.Equal([false], (Tensor.FromArray([16777217]) < 16777216L).ToArray<bool>());
        Assert.Equal([true], Tensor.FromArray([1.0f]).Eq(Tensor.Scalar(1.0 + 1e-9, DType.Float64)).ToArray<bool>());
    }

    [Fact]
    public void CatAndStackPromote()
    {
        Assert.Equal(DType.Float64, Tensor.Cat([Tensor.Ones(2), Tensor.Ones([2], DType.Float64)]).DType);
        Assert.Equal(DType.Float64, Tensor.Stack([Tensor.Scalar(1), F64Scalar]).DType);
    }

    [Fact]
    public void MatMulDoesNotPromote()
    {
        // torch: randn(2, 3) @ randn(3, 2, dtype=float64) raises "expected scalar type Float but found Double".
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 3).MatMul(Tensor.Ones([3, 2], DType.Float64)));
        Assert.Contains("MatMul", ex.Message);
        Assert.Contains("Float32 and Float64", ex.Message);
        Assert.Equal(DType.Float64, Tensor.Ones([2, 3], DType.Float64).MatMul(Tensor.Ones([3, 2], DType.Float64)).DType);
    }

    [Fact]
    public void BoolArithmeticIsLogic()
    {
        var b = Tensor.FromArray([true, false, true, false]);
        var c = Tensor.FromArray([true, true, false, false]);
        Assert.Equal([true, true, true, false], (b + b + c).ToArray<bool>());
        Assert.Equal([true, false, false, false], (b * c).ToArray<bool>());
        Assert.Equal([true, true, true, false], b.Maximum(c).ToArray<bool>());
        Assert.Equal([true, false, false, false], b.Minimum(c).ToArray<bool>());
        Assert.Equal(DType.Bool, (b + b).DType);
        Assert.True(b.Amax().ToArray<bool>()[0]);
        Assert.False(b.Amin().ToArray<bool>()[0]);
        Assert.Equal([true, false], Tensor.FromArray([true, false, false, false], 2, 2).Amax(1).ToArray<bool>());
        var (values, indices) = Tensor.FromArray([false, true, true, false], 2, 2).Max(1);
        Assert.Equal([true, true], values.ToArray<bool>());
        Assert.Equal([1L, 0L], indices.ToArray<long>());
        Assert.Equal(DType.Bool, b.Sign().DType);
        Assert.Equal(DType.Int64, b.Square().DType);
    }

    [Fact]
    public void ClampOfBoolGivesInt64()
    {
        var y = Tensor.FromArray([true, false, true]).Clamp(-2, 3);
        Assert.Equal(DType.Int64, y.DType);
        Assert.Equal([1L, 0L, 1L], y.ToArray<long>());
        Assert.Equal(DType.Float32, Tensor.FromArray([true, false]).Clamp(0.5, 3).DType);
        Assert.Equal(DType.Int32, Tensor.Ones([2], DType.Int32).Clamp(-2, 3).DType);
        Assert.Equal(DType.Int32, Tensor.Ones([2], DType.Int32).Clamp(max: 3).DType);
        Assert.Equal(DType.Float32, Tensor.Ones([2], DType.Int32).Clamp(max: 3.0).DType);
    }

    [Fact]
    public void BoolSubtractionAndNegationAreRejected()
    {
        var b = Tensor.FromArray([true, false]);
        var ex = Assert.Throws<ArgumentException>(() => b - Tensor.Ones(2));
        Assert.Contains("Sub", ex.Message);
        Assert.Contains("Bool", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Ones(2) - b);
        Assert.Throws<ArgumentException>(() => b - b);
        Assert.Throws<ArgumentException>(() => 1.0 - b);
        Assert.Contains("Neg", Assert.Throws<ArgumentException>(() => -b).Message);
        Assert.Throws<ArgumentException>(() => b.Pow(b));
    }

    [Fact]
    public void InPlaceOpsRejectResultsTheTensorCannotHold()
    {
        var i = Tensor.Ones([3], DType.Int64);
        Assert.Contains("Float32", Assert.Throws<ArgumentException>(() => i.Add_(Tensor.Ones(3))).Message);
        Assert.Throws<ArgumentException>(() => i.Mul_(0.5));
        Assert.Throws<ArgumentException>(() => Tensor.Ones([3], DType.Bool).Add_(i));
        Assert.Equal([2L, 2L, 2L], i.Add_(Tensor.Ones([3], DType.Int32)).ToArray<long>());
        Assert.Equal([4L, 4L, 4L], i.Mul_(2).ToArray<long>());
        var f = Tensor.Ones(3).Add_(Tensor.Ones([3], DType.Float64));
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal([2f, 2f, 2f], f.ToArray<float>());
    }
}
