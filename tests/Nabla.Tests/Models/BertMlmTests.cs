using Nabla.Autograd;
using Nabla.Models.Text;
using Nabla.Text;
using Xunit;

namespace Nabla.Tests.Models;

/// <summary>The character BERT: vocabulary, BERT's masking statistics, the loss on chosen positions only, the tied head, and a short real-corpus run.</summary>
public class BertMlmTests
{
    private const int Length = 100, Rows = 2000, Characters = 100;

    /// <summary>Rows of [CLS], 98 random characters, [SEP]; every tenth row is [CLS], 38 characters, [SEP] and padding.</summary>
    private static long[] Sequences(int seed)
    {
        var g = new Generator(seed);
        var tokens = new long[Rows * Length];
        for (int r = 0; r < Rows; r++)
        {
            var row = tokens.AsSpan(r * Length, Length);
            int content = r % 10 == 9 ? 38 : Length - 2;
            row[0] = BertVocabulary.Cls;
            for (int i = 1; i <= content; i++) row[i] = g.NextInt64(BertVocabulary.FirstCharacter, BertVocabulary.FirstCharacter + Characters);
            row[content + 1] = BertVocabulary.Sep;
            row[(content + 2)..].Fill(BertVocabulary.Pad);
        }
        return tokens;
    }

    [Fact]
    public void MaskingChoosesFifteenPercentAndSplitsThemEightyTenTen()
    {
        var tokens = Sequences(1);
        var (inputs, labels) = BertMasking.Mask(tokens, Length, BertVocabulary.FirstCharacter + Characters, new Generator(2));
        long chosen = 0, masked = 0, replaced = 0, kept = 0;
        var perPosition = new int[Length];
        for (int r = 0; r < Rows; r++)
        {
            int rowChosen = 0, content = 0;
            for (int i = 0; i < Length; i++)
            {
                int at = r * Length + i;
                if (tokens[at] != BertVocabulary.Pad) content++;
                if (labels[at] == BertMasking.IgnoreIndex)
                {
                    Assert.Equal(tokens[at], inputs[at]);
                    continue;
                }
                Assert.False(BertVocabulary.IsSpecial(tokens[at]), $"row {r} position {i}: special token {tokens[at]} was chosen");
                Assert.Equal(tokens[at], labels[at]);
                rowChosen++;
                perPosition[i]++;
                if (inputs[at] == BertVocabulary.Mask) masked++;
                else if (inputs[at] == tokens[at]) kept++;
                else
                {
                    replaced++;
                    Assert.InRange(inputs[at], BertVocabulary.FirstCharacter, BertVocabulary.FirstCharacter + Characters - 1);
                }
            }
            // BERT: round(0.15 · sequence length without padding): 15 of 100, 6 of 40.
            Assert.Equal((int)Math.Round(0.15 * content, MidpointRounding.ToEven), rowChosen);
            chosen += rowChosen;
        }
        Assert.Equal(0.15, chosen / (double)tokens.Count(t => t != BertVocabulary.Pad), 2);
        // A random replacement equals the original with probability 1/100, so "kept" is 0.1 + 0.001 and "replaced" 0.099.
        Assert.InRange(masked / (double)chosen, 0.79, 0.81);
        Assert.InRange(replaced / (double)chosen, 0.092, 0.106);
        Assert.InRange(kept / (double)chosen, 0.094, 0.108);
        // Chosen uniformly over content positions: each of positions 1..38 is content in every row and chosen about 15% of the time.
        for (int i = 1; i <= 38; i++) Assert.InRange(perPosition[i] / (double)Rows, 0.13, 0.17);
        Assert.Equal(0, perPosition[0]);
    }

