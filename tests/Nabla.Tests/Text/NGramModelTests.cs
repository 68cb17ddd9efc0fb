using Nabla.Text;
using Xunit;

namespace Nabla.Tests.Text;

public class NGramModelTests
{
    // a=0, b=1, c=2: "a b a c a b". Bigrams with the start symbol S: (S,a) (a,b) (b,a) (a,c) (c,a) (a,b);
    // context counts S:1, a:3, b:1, c:1. All expected numbers below are worked by hand from these counts.
    private static readonly long[] Tiny = [0, 1, 0, 2, 0, 1];

    [Fact]
    public void BigramCountsAndLaplaceProbabilities()
    {
        var m = NGramModel.Train(Tiny, order: 2, vocabularySize: 3);
        Assert.Equal(6, m.TokenCount);
        Assert.Equal(2, m.Count([0L], 1));
        Assert.Equal(1, m.Count([0L], 2));
        Assert.Equal(0, m.Count([0L], 0));
        Assert.Equal(3, m.ContextCount([0L]));
        Assert.Equal(1, m.ContextCount([]));
        Assert.Equal(1, m.Count([], 0));
        Assert.Equal(3.0 / 6, m.Probability([0L], 1), 12);
        Assert.Equal(1.0 / 6, m.Probability([0L], 0), 12);
        Assert.Equal(2.0 / 6, m.Probability([0L], 2), 12);
        Assert.Equal(2.0 / 4, m.Probability([], 0), 12);
        Assert.Equal(1.0 / 4, m.Probability([], 2), 12);
        // Only the last order - 1 tokens of a longer context count.
        Assert.Equal(m.Probability([0L], 1), m.Probability([2L, 1, 0], 1), 12);
        Assert.Equal(2.0 / 4, m.Probability([1L, 2], 0), 12); // P(a | c) = (1 + 1) / (1 + 3)

        double expected = 5 * Math.Log(0.5) + Math.Log(1.0 / 3);
        Assert.Equal(expected, m.LogLikelihood(Tiny), 12);
        Assert.Equal(-expected / 6, m.CrossEntropy(Tiny), 12);
        Assert.Equal(Math.Exp(-expected / 6), m.Perplexity(Tiny), 12);

        var d = m.Distribution([0L]);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal([1.0 / 6, 3.0 / 6, 2.0 / 6], d.ToArray<double>());
    }

    [Fact]
    public void AddKAndOtherOrders()
    {
        var bigram = NGramModel.Train(Tiny, 2, 3, k: 0.5);
        Assert.Equal(2.5 / 4.5, bigram.Probability([0L], 1), 12);
        var unigram = NGramModel.Train(Tiny, 1, 3);
        Assert.Equal(4.0 / 9, unigram.Probability([], 0), 12);
        Assert.Equal(2.0 / 9, unigram.Probability([1L, 1], 2), 12);
        var trigram = NGramModel.Train(Tensor.FromArray(Tiny, 6), 3, 3);
        Assert.Equal(1, trigram.Count([0L, 1], 0));
        Assert.Equal(1, trigram.Count([0L], 1)); // (S, a) -> b
        Assert.Equal(0, trigram.Count([1L], 0)); // (S, b) never seen
        Assert.Equal(2.0 / 4, trigram.Probability([0L, 1], 0), 12);
        Assert.Equal(1.0 / 3, trigram.Probability([2L, 2], 1), 12);
        var fourgram = NGramModel.Train(Tiny, 4, 3);
        Assert.Equal(1, fourgram.Count([0L, 2, 0], 1));
        Assert.Equal(2.0 / 4, fourgram.Probability([0L, 2, 0], 1), 12);
    }

    [Fact]
    public void FitAccumulatesAndRestartsContext()
    {
        var m = new NGramModel(2, 3);
        m.Fit([0L, 1]);
        m.Fit([0L, 1]);
        Assert.Equal(4, m.TokenCount);
        Assert.Equal(2, m.Count([], 0));
        Assert.Equal(2, m.Count([0L], 1));
        Assert.Equal(0, m.Count([1L], 0));
    }

