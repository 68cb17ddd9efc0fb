using Nabla.Models.Text;
using Xunit;

namespace Nabla.Tests.Models;

/// <summary>Word2vec's data side: the corpus, subsampling, the unigram^0.75 negative sampler, window and pair generation.</summary>
public class Word2VecSamplingTests
{
    private static Word2VecCorpus Corpus(params string[] sentences) =>
        Word2VecCorpus.Build(sentences.Select(s => (IReadOnlyList<string>)s.Split(' ')).ToList(), minCount: 1);

    private static List<(string Centre, string Context)> SkipGramPairs(Word2VecCorpus corpus, Word2VecBatcher batcher, int capacity)
    {
        var centres = new long[capacity];
        var contexts = new long[capacity];
        var negatives = new long[capacity * batcher.Negatives];
        var pairs = new List<(string, string)>();
        int n;
        while ((n = batcher.NextSkipGram(centres, contexts, negatives)) > 0)
            for (int i = 0; i < n; i++) pairs.Add((corpus.Vocabulary[(int)centres[i]], corpus.Vocabulary[(int)contexts[i]]));
        return pairs;
    }

    [Fact]
    public void CorpusCountsWordsAndDropsRareOnes()
    {
        var corpus = Word2VecCorpus.Build([["a", "b", "a", "C"], ["c", "a", "rare"]], minCount: 2);
        Assert.Equal(["<unk>", "a", "c"], corpus.Vocabulary.Tokens);
        Assert.Equal([0L, 3, 2], corpus.Counts);
        Assert.Equal(5, corpus.WordCount);
        Assert.Equal(2, corpus.SentenceCount);
        Assert.Equal([1, 1, 2], corpus.Sentence(0).ToArray());
        Assert.Equal([2, 1], corpus.Sentence(1).ToArray());
    }

    [Fact]
    public void LongSentencesAreCutAtTheOriginalsLimit()
    {
        var corpus = Word2VecCorpus.Build([Enumerable.Repeat("w", 2500).ToList()], minCount: 1);
        Assert.Equal(3, corpus.SentenceCount);
        Assert.Equal(Word2VecCorpus.MaxSentenceLength, corpus.Sentence(0).Length);
        Assert.Equal(500, corpus.Sentence(2).Length);
    }

    [Fact]
    public void DocumentsSplitAtSeparatorLinesAndDropPunctuation()
    {
        var docs = Word2VecCorpus.TokenizeDocuments("Hello, world!\nDon't panic.\n%\n-- Anon\n%\n\n");
        Assert.Equal(2, docs.Count);
        Assert.Equal(["hello", "world", "don't", "panic"], docs[0]);
        Assert.Equal(["anon"], docs[1]);
        Assert.Equal(["a", ",", "b"], Word2VecCorpus.TokenizeDocuments("a, b", keepPunctuation: true)[0]);
    }

    [Theory]
    [InlineData(1000, 1_000_000, 1e-5, 0.11)] // t/f = 0.01: √0.01 + 0.01
    [InlineData(100, 1_000_000, 1e-4, 2.0)] // t/f = 1: clamped to 1
    [InlineData(10_000, 1_000_000, 1e-3, 0.416227766016838)] // t/f = 0.1: √0.1 + 0.1
    [InlineData(500, 1000, 0, 1.0)] // subsampling off
    public void KeepProbabilityFollowsWord2VecC(long count, long total, double t, double expected) =>
        Assert.Equal(Math.Min(1, expected), Word2VecCorpus.KeepProbability(count, total, t), 12);

    [Fact]
    public void SubsamplingKeepsFrequentWordsAtTheirProbability()
    {
        // "x" is 90% of the words: keep = √(t/f) + t/f with f = 0.9, t = 0.05; "y" (f = 0.1, t/f = 0.5) is always kept.
        var sentence = string.Join(' ', Enumerable.Range(0, 1000).Select(i => i % 10 == 0 ? "y" : "x"));
        var corpus = Corpus(sentence);
        double keep = Word2VecCorpus.KeepProbability(900, 1000, 0.05);
        Assert.Equal(Math.Sqrt(0.05 / 0.9) + 0.05 / 0.9, keep, 12);
        Assert.Equal(1, Word2VecCorpus.KeepProbability(100, 1000, 0.05));
        const int epochs = 20;
        Assert.Equal(100 * epochs, CountCentres(corpus, 0.05, epochs, "y"));
        long keptX = CountCentres(corpus, 0.05, epochs, "x");
        double expected = 900.0 * epochs * keep, sd = Math.Sqrt(900.0 * epochs * keep * (1 - keep));
        Assert.InRange(keptX, expected - 5 * sd, expected + 5 * sd);
    }

    // Kept occurrences of a word: CBOW emits one example per kept centre that has a context.
    private static long CountCentres(Word2VecCorpus corpus, double sample, int epochs, string word)
    {
        var batcher = new Word2VecBatcher(corpus, null, 1, 0, sample, dynamicWindow: false, new Generator(5));
        int id = corpus.Vocabulary.IndexOf(word);
        var contexts = new long[2 * 64];
        var weights = new float[2 * 64];
        var centres = new long[64];
        long kept = 0;
        for (int e = 0; e < epochs; e++, batcher.Reset())
        {
            int n;
            while ((n = batcher.NextCbow(contexts, weights, centres, Span<long>.Empty)) > 0)
                for (int i = 0; i < n; i++) kept += centres[i] == id ? 1 : 0;
        }
        return kept;
    }