    [Fact]
    public void MaskingIsReproducibleWithASeedAndLeavesTheTokensAlone()
    {
        var tokens = Sequences(3);
        var copy = tokens.ToArray();
        var a = BertMasking.Mask(tokens, Length, 105, new Generator(4));
        var b = BertMasking.Mask(tokens, Length, 105, new Generator(4));
        var c = BertMasking.Mask(tokens, Length, 105, new Generator(5));
        Assert.Equal(a.Inputs, b.Inputs);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Labels, c.Labels);
        Assert.Equal(copy, tokens);
        var (ti, tl) = BertMasking.Mask(Tensor.FromArray(tokens, Rows, Length), 105, new Generator(4));
        Assert.Equal(a.Inputs, ti.ToArray<long>());
        Assert.Equal(a.Labels, tl.ToArray<long>());
        Assert.Equal([Rows, Length], ti.Shape.ToArray());
    }

    [Fact]
    public void MaskingRejectsBadArguments()
    {
        var ex = Assert.Throws<ArgumentException>(() => BertMasking.Mask(new long[10], 3, 50, new Generator(0)));
        Assert.Contains("10 tokens do not form rows of length 3", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => BertMasking.Mask(new long[10], 5, BertVocabulary.FirstCharacter, new Generator(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BertMasking.Mask(new long[10], 5, 50, new Generator(0), maskTokenFraction: 0.95, randomTokenFraction: 0.1));
        var bad = Assert.Throws<ArgumentException>(() => BertMasking.Mask(Tensor.Zeros(4), 50, new Generator(0)));
        Assert.Contains("int64 (N, L)", bad.Message);
    }

    [Fact]
    public void VocabularyPutsSpecialTokensFirst()
    {
        var v = BertVocabulary.FromText("banana!");
        Assert.Equal(BertVocabulary.FirstCharacter + 4, v.Count);
        Assert.Equal(['!', 'a', 'b', 'n'], v.Chars);
        Assert.Equal([7, 6, 8, 6], v.Encode("bana"));
        Assert.Equal(BertVocabulary.Unknown, v.IdOf('z'));
        Assert.Equal("[CLS]ban[MASK]n[UNK][SEP][PAD]", v.Decode([1, 7, 6, 8, 3, 8, 4, 2, 0]));
        Assert.True(BertVocabulary.IsSpecial(BertVocabulary.Mask));
        Assert.False(BertVocabulary.IsSpecial(BertVocabulary.Unknown));
        Assert.False(BertVocabulary.IsSpecial(BertVocabulary.FirstCharacter));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.TokenText(9));
    }

    private static BertMlm SmallModel(int seed = 6) =>
        new(BertVocabulary.FromText("abcdefghij "), new BertMlmConfig { Hidden = 16, Layers = 2, Heads = 2, Intermediate = 32, MaxLength = 12, Dropout = 0 }, new Generator(seed));

    [Fact]
    public void LossCountsTheChosenPositionsOnly()
    {
        var model = SmallModel();
        var v = model.Vocabulary;
        var tokens = new long[3 * 12];
        for (int r = 0; r < 3; r++)
        {
            tokens[r * 12] = BertVocabulary.Cls;
            v.Encode("abcdefghij").CopyTo(tokens, r * 12 + 1);
            tokens[r * 12 + 11] = BertVocabulary.Sep;
        }
        var (inputs, labels) = BertMasking.Mask(tokens, 12, v.Count, new Generator(7));
        var x = Tensor.FromArray(inputs, 3, 12);
        var loss = model.Loss(x, Tensor.FromArray(labels, 3, 12)).Item();
        var logp = model.Forward(x).LogSoftmax(-1).To(DType.Float64).ToArray<double>();
        double sum = 0;
        int count = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == BertMasking.IgnoreIndex) continue;
            sum -= logp[i * v.Count + labels[i]];
            count++;
        }
        Assert.Equal(6, count);
        Assert.Equal(sum / count, loss, 5);

        // Gradients reach the logits of chosen positions only.
        var logits = model.Forward(x).Detach().RequiresGrad_();
        Nabla.Nn.Functional.CrossEntropy(logits.Reshape(-1, v.Count), Tensor.FromArray(labels, labels.Length)).Backward();
        var g = logits.Grad!.Reshape(-1, v.Count).Abs().Sum(1).ToArray<float>();
        for (int i = 0; i < labels.Length; i++)
            Assert.Equal(labels[i] != BertMasking.IgnoreIndex, g[i] > 0);
    }

    [Fact]
    public void HeadDecoderIsTiedToTheTokenEmbedding()
    {
        var model = SmallModel();
        var names = model.NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("token_embedding.weight", names);
        Assert.Contains("encoder.layers.1.self_attn.in_proj_weight", names);
        Assert.Contains("head_bias", names);
        Assert.DoesNotContain(names, n => n.Contains("decoder", StringComparison.Ordinal));
        Assert.Equal("gelu_tanh", model.Encoder.Layers[0].Activation);
        Assert.False(model.Encoder.Layers[0].NormFirst);
        // The head's output changes when the embedding changes, even with the encoder's output fixed.
        var hidden = Tensor.Randn([2, 16], DType.Float32, new Generator(8));
        var before = model.Logits(hidden).ToArray<float>();
        using (GradMode.NoGrad()) model.TokenEmbedding.Mul_(2);
        Assert.NotEqual(before, model.Logits(hidden).ToArray<float>());
        var ids = Tensor.FromArray(new long[] { 1, 5, 6, 3, 7, 2, 0, 0 }, 2, 4);
        Assert.Equal([2, 4, model.Vocabulary.Count], model.Forward(ids).Shape.ToArray());
    }

    [Fact]
    public void FillBlanksKeepsTheTextAndFillsEveryBlankWithACharacter()
    {
        var model = SmallModel();
        model.Train();
        var filled = model.FillBlanks("ab_d_fg");
        Assert.Equal(7, filled.Length);
        Assert.Equal("ab", filled[..2]);
        Assert.Equal('d', filled[3]);
        Assert.Equal("fg", filled[5..]);
        Assert.Contains(filled[2], model.Vocabulary.Chars);
        Assert.True(model.Training);
        var ex = Assert.Throws<ArgumentException>(() => model.FillBlanks("abcdefghijk"));
        Assert.Contains("sequence length 13", ex.Message);
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(2, 3)));
    }

    [Fact]
    public void ShortFortunesRunBeatsTheUnigramEntropy()
    {
        var options = new BertMlmOptions
        {
            Model = new BertMlmConfig { Hidden = 64, Layers = 1, Heads = 4, Intermediate = 256, MaxLength = 16, Dropout = 0 },
            LearningRate = 5e-3,
            ValidationSequences = 1024,
        };
        var result = BertMlm.Train(FortunesCorpus.Load(), steps: 300, batchSize: 64, seqLength: 16, seed: 1, options);
        Assert.InRange(result.UnigramEntropy, 3.2, 3.4);
        Assert.Equal(1024 * 2, result.Validation.MaskedTokens);
        Assert.True(result.Validation.Loss < result.UnigramEntropy - 0.15,
            $"validation masked loss {result.Validation.Loss:F3} nats is not clearly below the unigram entropy {result.UnigramEntropy:F3}");
        Assert.True(result.Validation.Accuracy > 0.2, $"validation accuracy {result.Validation.Accuracy:P1}");
        Assert.Equal(300, result.TrainLosses.Length);
    }
}
