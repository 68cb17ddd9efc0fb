using System.Diagnostics;
using Nabla.Models.Text;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Text;
using Xunit;
using Xunit.Abstractions;

namespace Nabla.Tests.Models;

/// <summary>The nanoGPT-style <see cref="Gpt"/>: layout, state-dict names, causality, sampling and a short training run.</summary>
public class GptTests(ITestOutputHelper output)
{
    private static GptConfig Tiny(bool tie = false, double dropout = 0) =>
        new() { VocabSize = 13, BlockSize = 8, NLayer = 2, NHead = 2, NEmbd = 16, TieWeights = tie, Dropout = dropout };

    private static Tensor Tokens(int seed, int n, int l, int vocab = 13) => Tensor.Randint(0, vocab, [n, l], generator: new Generator(seed));

    [Fact]
    public void StateDictNamesAreNanoGpts()
    {
        var names = new Gpt(Tiny() with { NLayer = 1 }).StateDict().Keys.ToList();
        Assert.Equal(
        [
            "transformer.wte.weight", "transformer.wpe.weight",
            "transformer.h.0.ln_1.weight", "transformer.h.0.ln_1.bias",
            "transformer.h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.bias",
            "transformer.h.0.attn.c_proj.weight", "transformer.h.0.attn.c_proj.bias",
            "transformer.h.0.ln_2.weight", "transformer.h.0.ln_2.bias",
            "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_fc.bias",
            "transformer.h.0.mlp.c_proj.weight", "transformer.h.0.mlp.c_proj.bias",
            "transformer.ln_f.weight", "transformer.ln_f.bias", "lm_head.weight",
        ], names);
        var state = new Gpt(Tiny()).StateDict();
        Assert.Equal(new Shape(48, 16), state["transformer.h.1.attn.c_attn.weight"].Shape);
        Assert.Equal(new Shape(64, 16), state["transformer.h.1.mlp.c_fc.weight"].Shape);
        Assert.Equal(new Shape(13, 16), state["lm_head.weight"].Shape);
        Assert.Equal(new Shape(8, 16), state["transformer.wpe.weight"].Shape);
    }

    [Fact]
    public void ParameterCountFollowsTheLayout()
    {
        // Per block 12·d² + 13·d (LayerNorms 4d, c_attn 3d² + 3d, c_proj d² + d, c_fc 4d² + 4d, mlp.c_proj 4d² + d).
        var config = new GptConfig { VocabSize = 65, BlockSize = 256, NLayer = 3, NHead = 4, NEmbd = 64 };
        var model = new Gpt(config);
        long blocks = 3L * (12 * 64 * 64 + 13 * 64);
        long total = blocks + 65 * 64 + 256 * 64 + 2 * 64 + 65 * 64;
        Assert.Equal(total, model.ParameterCount(nonEmbedding: false));
        Assert.Equal(total - 256 * 64, model.ParameterCount());
        Assert.Equal(total - 65 * 64, new Gpt(config with { TieWeights = true }).ParameterCount(nonEmbedding: false));
    }

    [Fact]
    public void InitialisationIsNanoGpts()
    {
        var model = new Gpt(new GptConfig { VocabSize = 50, BlockSize = 64, NLayer = 2, NHead = 4, NEmbd = 128 }, new Generator(3));
        var state = model.StateDict();
        double Std(string name) => state[name].To(DType.Float64).Std().Item();
        Assert.InRange(Std("transformer.h.0.mlp.c_fc.weight"), 0.019, 0.021);
        Assert.InRange(Std("transformer.wte.weight"), 0.018, 0.022);
        Assert.InRange(Std("transformer.h.1.attn.c_proj.weight"), 0.9 * 0.01, 1.1 * 0.01);
        Assert.InRange(Std("transformer.h.1.mlp.c_proj.weight"), 0.9 * 0.01, 1.1 * 0.01);
        Assert.Equal(0.0, state["transformer.h.0.attn.c_attn.bias"].Abs().Max().Item());
        Assert.Equal(1.0, state["transformer.ln_f.weight"].Min().Item());
    }

    [Fact]
    public void TiedHeadSharesTheTokenEmbedding()
    {
        var model = new Gpt(Tiny(tie: true));
        var state = model.StateDict();
        Assert.Same(state["transformer.wte.weight"], state["lm_head.weight"]);
        Assert.Same(model.Wte, model.LmHead.Weight);
        Assert.Equal(model.Parameters().Count(), model.NamedParameters().Select(p => p.Name).Distinct().Count());
        var tokens = Tokens(1, 2, 5);
        model.Forward(tokens).Sum().Backward();
        Assert.NotNull(model.Wte.Grad);
    }

    [Fact]
    public void ForwardGivesLogitsAndIsCausal()
    {
        var model = new Gpt(Tiny(), new Generator(5));
        var tokens = Tokens(2, 3, 8);
        var logits = model.Forward(tokens);
        Assert.Equal(new Shape(3, 8, 13), logits.Shape);
        var ids = tokens.ToArray<long>();
        ids[5] = (ids[5] + 1) % 13;
        var again = model.Forward(Tensor.FromArray(ids, 3, 8));
        // Positions before the changed one see the same context.
        Assert.Equal(logits[0, ..5].ToArray<float>(), again[0, ..5].ToArray<float>());
        Assert.NotEqual(logits[0, 5].ToArray<float>(), again[0, 5].ToArray<float>());
        Assert.Equal(logits[1..].ToArray<float>(), again[1..].ToArray<float>());
    }