    [Fact]
    public void NegativeSamplerUsesUnigramToTheThreeQuarters()
    {
        long[] counts = [0, 1000, 100, 10, 1];
        var sampler = new Word2VecNegativeSampler(counts);
        double z = counts.Sum(c => Math.Pow(c, 0.75));
        for (int i = 0; i < counts.Length; i++) Assert.Equal(Math.Pow(counts[i], 0.75) / z, sampler.Probability(i), 14);
        // The power flattens the distribution: 1000 vs 1 occurrences become 1000^0.75 ≈ 178 vs 1.
        Assert.Equal(Math.Pow(1000, 0.75), sampler.Probability(1) / sampler.Probability(4), 9);

        const int draws = 400_000;
        var hist = new long[counts.Length];
        var gen = new Generator(11);
        for (int i = 0; i < draws; i++) hist[sampler.Sample(gen)]++;
        Assert.Equal(0, hist[0]);
        for (int i = 1; i < counts.Length; i++)
        {
            double p = sampler.Probability(i), sd = Math.Sqrt(draws * p * (1 - p));
            Assert.InRange(hist[i], draws * p - 5 * sd, draws * p + 5 * sd);
        }
    }

    [Fact]
    public void NegativesSkipThePositiveWord()
    {
        var sampler = new Word2VecNegativeSampler([0, 10, 10]);
        var draws = new long[1000];
        sampler.Fill(draws, new Generator(2), exclude: 1);
        Assert.All(draws, d => Assert.Equal(2, d));
        Assert.Throws<ArgumentException>(() => new Word2VecNegativeSampler([0, 0]));
    }

    [Fact]
    public void FullWindowPairsOfATinySentence()
    {
        var corpus = Corpus("a b c d");
        var batcher = new Word2VecBatcher(corpus, null, 2, 0, 0, dynamicWindow: false, new Generator(1));
        (string, string)[] expected =
        [
            ("a", "b"), ("a", "c"),
            ("b", "a"), ("b", "c"), ("b", "d"),
            ("c", "a"), ("c", "b"), ("c", "d"),
            ("d", "b"), ("d", "c"),
        ];
        Assert.Equal(expected, SkipGramPairs(corpus, batcher, 64));
        // A centre whose pairs overflow a batch continues in the next one.
        batcher.Reset();
        Assert.Equal(expected, SkipGramPairs(corpus, batcher, 3));
        Assert.Equal(4, batcher.WordsRead);
    }

    [Fact]
    public void WindowsStopAtSentenceBoundaries()
    {
        var corpus = Corpus("a b", "c d");
        var batcher = new Word2VecBatcher(corpus, null, 5, 0, 0, dynamicWindow: false, new Generator(1));
        Assert.Equal([("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")], SkipGramPairs(corpus, batcher, 8));
    }

    [Fact]
    public void DynamicWindowsAreSymmetricAndUniformInOneToWindow()
    {
        var corpus = Corpus(string.Join(' ', Enumerable.Range(0, 400).Select(i => $"w{i}")));
        var batcher = new Word2VecBatcher(corpus, null, 4, 0, 0, dynamicWindow: true, new Generator(9));
        var byCentre = SkipGramPairs(corpus, batcher, 100).GroupBy(p => p.Centre);
        var reaches = new int[5];
        foreach (var group in byCentre)
        {
            int centre = int.Parse(group.Key[1..]);
            var offsets = group.Select(p => int.Parse(p.Context[1..]) - centre).ToList();
            int reach = offsets.Max(Math.Abs);
            Assert.InRange(reach, 1, 4);
            var expected = Enumerable.Range(-reach, 2 * reach + 1).Where(o => o != 0 && centre + o is >= 0 and < 400).ToList();
            Assert.Equal(expected, offsets);
            if (centre >= 4 && centre < 396) reaches[reach]++;
        }
        for (int r = 1; r <= 4; r++) Assert.InRange(reaches[r], 98 - 40, 98 + 40);
    }

    [Fact]
    public void CbowExamplesHoldTheContextWithMeanWeights()
    {
        var corpus = Corpus("a b c");
        var sampler = new Word2VecNegativeSampler(corpus.Counts);
        var batcher = new Word2VecBatcher(corpus, sampler, 1, 2, 0, dynamicWindow: false, new Generator(4));
        var contexts = new long[8 * 2];
        var weights = new float[8 * 2];
        var centres = new long[8];
        var negatives = new long[8 * 2];
        Assert.Equal(3, batcher.NextCbow(contexts, weights, centres, negatives));
        int a = corpus.Vocabulary.IndexOf("a"), b = corpus.Vocabulary.IndexOf("b"), c = corpus.Vocabulary.IndexOf("c");
        Assert.Equal([a, b, c], centres[..3]);
        Assert.Equal([b, 0, a, c, b, 0], contexts[..6]);
        Assert.Equal([1f, 0, 0.5f, 0.5f, 1, 0], weights[..6]);
        for (int i = 0; i < 3; i++)
        {
            Assert.DoesNotContain(centres[i], negatives.AsSpan(2 * i, 2).ToArray());
            Assert.All(negatives.AsSpan(2 * i, 2).ToArray(), n => Assert.InRange(n, 1, 3));
        }
        Assert.Equal(0, batcher.NextCbow(contexts, weights, centres, negatives));
    }

    [Fact]
    public void BatchBuffersAreChecked()
    {
        var corpus = Corpus("a b");
        var batcher = new Word2VecBatcher(corpus, new Word2VecNegativeSampler(corpus.Counts), 2, 3, 0, false, new Generator(1));
        var e = Assert.Throws<ArgumentException>(() => batcher.NextSkipGram(new long[4], new long[4], new long[4]));
        Assert.Contains("negatives length 4 must be 12", e.Message);
    }
}
