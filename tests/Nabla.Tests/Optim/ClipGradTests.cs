using Nabla.Optim;
using Xunit;

namespace Nabla.Tests.Optim;

/// <summary>ClipGrad against torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (Golden/Optim/clipping.json) and the curriculum.</summary>
public class ClipGradTests
{
    /// <summary>Clipping cases in the golden file.</summary>
    public static TheoryData<string> Cases => OptimGolden.Names("clipping.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = OptimGolden.Case("clipping.json", name);
        var grads = c.GetProperty("grads").EnumerateArray().Select(OptimGolden.Doubles).ToArray();
        var clipped = c.GetProperty("clipped").EnumerateArray().Select(OptimGolden.Doubles).ToArray();
        foreach (var (dtype, rtol) in new[] { (DType.Float64, 1e-12), (DType.Float32, 1e-6) })
        {
            var p1 = Tensor.Zeros([3, 4], dtype).RequiresGrad_();
            var p2 = Tensor.Zeros([5], dtype).RequiresGrad_();
            // The first gradient is a transposed (strided) view, so the in-place write-back path is covered too.
            p1.Grad = Tensor.FromArray(grads[0], 3, 4).To(dtype).T.Contiguous().T;
            p2.Grad = Tensor.FromArray(grads[1], 5).To(dtype);
            if (c.TryGetProperty("clip_value", out var clipValue))
                ClipGrad.ClipGradValue_([p1, p2], clipValue.GetDouble());
            else
            {
                var normType = c.GetProperty("norm_type");
                double order = normType.ValueKind == System.Text.Json.JsonValueKind.String ? double.PositiveInfinity : normType.GetDouble();
                double total = ClipGrad.ClipGradNorm_([p1, p2], c.GetProperty("max_norm").GetDouble(), order);
                double expectedTotal = c.GetProperty("total_norm").GetDouble();
                Assert.True(Math.Abs(total - expectedTotal) <= rtol * expectedTotal, $"{name} {dtype}: total norm {total:R} vs {expectedTotal:R}");
            }
            var actual = p1.Grad.To(DType.Float64).ToArray<double>().Concat(p2.Grad!.To(DType.Float64).ToArray<double>()).ToArray();
            var expected = clipped[0].Concat(clipped[1]).ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[i]) <= rtol * Math.Max(Math.Abs(expected[i]), 1e-3), $"{name} {dtype}: element {i}: {actual[i]:R} vs {expected[i]:R}");
        }
    }

    [Fact]
    public void CurriculumGlobalNormExample()
    {
        var p = Tensor.Zeros([2], DType.Float64).RequiresGrad_();
        p.Grad = Tensor.FromArray(new[] { 3.0, 4.0 }, 2);
        Assert.Equal(5.0, ClipGrad.ClipGradNorm_([p], 1.0));
        var g = p.Grad.ToArray<double>();
        Assert.Equal(0.6, g[0], 6);
        Assert.Equal(0.8, g[1], 6);
    }

    [Fact]
    public void EdgeCases()
    {
        var p = Tensor.Zeros([2]).RequiresGrad_();
        Assert.Equal(0.0, ClipGrad.ClipGradNorm_([p], 1.0));
        p.Grad = Tensor.FromArray(new[] { float.NaN, 1f }, 2);
        Assert.True(double.IsNaN(ClipGrad.ClipGradNorm_([p], 1.0, double.PositiveInfinity)));
        Assert.Contains("ClipGradNorm_: the total norm of order 2 of the gradients is non-finite",
            Assert.Throws<InvalidOperationException>(() => ClipGrad.ClipGradNorm_([p], 1.0, errorIfNonfinite: true)).Message);
        p.Grad = Tensor.FromArray(new[] { float.NaN, -3f }, 2);
        ClipGrad.ClipGradValue_([p], 1);
        var v = p.Grad.ToArray<float>();
        Assert.True(float.IsNaN(v[0]));
        Assert.Equal(-1f, v[1]);
        Assert.Contains("ClipGradNorm_: normType must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => ClipGrad.ClipGradNorm_([p], 1, 0)).Message);
        Assert.Contains("ClipGradValue_: clipValue must be non-negative", Assert.Throws<ArgumentOutOfRangeException>(() => ClipGrad.ClipGradValue_([p], -1)).Message);
    }
}
