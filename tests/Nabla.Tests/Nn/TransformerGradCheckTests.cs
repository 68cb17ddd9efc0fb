using Nabla.Autograd;
using Nabla.Nn;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Nn;

/// <summary>
/// Float64 gradient checks of small transformer layers: the full Jacobian of the output with respect to the inputs
/// and every parameter (the module's own parameter tensors are the checked inputs, which GradCheck perturbs in place)
/// against central differences.
/// </summary>
public class TransformerGradCheckTests
{
    private static Tensor[] WithParameters(Module m, params Tensor[] data) => [.. data, .. m.Parameters()];

    private static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs)
    {
        var result = GradCheck.Check(f, inputs, eps: 1e-6, atol: 1e-6, rtol: 1e-4);
        Assert.True(result.Passed, result.Message);
    }

    [Theory]
    [InlineData(false, "gelu")]
    [InlineData(true, "relu")]
    public void EncoderLayerGradientsOfInputAndEveryParameter(bool normFirst, string activation)
    {
        var layer = new TransformerEncoderLayer(4, 2, 6, activation: activation, normFirst: normFirst, generator: new Generator(1));
        layer.To(DType.Float64).Eval();
        var src = Leaf(2, 3, 2, 4);
        var pad = Tensor.FromArray([false, false, false, false, false, true], 2, 3);
        Check(x => layer.Forward(x[0], srcKeyPaddingMask: pad, isCausal: true), WithParameters(layer, src));
    }

    [Fact]
    public void DecoderLayerGradientsOfTargetMemoryAndEveryParameter()
    {
        var layer = new TransformerDecoderLayer(4, 2, 6, activation: "gelu", generator: new Generator(3));
        layer.To(DType.Float64).Eval();
        var tgt = Leaf(4, 3, 2, 4);
        var memory = Leaf(5, 4, 2, 4);
        var memoryPad = Tensor.FromArray([false, false, false, true, false, false, false, false], 2, 4);
        Check(x => layer.Forward(x[0], x[1], Transformer.GenerateSquareSubsequentMask(3, DType.Float64), memoryKeyPaddingMask: memoryPad),
            WithParameters(layer, tgt, memory));
    }

    [Fact]
    public void CausalFastPathHasExactlyCausalGradients()
    {
        var layer = new TransformerEncoderLayer(4, 2, 6, generator: new Generator(6));
        layer.To(DType.Float64).Eval();
        var src = Leaf(7, 5, 1, 4);
        var y = layer.Forward(src, isCausal: true);
        y.Select(0, 1).Sum().Backward();
        var g = src.Grad!.ToArray<double>();
        for (int t = 0; t < 5; t++)
        {
            double norm = g.Skip(t * 4).Take(4).Sum(Math.Abs);
            if (t <= 1) Assert.True(norm > 0, $"position {t} should influence position 1");
            else Assert.Equal(0, norm);
        }
    }
}
