using Nabla.Models.Seq2Seq;
using Xunit;

namespace Nabla.Tests.Models;

/// <summary>The generic beam search on fixed toy distributions (curriculum seed003-004 §30, B20).</summary>
public sealed class Seq2SeqBeamSearchTests
{
    private const int A = 0, B = 1;

    /// <summary>
    /// A language model given as a table from prefix to next-token probabilities. The state of a hypothesis is the
    /// prefix it has consumed; the start token is not part of it.
    /// </summary>
    private sealed class TableModel(Func<string, double[]> next, int start = -1)
    {
        public int Calls { get; private set; }

        public (Tensor LogProbs, string[] State, Tensor? Attention) Step(string[] prefixes, int[] last)
        {
            Calls++;
            var consumed = prefixes.Select((p, i) => last[i] == start ? p : p + (char)('A' + last[i])).ToArray();
            var rows = consumed.Select(next).ToArray();
            var flat = rows.SelectMany(r => r.Select(p => Math.Log(p))).ToArray();
            return (Tensor.FromArray(flat, rows.Length, rows[0].Length), consumed, null);
        }

        public static string[] Select(string[] prefixes, int[] rows) => rows.Select(r => prefixes[r]).ToArray();
    }

    /// <summary>B20: p(A) = 0.6, p(B) = 0.4; p(·|A) = {0.5, 0.5}; p(·|B) = {0.9, 0.1}; fixed length 2, no EOS.</summary>
    private static double[] B20(string prefix) => prefix switch
    {
        "" => [0.6, 0.4],
        "A" => [0.5, 0.5],
        "B" => [0.9, 0.1],
        _ => throw new InvalidOperationException($"B20 has no continuation of '{prefix}'"),
    };

    private static List<DecodedSequence> Run(Func<string, double[]> table, int width, int maxLength, int? eos, double alpha = 1.0)
    {
        var model = new TableModel(table);
        return BeamSearch.Search(new[] { "" }, model.Step, TableModel.Select, width, maxLength, -1, eos, alpha);
    }

    [Fact]
    public void GreedyOnB20PicksAAWithJointProbabilityPoint3()
    {
        var best = Run(B20, 1, 2, null)[0];
        Assert.Equal([A, A], best.Tokens);
        Assert.False(best.Ended);
        Assert.Equal(-1.2039728043259361, best.LogProb, 14);
        Assert.Equal(-0.6019864021629681, best.Score, 14);
    }

    [Fact]
    public void BeamOfWidth2OnB20FindsBAWhichBeatsGreedy()
    {
        var results = Run(B20, 2, 2, null);
        var best = results[0];
        Assert.Equal([B, A], best.Tokens);
        Assert.Equal(-1.0216512475319814, best.LogProb, 14);
        Assert.Equal(-0.5108256237659907, best.Score, 14);
        // The other survivor of the k² = 4 candidates (AA 0.3, AB 0.3, BA 0.36, BB 0.04): AA, ahead of AB on the tie.
        Assert.Equal(2, results.Count);
        Assert.Equal([A, A], results[1].Tokens);
        Assert.Equal(Math.Log(0.3), results[1].LogProb, 14);
        Assert.True(best.LogProb > Run(B20, 1, 2, null)[0].LogProb);
    }

    [Fact]
    public void WideBeamMatchesExhaustiveSearch()
    {
        // With k ≥ M^T every sequence survives: the result is the brute-force optimum over all M^T = 4 sequences.
        var results = Run(B20, 4, 2, null);
        Assert.Equal(4, results.Count);
        Assert.Equal(new[] { "BA", "AA", "AB", "BB" }, results.Select(r => string.Concat(r.Tokens.Select(t => (char)('A' + t)))));
        Assert.Equal(new[] { 0.36, 0.3, 0.3, 0.04 }, results.Select(r => Math.Round(Math.Exp(r.LogProb), 12)));
    }

    [Fact]
    public void LengthNormalisationNumbersOfTheCurriculum()
    {
        Assert.Equal(-0.6931471805599453, BeamSearch.NormalizedScore(Math.Log(0.5), 1, 1.0), 15);
        double three = 3 * Math.Log(0.7);
        Assert.Equal(-1.0700248318161973, three, 14);
        Assert.Equal(-0.35667494393873245, BeamSearch.NormalizedScore(three, 3, 1.0), 14);
        Assert.Equal(three, BeamSearch.NormalizedScore(three, 3, 0.0));
        Assert.Equal(three / Math.Pow(3, 0.6), BeamSearch.NormalizedScore(three, 3, 0.6), 14);
    }

