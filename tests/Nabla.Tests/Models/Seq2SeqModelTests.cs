using Nabla.Models.Seq2Seq;
using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Models;

public sealed class Seq2SeqModelTests
{
    public static TheoryData<AttentionKind, RecurrentMode> Variants() => new()
    {
        { AttentionKind.None, RecurrentMode.Gru },
        { AttentionKind.Bahdanau, RecurrentMode.Gru },
        { AttentionKind.LuongDot, RecurrentMode.Lstm },
        { AttentionKind.LuongGeneral, RecurrentMode.Gru },
        { AttentionKind.Bahdanau, RecurrentMode.Lstm },
    };

    [Theory]
    [InlineData(AttentionKind.LuongDot)]
    [InlineData(AttentionKind.None)]
    public void UnidirectionalEncoderFeedsTheDecoder(AttentionKind attention)
    {
        var model = Small(attention, RecurrentMode.Lstm, bidirectional: false);
        Assert.Equal(6, model.HiddenSize);
        var batch = Batch("2718281", "828");
        var output = model.Forward(batch, 0.5, new Generator(2));
        Assert.Equal([2, 8, DigitVocabulary.Size], output.Logits.Shape.ToArray());
        Seq2SeqModel.MaskedLoss(output.Logits, batch.TargetOutput).Backward();
        Assert.All(model.NamedParameters(), p => Assert.True(p.Parameter.Grad is not null, $"{p.Name} has no gradient"));
    }

    private static RnnSeq2Seq Small(AttentionKind attention, RecurrentMode cell = RecurrentMode.Gru, bool bidirectional = true, int seed = 0) =>
        new(new RnnSeq2SeqOptions(DigitVocabulary.Size, 8, 6, cell, bidirectional, attention), new Generator(seed));

    private static Seq2SeqBatch Batch(params string[] sources)
    {
        var task = new DigitTask(Seq2SeqTaskKind.Reverse, 1, 30);
        return Seq2SeqBatch.From(sources.Select(s => new Seq2SeqExample(DigitVocabulary.Encode(s), task.TargetOf(DigitVocabulary.Encode(s)))).ToList());
    }

    [Fact]
    public void MaskedLossIgnoresPadding()
    {
        var batch = Batch("1234", "56", "7");
        var logits = TestUtil.Leaf(3, 3, 5, DigitVocabulary.Size);
        var loss = Seq2SeqModel.MaskedLoss(logits, batch.TargetOutput);

        // By hand: the mean of −log softmax at the 5 + 3 + 2 real target positions.
        var logp = logits.Detach().LogSoftmax(2).ToArray<double>();
        var targets = batch.TargetOutput.ToArray<long>();
        double sum = 0;
        int count = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            if (targets[i] == DigitVocabulary.Pad) continue;
            sum -= logp[i * DigitVocabulary.Size + (int)targets[i]];
            count++;
        }
        Assert.Equal(10, count);
        Assert.Equal(sum / count, loss.Item(), 12);