    [Fact]
    public void UniformModelPerplexityIsVocabularySize()
    {
        var m = new NGramModel(3, 7);
        long[] text = [3, 1, 4, 1, 5, 6, 2, 0];
        Assert.Equal(7.0, m.Perplexity(text), 10);
        Assert.Equal(Math.Log(7), m.CrossEntropy(text), 12);
    }

    [Fact]
    public void HigherOrdersHaveLowerTrainingPerplexity()
    {
        const string text = "the quick brown fox jumps over the lazy dog while the slow brown cat sleeps " +
                            "and the quick red fox runs past the lazy dog again and again until night falls";
        var vocab = CharVocabulary.FromText(text);
        var ids = vocab.EncodeToArray(text);
        double previous = double.PositiveInfinity;
        for (int order = 1; order <= 4; order++)
        {
            double ppl = NGramModel.Train(ids, order, vocab.Count, k: 0.01).Perplexity(ids);
            Assert.True(ppl < previous, $"order {order}: training perplexity {ppl} is not below {previous}");
            previous = ppl;
        }
        Assert.True(previous < 2.0, $"4-gram training perplexity {previous}");
    }

    [Fact]
    public void SamplingIsReproducibleAndOnlyEmitsSeenTransitions()
    {
        var vocab = CharVocabulary.FromText("abcd");
        var train = vocab.EncodeToArray("abcabcabdabcabd");
        var m = NGramModel.Train(train, 2, vocab.Count, k: 1e-9);
        var first = m.Sample(200, new Generator(5));
        Assert.Equal(first, m.Sample(200, new Generator(5)));
        Assert.NotEqual(first, m.Sample(200, new Generator(6)));
        var seen = new HashSet<(long, long)>();
        for (int i = 1; i < train.Length; i++) seen.Add((train[i - 1], train[i]));
        Assert.Equal(0, first[0]); // the corpus starts with 'a', the only token seen after the start symbol
        for (int i = 1; i < first.Length; i++) Assert.Contains((first[i - 1], first[i]), seen);

        var prompted = m.Sample(10, new Generator(5), prompt: [3L]);
        Assert.Equal(0, prompted[0]); // 'd' is only ever followed by 'a'
        Assert.Empty(m.Sample(0, new Generator(5)));
    }

    [Fact]
    public void SampleFrequenciesFollowTheSmoothedDistribution()
    {
        var m = NGramModel.Train([0L, 0, 0, 1], 1, 3); // add-1: 4/7, 2/7, 1/7
        var s = m.Sample(20000, new Generator(3));
        double[] expected = [4.0 / 7, 2.0 / 7, 1.0 / 7];
        for (int w = 0; w < 3; w++)
            Assert.InRange(s.Count(t => t == w) / 20000.0, expected[w] - 0.015, expected[w] + 0.015);
    }

    [Fact]
    public void Errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NGramModel(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NGramModel(5, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NGramModel(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NGramModel(2, 3, k: 0));
        var m = new NGramModel(2, 3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => m.Fit([0L, 3]));
        Assert.Contains("token 3", ex.Message);
        Assert.Contains("[0, 3)", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Probability([-1L], 0));
        Assert.Throws<ArgumentException>(() => m.CrossEntropy([]));
    }

    [Fact]
    public void TrainValidationSplits()
    {
        Assert.Equal(("abcdefghi", "j"), TrainValidationSplit.Split("abcdefghij"));
        var (train, validation) = TrainValidationSplit.Split<long>([1, 2, 3, 4], 0.5);
        Assert.Equal([1L, 2], train);
        Assert.Equal([3L, 4], validation);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainValidationSplit.Split("abc", 1.0));
        Assert.Throws<ArgumentException>(() => TrainValidationSplit.Split("ab", 0.4));
    }
}
