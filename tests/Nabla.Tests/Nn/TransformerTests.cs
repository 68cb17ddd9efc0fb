using System.Text.Json;
using Nabla.Autograd;
using Nabla.Nn;
using Nabla.Tests.Golden;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Nn;

/// <summary>Transformer layers: PyTorch's names, defaults and parameter counts, clones, masks, layouts and errors (values against torch are in GoldenTests).</summary>
public class TransformerTests
{
    private static double[] D(Tensor t) => t.To(DType.Float64).ToArray<double>();

    [Fact]
    public void StateDictKeysAreTorchsForEveryGoldenCase()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "transformer.json")));
        var torchKeys = doc.RootElement.GetProperty("state_dict_keys");
        foreach (var (name, c) in GoldenOps.TransformerCases)
        {
            var expected = torchKeys.GetProperty(name).EnumerateArray().Select(k => k.GetString()!).ToArray();
            Assert.Equal(expected, c.Build().StateDict().Keys.ToArray());
        }
    }

    [Fact]
    public void DefaultsAndParameterCountsMatchTorch()
    {
        var layer = new TransformerEncoderLayer(16, 4);
        Assert.Equal((2048, 0.1, "relu", 1e-5, false, false), (layer.DimFeedforward, layer.DropoutP, layer.Activation, layer.LayerNormEps, layer.BatchFirst, layer.NormFirst));
        Assert.Equal(0.1, layer.SelfAttn.DropoutP);
        Assert.Equal(0.1, layer.Dropout1.P);
        // torch: sum(p.numel() for p in nn.Transformer(32, 4, 2, 3, 64).parameters()) = 55712 in 82 state-dict entries.
        var model = new Transformer(32, 4, 2, 3, 64, generator: new Generator(1));
        Assert.Equal(55712, model.Parameters().Sum(p => p.NumElements));
        Assert.Equal(82, model.StateDict().Count);
        Assert.Equal(2, model.Encoder.NumLayers);
        Assert.Equal(3, model.Decoder.NumLayers);
        Assert.NotNull(model.Encoder.Norm);
        Assert.NotNull(model.Decoder.Norm);
    }

    [Fact]
    public void TransformerReinitialisesMatricesXavierUniform()
    {
        var model = new Transformer(16, 2, 1, 1, 24, generator: new Generator(2));
        var w = model.Encoder.Layers[0].Linear1.Weight.ToArray<float>();
        double bound = Math.Sqrt(6.0 / (16 + 24));
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.8 * bound, "Linear's default bound 1/sqrt(16) = 0.25 is below the Xavier bound 0.39; the weights must use the latter");
        Assert.All(model.Encoder.Layers[0].SelfAttn.InProjBias!.ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(model.Decoder.Norm!.Weight!.ToArray<float>(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void StacksHoldIndependentCopiesOfTheLayer()
    {
        var layer = new TransformerEncoderLayer(8, 2, 16, generator: new Generator(3));
        layer.Linear1.Weight.RequiresGrad = false;
        var encoder = new TransformerEncoder(layer, 3);
        Assert.Null(encoder.Norm);
        Assert.DoesNotContain(encoder.StateDict().Keys, k => k.StartsWith("norm", StringComparison.Ordinal));
        var state = encoder.StateDict();
        foreach (var (key, value) in layer.StateDict())
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(D(value), D(state[$"layers.{i}.{key}"]));
                Assert.NotSame(value, state[$"layers.{i}.{key}"]);
            }
        Assert.False(encoder.Layers[1].Linear1.Weight.RequiresGrad);
        Assert.True(encoder.Layers[1].Linear2.Weight.RequiresGrad);
        using (GradMode.NoGrad()) encoder.Layers[0].Linear2.Weight.Fill_(0.5);
        Assert.NotEqual(0.5f, encoder.Layers[1].Linear2.Weight.ToArray<float>()[0]);
        Assert.NotEqual(0.5f, layer.Linear2.Weight.ToArray<float>()[0]);
        var decoder = new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16), 2, new LayerNorm(8));
        Assert.Equal(["layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias"], decoder.StateDict().Keys.Take(2).ToArray());
        Assert.Equal("norm.bias", decoder.StateDict().Keys.Last());
    }

    [Fact]
    public void GenerateSquareSubsequentMaskIsTorchs()
    {
        var m = Transformer.GenerateSquareSubsequentMask(3);
        Assert.Equal(DType.Float32, m.DType);
        var ninf = double.NegativeInfinity;
        Assert.Equal([0, ninf, ninf, 0, 0, ninf, 0, 0, 0], D(m));
        Assert.Equal(DType.Float64, Transformer.GenerateSquareSubsequentMask(2, DType.Float64).DType);
        Assert.Equal([0, 0], Transformer.GenerateSquareSubsequentMask(0).Dims);
    }

    [Fact]
    public void CausalFlagBoolMaskFloatMaskAndUnrecognisedMaskAgree()
    {
        var layer = new TransformerEncoderLayer(8, 2, 16, generator: new Generator(4));
        layer.Eval();
        var x = Tensor.Randn([5, 2, 8], DType.Float32, new Generator(5));
        var reference = D(layer.Forward(x, isCausal: true));
        var floatMask = Transformer.GenerateSquareSubsequentMask(5);
        AssertClose(reference, D(layer.Forward(x, floatMask)), 1e-5, 1e-6);
        AssertClose(reference, D(layer.Forward(x, floatMask.IsInf())), 1e-5, 1e-6);
        AssertClose(reference, D(layer.Forward(x, floatMask, isCausal: true)), 1e-5, 1e-6);
        // −1e9 is not recognised as the causal mask, so it takes the additive-mask path; the result is the same.
        AssertClose(reference, D(layer.Forward(x, floatMask.ClampMin(-1e9))), 1e-5, 1e-6);
        var pad = Tensor.FromArray([false, false, false, false, false, false, false, false, true, true], 2, 5);
        var encoder = new TransformerEncoder(layer, 2);
        AssertClose(D(encoder.Forward(x, floatMask, pad)), D(encoder.Forward(x, srcKeyPaddingMask: pad, isCausal: true)), 1e-5, 1e-6);
    }

    [Fact]
    public void DecoderCausalFlagsMatchExplicitMasks()
    {
        var model = new Transformer(8, 2, 1, 2, 16, generator: new Generator(15));
        model.Eval();
        var src = Tensor.Randn([5, 2, 8], DType.Float32, new Generator(16));
        var tgt = Tensor.Randn([4, 2, 8], DType.Float32, new Generator(17));
        var memoryCut = Tensor.FromArray(Enumerable.Range(0, 20).Select(i => i % 5 > i / 5).ToArray(), 4, 5);
        var explicitMasks = model.Forward(src, tgt, Transformer.GenerateSquareSubsequentMask(5), Transformer.GenerateSquareSubsequentMask(4), memoryCut);
        var flags = model.Forward(src, tgt, srcIsCausal: true, tgtIsCausal: true, memoryIsCausal: true);
        AssertClose(D(explicitMasks), D(flags), 1e-5, 1e-6);
        var memory = model.Encoder.Forward(src, isCausal: true);
        var layer = model.Decoder.Layers[0];
        AssertClose(D(layer.Forward(tgt, memory, Transformer.GenerateSquareSubsequentMask(4), memoryCut)),
            D(layer.Forward(tgt, memory, tgtIsCausal: true, memoryIsCausal: true)), 1e-5, 1e-6);
    }

    [Fact]
    public void CustomEncoderAndDecoderReplaceTheDefaultStacks()
    {
        var encoder = new TransformerEncoder(new TransformerEncoderLayer(8, 2, 12), 1);
        var decoder = new TransformerDecoder(new TransformerDecoderLayer(8, 2, 12, normFirst: true), 3, new LayerNorm(8));
        var before = D(encoder.Layers[0].Linear1.Weight);
        var model = new Transformer(8, 2, customEncoder: encoder, customDecoder: decoder, generator: new Generator(18));
        Assert.Same(encoder, model.Encoder);
        Assert.Same(decoder, model.Decoder);
        Assert.DoesNotContain(model.StateDict().Keys, k => k.StartsWith("encoder.norm", StringComparison.Ordinal));
        Assert.Equal(12, model.StateDict()["decoder.layers.2.linear1.weight"].Size(0));
        Assert.NotEqual(before, D(encoder.Layers[0].Linear1.Weight));
        model.Eval();
        Assert.Equal([3, 2, 8], model.Forward(Tensor.Zeros(6, 2, 8), Tensor.Ones(3, 2, 8)).Shape.ToArray());
    }

    [Fact]
    public void BatchFirstAndUnbatchedAgreeWithTheSequenceFirstLayout()
    {
        var seqFirst = new Transformer(8, 2, 1, 2, 16, generator: new Generator(6));
        var batchFirst = new Transformer(8, 2, 1, 2, 16, batchFirst: true, generator: new Generator(7));
        seqFirst.Eval();
        batchFirst.Eval();
        batchFirst.LoadStateDict(seqFirst.StateDict());
        var src = Tensor.Randn([5, 2, 8], DType.Float32, new Generator(8));
        var tgt = Tensor.Randn([4, 2, 8], DType.Float32, new Generator(9));
        var mask = Transformer.GenerateSquareSubsequentMask(4);
        var y = seqFirst.Forward(src, tgt, tgtMask: mask);
        Assert.Equal([4, 2, 8], y.Dims);
        var yb = batchFirst.Forward(src.Transpose(0, 1), tgt.Transpose(0, 1), tgtMask: mask);
        AssertClose(D(y.Transpose(0, 1).Contiguous()), D(yb), 1e-5, 1e-6);
        var single = seqFirst.Forward(src.Select(1, 1), tgt.Select(1, 1), tgtMask: mask);
        AssertClose(D(y.Select(1, 1).Contiguous()), D(single), 1e-5, 1e-6);
    }

    [Fact]
    public void TrainingModeDropoutIsReproducibleWithAGenerator()
    {
        Tensor Run() => new TransformerEncoderLayer(8, 2, 16, dropout: 0.3, generator: new Generator(10))
            .Forward(Tensor.Ones(4, 2, 8));
        var a = D(Run());
        Assert.Equal(a, D(Run()));
        var layer = new TransformerEncoderLayer(8, 2, 16, dropout: 0.3, generator: new Generator(10));
        Assert.Equal(a, D(layer.Forward(Tensor.Ones(4, 2, 8))));
        layer.Eval();
        Assert.NotEqual(a, D(layer.Forward(Tensor.Ones(4, 2, 8))));
    }

    [Fact]
    public void ModuleForwardRunsTheEncoderAndDecodersExplainThemselves()
    {
        var layer = new TransformerEncoderLayer(4, 2, 8, generator: new Generator(11));
        layer.Eval();
        var x = Tensor.Randn([3, 1, 4], DType.Float32, new Generator(12));
        Assert.Equal(D(layer.Forward(x, null)), D(((Module)layer).Forward(x)));
        var ex = Assert.Throws<InvalidOperationException>(() => ((Module)new TransformerDecoderLayer(4, 2, 8)).Forward(x));
        Assert.Contains("Forward(tgt, memory", ex.Message);
        Assert.Throws<InvalidOperationException>(() => ((Module)new Transformer(4, 2, 1, 1, 8)).Forward(x));
    }

    [Fact]
    public void ConfigurationErrorsNameTheLayerAndTheSizes()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerEncoderLayer(10, 3));
        Assert.Contains("TransformerEncoderLayer: d_model 10 must be a positive multiple of nhead 3", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerDecoderLayer(6, 4));
        Assert.Contains("TransformerDecoderLayer: d_model 6", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Transformer(10, 4));
        Assert.Contains("Transformer: d_model 10", ex.Message);
        var bad = Assert.Throws<ArgumentException>(() => new TransformerEncoderLayer(8, 2, activation: "tanh"));
        Assert.Contains("activation should be relu/gelu/gelu_tanh, not tanh", bad.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerEncoderLayer(8, 2, dropout: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerEncoder(new TransformerEncoderLayer(8, 2), 0));
    }

    [Fact]
    public void MaskAndInputShapeErrorsNameTheShapes()
    {
        var layer = new TransformerEncoderLayer(8, 2, 16);
        var x = Tensor.Zeros(5, 2, 8);
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(x, Tensor.Zeros(4, 4)));
        Assert.Contains("TransformerEncoderLayer: src_mask [4, 4] must be [5, 5] or [4, 5, 5] for input [5, 2, 8]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => layer.Forward(x, srcKeyPaddingMask: Tensor.Zeros([5, 2], DType.Bool)));
        Assert.Contains("src_key_padding_mask [5, 2] must be [2, 5]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(5, 2, 6)));
        Assert.Contains("src [5, 2, 6]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => layer.Forward(x, Tensor.Zeros(5, 5), isCausal: true));
        Assert.Contains("isCausal is set but src_mask [5, 5] is not the causal mask", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => layer.Forward(x, Tensor.Zeros([5, 5], DType.Int64)));
        Assert.Contains("must be Bool or floating point", ex.Message);

        var decoder = new TransformerDecoderLayer(8, 2, 16);
        ex = Assert.Throws<ArgumentException>(() => decoder.Forward(Tensor.Zeros(4, 2, 8), Tensor.Zeros(5, 3, 8)));
        Assert.Contains("memory [5, 3, 8] and tgt [4, 2, 8]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => decoder.Forward(Tensor.Zeros(4, 2, 8), x, memoryMask: Tensor.Zeros(4, 4)));
        Assert.Contains("memory_mask [4, 4] must be [4, 5] or [4, 4, 5]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => decoder.Forward(Tensor.Zeros(4, 2, 8), x, memoryKeyPaddingMask: Tensor.Zeros([2, 4], DType.Bool)));
        Assert.Contains("memory_key_padding_mask [2, 4] must be [2, 5] for input [5, 2, 8]", ex.Message);

        var model = new Transformer(8, 2, 1, 1, 16);
        ex = Assert.Throws<ArgumentException>(() => model.Forward(x, Tensor.Zeros(4, 3, 8)));
        Assert.Contains("the batch number of src [5, 2, 8] and tgt [4, 3, 8] must be equal", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(5, 2, 4), Tensor.Zeros(4, 2, 4)));
        Assert.Contains("must be equal to d_model 8", ex.Message);
    }

    [Fact]
    public void MultiheadAttentionIsCausalMatchesTheExplicitMask()
    {
        var mha = new MultiheadAttention(6, 3, generator: new Generator(13));
        var x = Tensor.Randn([4, 2, 6], DType.Float32, new Generator(14));
        var cut = Transformer.GenerateSquareSubsequentMask(4).IsInf();
        var pad = Tensor.FromArray([false, false, false, true, false, false, false, false], 2, 4);
        var (expected, weights) = mha.Forward(x, x, x, pad, attnMask: cut);
        var (causal, causalWeights) = mha.Forward(x, x, x, pad, isCausal: true);
        AssertClose(D(expected), D(causal), 1e-6, 1e-7);
        AssertClose(D(weights!), D(causalWeights!), 1e-6, 1e-7);
        AssertClose(D(mha.Forward(x, x, x, needWeights: false, attnMask: cut).Output), D(mha.Forward(x, x, x, needWeights: false, isCausal: true).Output), 1e-5, 1e-6);
        var ex = Assert.Throws<ArgumentException>(() => mha.Forward(x, x, x, attnMask: cut, isCausal: true));
        Assert.Contains("either attn_mask [4, 4] or isCausal", ex.Message);
    }
}
