using System.Diagnostics;
using Nabla.Models.Seq2Seq;
using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Models;

public sealed class Seq2SeqTrainingTests
{
    /// <summary>
    /// A few seconds of training on short reverse strings: with attention the model reverses held-out strings it has
    /// never seen, and beam search (ranking by raw log-probability, α = 0) never returns a sequence less likely than
    /// greedy's.
    /// </summary>
    [Fact]
    public void AttentionLearnsToReverseShortStrings()
    {
        var task = new DigitTask(Seq2SeqTaskKind.Reverse, 3, 7);
        var test = task.Generate(100, 99);
        var model = new RnnSeq2Seq(new RnnSeq2SeqOptions(DigitVocabulary.Size, 16, 32, RecurrentMode.Gru, true, AttentionKind.Bahdanau), new Generator(0));
        var clock = Stopwatch.StartNew();
        var reports = new List<Seq2SeqProgress>();
        var last = Seq2SeqTraining.Train(model, task, new Seq2SeqTrainingOptions(Steps: 150, BatchSize: 32, LearningRate: 1e-2, LogEvery: 50),
            test.Select(DigitTask.Key).ToHashSet(), reports.Add);
        Assert.Equal([50, 100, 150], reports.Select(r => r.Step));
        Assert.Same(reports[^1], last);
        Assert.True(last.Loss < reports[0].Loss / 4, $"loss {reports[0].Loss} -> {last.Loss}");

        var scores = Seq2SeqTraining.Evaluate(model, test, beamWidth: 3, alpha: 0);
        Assert.True(scores.GreedyExact >= 0.9, $"greedy exact match {scores.GreedyExact} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(scores.BeamExact >= 0.9, $"beam exact match {scores.BeamExact}");
        Assert.Equal(1.0, scores.BeamNotWorse);
        Assert.True(scores.GreedyToken >= scores.GreedyExact);
        // Bands of 4 source lengths from the shortest (3): 3-6 and 7.
        Assert.Equal([(3, 6), (7, 7)], scores.ByLength.Select(b => (b.MinLength, b.MaxLength)));
        Assert.Equal(100, scores.ByLength.Sum(b => b.Count));
        Assert.Equal(scores.GreedyExact, scores.ByLength.Sum(b => b.GreedyExact * b.Count) / 100, 12);
        Assert.All(scores.ByLength, b => Assert.NotNull(b.BeamExact));

        // The attention of a reversal is the anti-diagonal: output step j looks mostly at input position L − 1 − j,
        // give or take one (a bidirectional encoder's output at a position also knows its neighbours).
        var example = test.First(e => e.Source.Length == 7);
        var decoded = Seq2SeqDecoding.Greedy(model, Seq2SeqBatch.From([example]).Source)[0];
        var peaks = decoded.Attention!.Narrow(0, 0, 7).Argmax(1).ToArray<long>();
        Assert.True(peaks.Select((p, j) => Math.Abs(p - (6 - j)) <= 1).All(x => x), $"attention peaks {string.Join(",", peaks)}");
    }

    [Fact]
    public void ScoreCountsExactMatchesAndTokens()
    {
        var examples = new List<Seq2SeqExample> { new([3, 4], [4, 3]), new([5, 6, 7], [7, 6, 5]) };
        var outputs = new List<DecodedSequence>
        {
            new([4, 3], true, -0.1, -0.1, null),
            new([7, 6, 5], false, -0.1, -0.1, null),
        };
        var (exact, token) = Seq2SeqTraining.Score(examples, outputs);
        Assert.Equal(0.5, exact);
        // 3 of 3 positions (EOS included) right in the first, 3 of 4 in the second (no EOS).
        Assert.Equal(6 / 7.0, token, 12);
    }
}
