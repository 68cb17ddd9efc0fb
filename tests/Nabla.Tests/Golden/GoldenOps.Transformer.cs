using Xunit;
using Nabla.Autograd;
using Nabla.Nn;

namespace Nabla.Tests.Golden;

/// <summary>A transformer golden case: how to build the module, how many data inputs it has (masks included), how many of them get gradients, and its forward.</summary>
public sealed record TransformerGoldenCase(Func<Module> Build, int Data, int Grads, Func<Module, Tensor[], Tensor> Forward);

public static partial class GoldenOps
{
    private const int E = 8, H = 2, FF = 16;

    private static Tensor Padding(int n, int s, params int[] pads)
    {
        var m = new bool[n * s];
        for (int i = 0; i < n; i++)
            m.AsSpan(i * s + s - pads[i], pads[i]).Fill(true);
        return Tensor.FromArray(m, n, s);
    }

    private static Tensor BoolCausal(int n) => Transformer.GenerateSquareSubsequentMask(n).IsInf();

    private static TransformerEncoderLayer EncLayer(string activation = "relu", bool batchFirst = false, bool normFirst = false) =>
        new(E, H, FF, activation: activation, batchFirst: batchFirst, normFirst: normFirst);

    private static TransformerDecoderLayer DecLayer(string activation = "relu", bool batchFirst = false, bool normFirst = false) =>
        new(E, H, FF, activation: activation, batchFirst: batchFirst, normFirst: normFirst);

    private static Tensor Enc(Module m, Tensor x, Tensor? mask = null, Tensor? kpm = null, bool causal = false) =>
        ((TransformerEncoderLayer)m).Forward(x, mask, kpm, causal);

    /// <summary>generate_transformer.py: the cases by name.</summary>
    public static IReadOnlyDictionary<string, TransformerGoldenCase> TransformerCases => new Dictionary<string, TransformerGoldenCase>
    {
        ["enc_layer_post_relu_causal"] = new(() => EncLayer(), 1, 1,
            (m, x) => Enc(m, x[0], Transformer.GenerateSquareSubsequentMask(5))),
        ["enc_layer_pre_relu_padding"] = new(() => EncLayer(normFirst: true), 1, 1,
            (m, x) => Enc(m, x[0], kpm: Padding(2, 5, 0, 2))),
        ["enc_layer_post_gelu_causal_padding_batch_first"] = new(() => EncLayer("gelu", batchFirst: true), 1, 1,
            (m, x) => Enc(m, x[0], BoolCausal(5), Padding(2, 5, 0, 2))),
        ["enc_layer_pre_gelu_is_causal"] = new(() => EncLayer("gelu", normFirst: true), 1, 1,
            (m, x) => Enc(m, x[0], causal: true)),
        ["enc_layer_post_relu_float_mask_3d"] = new(() => EncLayer(), 2, 1,
            (m, x) => Enc(m, x[0], x[1])),
        ["enc_layer_post_gelu_tanh_padding"] = new(() => EncLayer("gelu_tanh"), 1, 1,
            (m, x) => Enc(m, x[0], kpm: Padding(2, 5, 0, 2))),
        ["enc_layer_pre_gelu_unbatched"] = new(() => EncLayer("gelu", normFirst: true), 1, 1,
            (m, x) => Enc(m, x[0], kpm: Tensor.FromArray([false, false, false, false, true], 5))),
        ["dec_layer_post_relu_causal_padding"] = new(() => DecLayer(), 2, 2,
            (m, x) => ((TransformerDecoderLayer)m).Forward(x[0], x[1], Transformer.GenerateSquareSubsequentMask(4),
                tgtKeyPaddingMask: Padding(2, 4, 1, 0), memoryKeyPaddingMask: Padding(2, 5, 0, 2))),
        ["dec_layer_pre_gelu_memory_mask_batch_first"] = new(() => DecLayer("gelu", batchFirst: true, normFirst: true), 3, 2,
            (m, x) => ((TransformerDecoderLayer)m).Forward(x[0], x[1], BoolCausal(4), x[2])),
        ["encoder_two_layers_norm_padding"] = new(() => new TransformerEncoder(EncLayer(), 2, new LayerNorm(E)), 1, 1,
            (m, x) => ((TransformerEncoder)m).Forward(x[0], srcKeyPaddingMask: Padding(2, 5, 0, 2))),
        ["transformer_two_layers"] = new(() => new Transformer(E, H, 2, 2, FF), 2, 2,
            (m, x) => ((Transformer)m).Forward(x[0], x[1], tgtMask: Transformer.GenerateSquareSubsequentMask(4),
                srcKeyPaddingMask: Padding(2, 5, 0, 2), memoryKeyPaddingMask: Padding(2, 5, 0, 2), tgtKeyPaddingMask: Padding(2, 4, 0, 1))),
        ["transformer_two_layers_pre_gelu_batch_first"] = new(() => new Transformer(E, H, 2, 2, FF, activation: "gelu", batchFirst: true, normFirst: true), 2, 2,
            (m, x) => ((Transformer)m).Forward(x[0], x[1], tgtMask: Transformer.GenerateSquareSubsequentMask(4))),
    };

    /// <summary>
    /// Loads the case's parameters (the inputs after the data and the upstream gradient) by state-dict order, runs the
    /// module in eval mode, back-propagates the upstream gradient and returns output, data gradients and parameter
    /// gradients as one flat tensor, the layout the generator writes.
    /// </summary>
    private static Tensor RunModuleCase(TransformerGoldenCase c, Tensor[] x)
    {
        var module = c.Build();
        module.Eval();
        var keys = module.StateDict().Keys.ToList();
        var values = x[(c.Data + 1)..];
        Assert.Equal(keys.Count, values.Length);
        module.LoadStateDict(keys.Zip(values, (k, v) => KeyValuePair.Create(k, v.Detach())).ToDictionary());
        var data = x[..c.Data].Select((t, i) => i < c.Grads ? t.Detach().Clone().RequiresGrad_() : t.Detach()).ToArray();
        var y = c.Forward(module, data);
        y.Backward(x[c.Data].Detach());
        var parts = new List<Tensor> { y.Detach().Reshape(-1) };
        parts.AddRange(data.Take(c.Grads).Select(t => t.Grad!.Reshape(-1)));
        parts.AddRange(module.Parameters().Select(p => p.Grad!.Reshape(-1)));
        using (GradMode.NoGrad()) return Tensor.Cat(parts.ToArray(), 0);
    }

    /// <summary>generate_transformer.py: transformer layers with all their gradients.</summary>
    private static Dictionary<string, Func<Tensor[], Tensor>> TransformerGolden =>
        TransformerCases.ToDictionary(kv => kv.Key, kv => (Func<Tensor[], Tensor>)(x => RunModuleCase(kv.Value, x)));
}