    /// <summary>
    /// Tokens EOS = 2, A = 0: the empty output ends at once with p 0.5, while A A EOS has p 0.5·0.9·0.9 = 0.405.
    /// The raw sum prefers the short output; normalised by length the long one wins (−0.301 vs −0.693).
    /// </summary>
    private static double[] ShortOrLong(string prefix) => prefix switch
    {
        "" => [0.5, 0.0, 0.5],
        "A" => [0.9, 0.0, 0.1],
        "AA" => [0.1, 0.0, 0.9],
        "AAA" => [0.0, 0.0, 1.0],
        _ => [0.0, 0.0, 1.0],
    };

    [Fact]
    public void LengthNormalisationLetsTheLongerSequenceWin()
    {
        const int eos = 2;
        var normalised = Run(ShortOrLong, 2, 5, eos, alpha: 1.0)[0];
        Assert.Equal([A, A], normalised.Tokens);
        Assert.True(normalised.Ended);
        Assert.Equal(Math.Log(0.405), normalised.LogProb, 14);
        Assert.Equal(Math.Log(0.405) / 3, normalised.Score, 14);

        var raw = Run(ShortOrLong, 2, 5, eos, alpha: 0.0)[0];
        Assert.Empty(raw.Tokens);
        Assert.True(raw.Ended);
        Assert.Equal(Math.Log(0.5), raw.Score, 14);
    }

    [Fact]
    public void SearchStopsOnceNoLiveHypothesisCanWin()
    {
        // Under α = 0 a live hypothesis can only lose probability, so after EOS (p 0.9) beats every live prefix the
        // search ends long before the length limit.
        var model = new TableModel(prefix => prefix.Length == 0 ? [0.05, 0.05, 0.9] : [0.5, 0.5, 0.0]);
        var results = BeamSearch.Search(new[] { "" }, model.Step, TableModel.Select, 2, 50, -1, 2, alpha: 0);
        Assert.Equal(1, model.Calls);
        Assert.Empty(results[0].Tokens);
        Assert.Equal(Math.Log(0.9), results[0].LogProb, 14);
    }

    [Fact]
    public void HypothesesWithoutEosStopAtTheLengthLimitAndCarryAttention()
    {
        int calls = 0;
        (Tensor, int, Tensor?) Step(int state, int[] last)
        {
            calls++;
            var logp = Tensor.FromArray(Enumerable.Repeat(new[] { Math.Log(0.7), Math.Log(0.2), Math.Log(0.1) }, last.Length).SelectMany(r => r).ToArray(), last.Length, 3);
            var attention = Tensor.FromArray(Enumerable.Repeat(new[] { 0.25f, 0.75f }, last.Length).SelectMany(r => r).ToArray(), last.Length, 2);
            return (logp, state + 1, attention);
        }
        var results = BeamSearch.Search(0, Step, (s, _) => s, 3, 4, 9, 2);
        var best = results[0];
        Assert.Equal([0, 0, 0, 0], best.Tokens);
        Assert.False(best.Ended);
        Assert.Equal(4 * Math.Log(0.7), best.LogProb, 12);
        Assert.Equal(4, calls);
        Assert.Equal([4, 2], best.Attention!.Shape.ToArray());
        Assert.Equal(new[] { 0.25f, 0.75f, 0.25f, 0.75f, 0.25f, 0.75f, 0.25f, 0.75f }, best.Attention.ToArray<float>());
        // Finished hypotheses come best first.
        Assert.True(results.Zip(results.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var model = new TableModel(B20);
        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Search(new[] { "" }, model.Step, TableModel.Select, 0, 2, -1, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Search(new[] { "" }, model.Step, TableModel.Select, 2, 0, -1, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Search(new[] { "" }, model.Step, TableModel.Select, 2, 2, -1, null, alpha: -1));
        var bad = Assert.Throws<ArgumentException>(() => BeamSearch.Search(0, (int s, int[] last) => (Tensor.Zeros(2, 3), s, (Tensor?)null), (s, _) => s, 2, 2, 0, null));
        Assert.Contains("[2, 3]", bad.Message);
    }
}
