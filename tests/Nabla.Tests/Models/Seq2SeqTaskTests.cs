using Nabla.Models.Seq2Seq;
using Xunit;

namespace Nabla.Tests.Models;

public sealed class Seq2SeqTaskTests
{
    [Fact]
    public void TargetsAreTheReverseOrTheSortedSource()
    {
        var source = DigitVocabulary.Encode("30912");
        Assert.Equal(DigitVocabulary.Encode("21903"), new DigitTask(Seq2SeqTaskKind.Reverse).TargetOf(source));
        Assert.Equal(DigitVocabulary.Encode("01239"), new DigitTask(Seq2SeqTaskKind.Sort).TargetOf(source));
        Assert.Equal("30912", DigitVocabulary.Decode(source));
        Assert.Equal("<s>7</s><pad>", DigitVocabulary.Decode([1, 10, 2, 0]));
        Assert.Equal(12, DigitVocabulary.Token(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitVocabulary.Token(10));
    }

    [Fact]
    public void GenerationIsSeededAndRespectsTheLengths()
    {
        var task = new DigitTask(Seq2SeqTaskKind.Sort, 5, 20);
        var a = task.Generate(300, 7);
        var b = task.Generate(300, 7);
        Assert.Equal(a.Select(DigitTask.Key), b.Select(DigitTask.Key));
        Assert.NotEqual(a.Select(DigitTask.Key), task.Generate(300, 8).Select(DigitTask.Key));
        Assert.All(a, e => Assert.InRange(e.Source.Length, 5, 20));
        Assert.Contains(a, e => e.Source.Length == 5);
        Assert.Contains(a, e => e.Source.Length == 20);
        Assert.All(a, e => Assert.Equal(e.Source.Order(), e.Target));
        Assert.All(a.SelectMany(e => e.Source), t => Assert.InRange(t, DigitVocabulary.FirstDigit, DigitVocabulary.Size - 1));
    }

    [Fact]
    public void SamplingSkipsExcludedSources()
    {
        var task = new DigitTask(Seq2SeqTaskKind.Reverse, 1, 1);
        var exclude = Enumerable.Range(0, 9).Select(d => d.ToString()).ToHashSet();
        var drawn = task.Sample(50, new Generator(1), exclude);
        Assert.All(drawn, e => Assert.Equal("9", DigitTask.Key(e)));
    }

    [Fact]
    public void BatchPadsSourcesAndShiftsTargets()
    {
        var batch = Seq2SeqBatch.From([new(DigitVocabulary.Encode("12"), DigitVocabulary.Encode("21")), new(DigitVocabulary.Encode("345"), DigitVocabulary.Encode("543"))]);
        Assert.Equal([2, 3], batch.Source.Shape.ToArray());
        Assert.Equal(new long[] { 4, 5, 0, 6, 7, 8 }, batch.Source.ToArray<long>());
        // BOS y PAD and y EOS PAD, T = longest target + 1.
        Assert.Equal(new long[] { 1, 5, 4, 0, 1, 8, 7, 6 }, batch.TargetInput.ToArray<long>());
        Assert.Equal(new long[] { 5, 4, 2, 0, 8, 7, 6, 2 }, batch.TargetOutput.ToArray<long>());
        Assert.Equal([2, 3], Seq2SeqDecoding.SourceLengths(batch.Source));
    }

    [Fact]
    public void InvalidTaskArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DigitTask(Seq2SeqTaskKind.Reverse, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DigitTask(Seq2SeqTaskKind.Reverse, 5, 4));
        Assert.Contains("'x'", Assert.Throws<ArgumentException>(() => DigitVocabulary.Encode("1x")).Message);
        Assert.Throws<ArgumentException>(() => Seq2SeqBatch.From([]));
        Assert.Throws<ArgumentException>(() => Seq2SeqBatch.From([new([], [])]));
    }

    [Fact]
    public void TeacherForcingSchedules()
    {
        Assert.Equal(0.8, TeacherForcingSchedule.Constant(0.8).Ratio(1000));
        var linear = TeacherForcingSchedule.Linear(1.0, 0.2, 100);
        Assert.Equal(1.0, linear.Ratio(0));
        Assert.Equal(0.6, linear.Ratio(50), 12);
        Assert.Equal(0.2, linear.Ratio(500), 12);
        // Inverse sigmoid ε_i = k / (k + exp(i / k)): k = 10 gives 10/11 at i = 0.
        var sigmoid = TeacherForcingSchedule.InverseSigmoid(10);
        Assert.Equal(10.0 / 11, sigmoid.Ratio(0), 12);
        Assert.Equal(10 / (10 + Math.E), sigmoid.Ratio(10), 12);
        Assert.Equal("inverse sigmoid k=10 from 1", sigmoid.Description);
        var mid = TeacherForcingSchedule.InverseSigmoidWithMidpoint(500, 0.9);
        Assert.Equal(0.45, mid.Ratio(500), 9);
        Assert.True(mid.Ratio(0) > 0.8 && mid.Ratio(2000) < 0.01);
        Assert.Throws<ArgumentOutOfRangeException>(() => TeacherForcingSchedule.Constant(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TeacherForcingSchedule.InverseSigmoid(0.5));
    }
}