    [Fact]
    public void RejectsSequencesLongerThanTheBlockAndBadConfigs()
    {
        var model = new Gpt(Tiny());
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(Tokens(1, 1, 9)));
        Assert.Contains("block size", ex.Message);
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(2, 3)));
        Assert.Throws<ArgumentException>(() => new Gpt(Tiny() with { NHead = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Gpt(Tiny() with { VocabSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(Tokens(1, 1, 2), 3, temperature: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(Tokens(1, 1, 2), 3, topK: 0));
    }

    /// <summary>Greedy decoding by hand: argmax of the last position's logits, the context cropped to the block.</summary>
    private static long[] Greedy(Gpt model, long[] prompt, int steps)
    {
        var ids = prompt.ToList();
        for (int i = 0; i < steps; i++)
        {
            var context = ids.Skip(Math.Max(0, ids.Count - model.Config.BlockSize)).ToArray();
            var logits = model.Forward(Tensor.FromArray(context, 1, context.Length));
            ids.Add(logits[0, context.Length - 1].Argmax().Item<long>());
        }
        return [.. ids];
    }

    [Fact]
    public void ZeroTemperatureAndTopOneAreGreedyAndCropTheContext()
    {
        var model = new Gpt(Tiny(), new Generator(7));
        long[] prompt = [1, 2, 3, 4, 5];
        var expected = Greedy(model, prompt, 12);
        var greedy = model.Generate(Tensor.FromArray(prompt), 12, temperature: 0);
        Assert.Equal(new Shape(17), greedy.Shape);
        Assert.Equal(expected, greedy.ToArray<long>());
        Assert.Equal(expected, model.Generate(Tensor.FromArray(prompt), 12, temperature: 1.5, topK: 1, generator: new Generator(1)).ToArray<long>());
        Assert.Equal(expected, model.Generate(Tensor.FromArray(prompt), 12, temperature: 1e-6, generator: new Generator(2)).ToArray<long>());
    }

    [Fact]
    public void SamplingIsSeededAndTopKRestrictsTheSupport()
    {
        var model = new Gpt(Tiny(), new Generator(8));
        var prompt = Tokens(3, 2, 3);
        var a = model.Generate(prompt, 20, temperature: 2, generator: new Generator(11)).ToArray<long>();
        var b = model.Generate(prompt, 20, temperature: 2, generator: new Generator(11)).ToArray<long>();
        var c = model.Generate(prompt, 20, temperature: 2, generator: new Generator(12)).ToArray<long>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        const int k = 3;
        var sampled = model.Generate(prompt, 20, temperature: 5, topK: k, generator: new Generator(13));
        Assert.Equal(new Shape(2, 23), sampled.Shape);
        var ids = sampled.ToArray<long>();
        for (int row = 0; row < 2; row++)
            for (int t = 3; t < 23; t++)
            {
                int start = Math.Max(0, t - 8);
                var context = sampled[row, start..t].Unsqueeze(0);
                var logits = model.Forward(context)[0, t - start - 1].ToArray<float>();
                float kth = logits.OrderDescending().ElementAt(k - 1);
                Assert.True(logits[ids[row * 23 + t]] >= kth, $"row {row} step {t}: token outside the top {k}");
            }
    }

    [Fact]
    public void DropoutActsOnlyInTraining()
    {
        var model = new Gpt(Tiny(dropout: 0.3), new Generator(9));
        var tokens = Tokens(4, 2, 8);
        var train1 = model.Forward(tokens).ToArray<float>();
        var train2 = model.Forward(tokens).ToArray<float>();
        Assert.NotEqual(train1, train2);
        model.Eval();
        Assert.Equal(model.Forward(tokens).ToArray<float>(), model.Forward(tokens).ToArray<float>());
        model.Forward(tokens).Sum().Backward();
    }

    [Fact]
    public void TrainsOnASliceOfTheFortunes()
    {
        Assert.True(Directory.Exists(FortunesCorpus.DefaultDirectory),
            $"{FortunesCorpus.DefaultDirectory} is missing: install the Debian package with `apt-get install -y fortunes`.");
        var text = FortunesCorpus.Load()[..40_000];
        var vocab = CharVocabulary.FromText(text);
        var windows = new RandomWindows(vocab.EncodeToArray(text), 32, 16, new Generator(0));
        var model = new Gpt(new GptConfig { VocabSize = vocab.Count, BlockSize = 32, NLayer = 2, NHead = 2, NEmbd = 48 }, new Generator(0));
        var optimizer = new AdamW(model.Parameters(), lr: 3e-3);
        var losses = new List<double>();
        var sw = Stopwatch.StartNew();
        for (int step = 0; step < 80; step++)
        {
            using var scope = TensorScope.Begin();
            var (inputs, targets) = windows.Next();
            optimizer.ZeroGrad();
            var logits = model.Forward(inputs);
            var loss = Functional.CrossEntropy(logits.Reshape(-1, vocab.Count), targets.Reshape(-1));
            loss.Backward();
            optimizer.Step();
            losses.Add(loss.Item());
        }
        double first = losses.Take(5).Average(), last = losses.TakeLast(10).Average();
        output.WriteLine($"vocabulary {vocab.Count}: loss {first:F3} -> {last:F3} in 80 steps ({sw.ElapsedMilliseconds} ms)");
        Assert.InRange(first, Math.Log(vocab.Count) - 0.3, Math.Log(vocab.Count) + 0.3);
        Assert.True(last < first - 1.0, $"loss did not drop: {first:F3} -> {last:F3}");
        model.Eval();
        var sample = vocab.Decode(model.Generate(vocab.Encode("The ").Unsqueeze(0), 40, temperature: 0.8, topK: 10, generator: new Generator(1))[0]);
        output.WriteLine(sample);
        Assert.StartsWith("The ", sample);
    }
}
