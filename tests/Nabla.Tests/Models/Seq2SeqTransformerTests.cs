using Nabla.Models.Seq2Seq;
using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Models;

public sealed class Seq2SeqTransformerTests
{
    private static TransformerSeq2Seq Small(int seed = 0, double dropout = 0) =>
        new(new TransformerSeq2SeqOptions(DigitVocabulary.Size, 16, 2, 1, 2, 32, dropout, 64), new Generator(seed));

    private static Seq2SeqBatch Batch(params string[] sources)
    {
        var task = new DigitTask(Seq2SeqTaskKind.Reverse, 1, 30);
        return Seq2SeqBatch.From(sources.Select(s => new Seq2SeqExample(DigitVocabulary.Encode(s), task.TargetOf(DigitVocabulary.Encode(s)))).ToList());
    }

    /// <summary>The spelled-out last decoder layer equals the library's decoder stack run with a causal mask and source padding.</summary>
    [Fact]
    public void TeacherForcedPassEqualsTheLibraryDecoder()
    {
        var model = Small();
        model.Eval();
        var batch = Batch("1234567", "89", "0123");
        var output = model.Forward(batch);
        var modules = model.NamedChildren().ToDictionary(c => c.Name, c => c.Module);
        var padding = batch.Source.Eq(DigitVocabulary.Pad);
        var memory = model.Transformer.Encoder.Forward(modules["positions"].Forward(modules["source_embedding"].Forward(batch.Source)), srcKeyPaddingMask: padding);
        var target = modules["positions"].Forward(modules["target_embedding"].Forward(batch.TargetInput));
        var hidden = model.Transformer.Decoder.Forward(target, memory, Transformer.GenerateSquareSubsequentMask(target.Size(1)), memoryKeyPaddingMask: padding);
        AssertClose(modules["output"].Forward(hidden), output.Logits);

        Assert.Equal([3, 8, 7], output.Attention!.Shape.ToArray());
        Assert.All(output.Attention.Sum(2).ToArray<float>(), s => Assert.Equal(1f, s, 5));
        Assert.Equal(0.0, output.Attention.Select(0, 1).Narrow(1, 2, 5).Abs().Sum().Item());
    }

    /// <summary>Step-by-step decoding with the true tokens gives the parallel pass's logits: the decoder is causal and the state carries the prefix.</summary>
    [Fact]
    public void SteppingEqualsTheParallelPass()
    {
        var model = Small(1);
        model.Eval();
        var batch = Batch("31415", "926", "53589");
        var parallel = model.Forward(batch);
        var state = model.Encode(batch.Source);
        for (int t = 0; t < batch.TargetInput.Size(1); t++)
        {
            var step = model.Decode(state, batch.TargetInput.Select(1, t));
            AssertClose(parallel.Logits.Select(1, t), step.Logits);
            AssertClose(parallel.Attention!.Select(1, t), step.Attention!);
            state = step.State;
        }
        // Scheduled sampling runs the sequential path; with ratio 1 drawn per step it equals teacher forcing.
        var sampled = model.Forward(batch.Source, batch.TargetInput, 0.999999, new Generator(0));
        AssertClose(parallel.Logits, sampled.Logits);
    }

    [Fact]
    public void GreedyEqualsBeamOfWidthOneAndFreeRunningFeedsItsTokens()
    {
        var model = Small(2);
        model.Eval();
        var batch = Batch("8675309", "42", "1618");
        var greedy = Seq2SeqDecoding.Greedy(model, batch.Source, maxLength: 8);
        var free = model.Forward(batch, 0.0).Logits.Argmax(2).ToArray<long>();
        for (int i = 0; i < 3; i++)
        {
            var beam = Seq2SeqDecoding.Beam(model, batch.Examples[i].Source, 1, maxLength: 8)[0];
            Assert.Equal(greedy[i].Tokens, beam.Tokens);
            Assert.Equal(greedy[i].LogProb, beam.LogProb, 4);
            AssertClose(greedy[i].Attention!, beam.Attention!);
            for (int j = 0; j < Math.Min(8, greedy[i].Tokens.Length); j++) Assert.Equal(greedy[i].Tokens[j], free[i * 8 + j]);
        }
    }

    [Fact]
    public void TrainingWithDropoutReducesTheLossAndEveryParameterLearns()
    {
        var model = Small(3, dropout: 0.1);
        var task = new DigitTask(Seq2SeqTaskKind.Reverse, 2, 4);
        var reports = new List<Seq2SeqProgress>();
        Seq2SeqTraining.Train(model, task, new Seq2SeqTrainingOptions(Steps: 40, BatchSize: 16, LearningRate: 3e-3, LogEvery: 20), progress: reports.Add);
        Assert.True(reports[1].Loss < reports[0].Loss, $"loss {reports[0].Loss} -> {reports[1].Loss}");
        Assert.False(model.Training);
        var batch = Batch("1234", "56");
        model.Train();
        Seq2SeqModel.MaskedLoss(model.Forward(batch).Logits, batch.TargetOutput).Backward();
        Assert.All(model.NamedParameters(), p => Assert.True(p.Parameter.Grad is not null, $"{p.Name} has no gradient"));
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerSeq2Seq(new TransformerSeq2SeqOptions(NumDecoderLayers: 0)));
        var model = Small();
        var batch = Batch("12");
        Assert.Contains("another model", Assert.Throws<ArgumentException>(() => model.Decode(Small().Encode(batch.Source), batch.TargetInput.Select(1, 0))).Message);
        Assert.Contains("[3]", Assert.Throws<ArgumentException>(() => model.Encode(Tensor.Zeros([3], DType.Int64))).Message);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-4)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        var e = expected.Detach().To(DType.Float64).Contiguous().ToArray<double>();
        var a = actual.Detach().To(DType.Float64).Contiguous().ToArray<double>();
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= tolerance * (1 + Math.Abs(e[i])), $"element {i}: expected {e[i]}, got {a[i]}");
    }
}