        // Changing the logits at padded positions changes neither the loss nor the gradient elsewhere; their gradient is zero.
        loss.Backward();
        var grad = logits.Grad!.ToArray<double>();
        var padMask = batch.TargetOutput.Eq(DigitVocabulary.Pad).Unsqueeze(2);
        var noisy = Tensor.Where(padMask, logits.Detach() * 100 + 7, logits.Detach()).RequiresGrad_();
        var loss2 = Seq2SeqModel.MaskedLoss(noisy, batch.TargetOutput);
        Assert.Equal(loss.Item(), loss2.Item(), 12);
        loss2.Backward();
        Assert.Equal(grad, noisy.Grad!.ToArray<double>());
        for (int i = 0; i < targets.Length; i++)
            if (targets[i] == DigitVocabulary.Pad)
                Assert.All(grad.AsSpan(i * DigitVocabulary.Size, DigitVocabulary.Size).ToArray(), g => Assert.Equal(0.0, g));
        Assert.Contains("[3, 5]", Assert.Throws<ArgumentException>(() => Seq2SeqModel.MaskedLoss(logits.Select(2, 0), batch.TargetOutput)).Message);
    }

    [Theory]
    [InlineData(RecurrentMode.Gru, true)]
    [InlineData(RecurrentMode.Lstm, true)]
    [InlineData(RecurrentMode.Lstm, false)]
    public void PaddedEncodingEqualsEncodingEachSourceAlone(RecurrentMode cell, bool bidirectional)
    {
        var encoder = new RnnEncoder(DigitVocabulary.Size, 5, 4, cell, bidirectional, new Generator(3));
        var batch = Batch("90817", "23", "456");
        var together = encoder.Encode(batch.Source);
        Assert.Equal(bidirectional ? 8 : 4, encoder.OutputSize);
        Assert.Equal([3, 5, encoder.OutputSize], together.Outputs.Shape.ToArray());
        Assert.Equal([3, 5, encoder.OutputSize], encoder.Forward(batch.Source).Shape.ToArray());
        Assert.Equal(new[] { true, true, true, true, true, true, true, false, false, false, true, true, true, false, false }, together.Mask.ToArray<bool>());
        for (int i = 0; i < 3; i++)
        {
            var alone = encoder.Encode(Seq2SeqBatch.From([batch.Examples[i]]).Source);
            int length = batch.Examples[i].Source.Length;
            AssertClose(alone.FinalH, together.FinalH.Narrow(0, i, 1));
            if (cell == RecurrentMode.Lstm) AssertClose(alone.FinalC!, together.FinalC!.Narrow(0, i, 1));
            else Assert.Null(together.FinalC);
            AssertClose(alone.Outputs, together.Outputs.Narrow(0, i, 1).Narrow(1, 0, length));
            Assert.All(together.Outputs.Select(0, i).Narrow(0, length, 5 - length).ToArray<float>(), v => Assert.Equal(0f, v));
        }
        // The backward half of the final state is the backward cell after reading each source's first token: the
        // backward half of the output at position 0.
        if (bidirectional) AssertClose(together.Outputs.Select(1, 0).Narrow(1, 4, 4), together.FinalH.Narrow(1, 4, 4));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void TeacherForcingAndFreeRunningGiveTheSameShapes(AttentionKind attention, RecurrentMode cell)
    {
        var model = Small(attention, cell);
        var batch = Batch("1234567", "89", "0123");
        foreach (double ratio in new[] { 1.0, 0.5, 0.0 })
        {
            var output = model.Forward(batch, ratio, new Generator(1));
            Assert.Equal([3, 8, DigitVocabulary.Size], output.Logits.Shape.ToArray());
            if (attention == AttentionKind.None)
            {
                Assert.Null(output.Attention);
                continue;
            }
            Assert.Equal([3, 8, 7], output.Attention!.Shape.ToArray());
            var sums = output.Attention.Sum(2).ToArray<float>();
            Assert.All(sums, s => Assert.Equal(1f, s, 5));
            // No weight on padding: the second source has 2 tokens, the third 4.
            Assert.Equal(0.0, output.Attention.Select(0, 1).Narrow(1, 2, 5).Abs().Sum().Item());
            Assert.Equal(0.0, output.Attention.Select(0, 2).Narrow(1, 4, 3).Abs().Sum().Item());
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void FreeRunningFeedsBackTheGreedyTokens(AttentionKind attention, RecurrentMode cell)
    {
        var model = Small(attention, cell, seed: 5);
        var batch = Batch("31415", "926", "5358979");
        var free = model.Forward(batch, 0.0).Logits.Argmax(2).ToArray<long>();
        int t = batch.TargetInput.Size(1);
        var greedy = Seq2SeqDecoding.Greedy(model, batch.Source, maxLength: t);
        for (int i = 0; i < 3; i++)
        {
            var g = greedy[i];
            int upto = Math.Min(t, g.Tokens.Length + (g.Ended ? 1 : 0));
            for (int j = 0; j < upto; j++)
                Assert.Equal(j < g.Tokens.Length ? g.Tokens[j] : DigitVocabulary.Eos, free[i * t + j]);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void BatchedGreedyEqualsBeamOfWidthOne(AttentionKind attention, RecurrentMode cell)
    {
        var model = Small(attention, cell, seed: 2);
        var batch = Batch("8675309", "42", "1618");
        var greedy = Seq2SeqDecoding.Greedy(model, batch.Source, maxLength: 9);
        for (int i = 0; i < 3; i++)
        {
            var beam = Seq2SeqDecoding.Beam(model, batch.Examples[i].Source, 1, maxLength: 9);
            Assert.Single(beam);
            Assert.Equal(greedy[i].Tokens, beam[0].Tokens);
            Assert.Equal(greedy[i].Ended, beam[0].Ended);
            Assert.Equal(greedy[i].LogProb, beam[0].LogProb, 4);
            Assert.Equal(greedy[i].Score, beam[0].Score, 4);
            if (attention == AttentionKind.None) Assert.Null(beam[0].Attention);
            else
            {
                int rows = greedy[i].Tokens.Length + (greedy[i].Ended ? 1 : 0);
                Assert.Equal([rows, batch.Examples[i].Source.Length], greedy[i].Attention!.Shape.ToArray());
                AssertClose(greedy[i].Attention!, beam[0].Attention!);
            }
        }
    }

    [Fact]
    public void ModuleForwardReturnsGreedyTokensPaddedAfterEos()
    {
        var model = Small(AttentionKind.Bahdanau);
        var batch = Batch("123", "4567");
        var tokens = model.Forward(batch.Source);
        var greedy = Seq2SeqDecoding.Greedy(model, batch.Source);
        Assert.Equal(2, tokens.Size(0));
        for (int i = 0; i < 2; i++)
        {
            var row = tokens.Select(0, i).ToArray<long>();
            Assert.Equal(greedy[i].Tokens.Select(t => (long)t), row.Take(greedy[i].Tokens.Length));
            if (greedy[i].Ended) Assert.Equal(DigitVocabulary.Eos, row[greedy[i].Tokens.Length]);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryParameterGetsAGradient(AttentionKind attention, RecurrentMode cell)
    {
        var model = Small(attention, cell);
        var batch = Batch("1234", "567");
        Seq2SeqModel.MaskedLoss(model.Forward(batch).Logits, batch.TargetOutput).Backward();
        foreach (var (name, p) in model.NamedParameters())
        {
            Assert.True(p.Grad is not null, $"{name} has no gradient");
            if (!name.Contains("embedding")) Assert.True(p.Grad!.Abs().Sum().Item() > 0, $"{name} has a zero gradient");
        }
        // The PAD rows of both embeddings stay fixed.
        Assert.Equal(0.0, model.Encoder.NamedParameters().First(p => p.Name == "embedding.weight").Parameter.Grad!.Select(0, DigitVocabulary.Pad).Abs().Sum().Item());
    }

    [Fact]
    public void AttentionScoresMatchTheirFormulas()
    {
        var g = new Generator(4);
        var keys = Tensor.Randn([2, 3, 4], DType.Float32, g);
        var query = Tensor.Randn([2, 4], DType.Float32, g);
        var mask = Tensor.FromArray(new[] { true, true, false, true, true, true }, 2, 3);
        var dot = new Seq2SeqAttention(AttentionKind.LuongDot, 4, 4);
        var (context, weights) = dot.Attend(query, keys, dot.PrepareKeys(keys), mask);
        // Dot: e_s = q·k_s; masked position 2 of row 0 gets weight 0.
        var e = keys.MatMul(query.Unsqueeze(2)).Squeeze(2).MaskedFill(mask.LogicalNot(), double.NegativeInfinity).Softmax(1);
        AssertClose(e, weights);
        Assert.Equal(0f, weights[0, 2].Item<float>());
        AssertClose(weights.Unsqueeze(2).Mul(keys).Sum(1), context);

        var general = new Seq2SeqAttention(AttentionKind.LuongGeneral, 4, 4, generator: g);
        var w = general.NamedParameters().Single().Parameter;
        AssertClose(keys.MatMul(w.T).MatMul(query.Unsqueeze(2)).Squeeze(2), general.Scores(query, general.PrepareKeys(keys)));

        var additive = new Seq2SeqAttention(AttentionKind.Bahdanau, 4, 4, attentionSize: 5, generator: g);
        var p = additive.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter);
        var expected = (keys.MatMul(p["key.weight"].T) + (query.MatMul(p["query.weight"].T) + p["query.bias"]).Unsqueeze(1)).Tanh().MatMul(p["v"]);
        AssertClose(expected, additive.Scores(query, additive.PrepareKeys(keys)));

        // Module.Forward is self-attention: position i of the output is the context for query k_i.
        var self = additive.Forward(keys);
        AssertClose(additive.Attend(keys.Select(1, 1), keys, additive.PrepareKeys(keys), Tensor.Ones([2, 3], DType.Bool)).Context, self.Select(1, 1));

        Assert.Contains("equal query and key sizes", Assert.Throws<ArgumentException>(() => new Seq2SeqAttention(AttentionKind.LuongDot, 4, 6)).Message);
        Assert.Throws<ArgumentException>(() => new Seq2SeqAttention(AttentionKind.None, 4, 4));
        Assert.Contains("[2, 3, 5]", Assert.Throws<ArgumentException>(() => dot.PrepareKeys(Tensor.Zeros(2, 3, 5))).Message);
    }

    [Fact]
    public void InvalidInputsAreRejected()
    {
        var model = Small(AttentionKind.Bahdanau);
        var batch = Batch("12");
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(batch, 1.5));
        Assert.Contains("[1, 2]", Assert.Throws<ArgumentException>(() => model.Forward(batch.Source, batch.TargetInput.Select(0, 0))).Message);
        Assert.Throws<ArgumentException>(() => Seq2SeqDecoding.Beam(model, [], 2));
        Assert.Throws<ArgumentException>(() => new RnnEncoder(13, 4, 4, RecurrentMode.RnnTanh));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RnnSeq2Seq(new RnnSeq2SeqOptions(VocabularySize: 3)));
        Assert.Contains("another model", Assert.Throws<ArgumentException>(() => model.Decode(Small(AttentionKind.Bahdanau).Encode(batch.Source), batch.TargetInput.Select(1, 0))).Message);
        Assert.Contains("N = 1 rows", Assert.Throws<ArgumentException>(() => model.Decode(model.Encode(batch.Source), Tensor.Zeros([2], DType.Int64))).Message);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        var e = expected.Detach().To(DType.Float64).Contiguous().ToArray<double>();
        var a = actual.Detach().To(DType.Float64).Contiguous().ToArray<double>();
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= tolerance * (1 + Math.Abs(e[i])), $"element {i}: expected {e[i]}, got {a[i]}");
    }
}
