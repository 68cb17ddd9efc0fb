using Nabla.Models.Text;
using Nabla.Text;
using Xunit;
using Xunit.Abstractions;

namespace Nabla.Tests.Models;

/// <summary>Training end to end: two word clusters separate in about a second, dense and sparse steps agree, a fortunes smoke run.</summary>
public class Word2VecTrainingTests(ITestOutputHelper output)
{
    private static readonly string[] Animals = ["cat", "dog", "cow", "horse", "sheep", "goat"];
    private static readonly string[] Tools = ["hammer", "saw", "drill", "wrench", "chisel", "pliers"];

    // Each sentence draws its words from one cluster only, so words of a cluster share all their contexts.
    private static List<IReadOnlyList<string>> Clusters(int sentences = 300, int length = 8)
    {
        var random = new Random(1);
        var result = new List<IReadOnlyList<string>>();
        for (int s = 0; s < sentences; s++)
        {
            var cluster = s % 2 == 0 ? Animals : Tools;
            result.Add([.. Enumerable.Range(0, length).Select(_ => cluster[random.Next(cluster.Length)])]);
        }
        return result;
    }

    private static Word2VecOptions Small(Word2VecMode mode, int epochs) => new()
    {
        Mode = mode, Dimension = 16, Window = 3, Negatives = 4, Epochs = epochs, MinCount = 1, Sample = 0,
        LearningRate = mode == Word2VecMode.SkipGram ? 0.05 : 0.1, BatchSize = 64, Seed = 3,
    };

    [Theory]
    [InlineData(Word2VecMode.SkipGram)]
    [InlineData(Word2VecMode.Cbow)]
    public void NearestNeighboursComeFromTheSameCluster(Word2VecMode mode)
    {
        var reports = new List<Word2VecProgress>();
        var options = Small(mode, 15);
        options.Progress = reports.Add;
        var model = Word2Vec.Train(Clusters(), options);
        foreach (var cluster in new[] { Animals, Tools })
            foreach (var word in cluster)
            {
                var neighbours = model.MostSimilar(word, 4);
                output.WriteLine($"{mode} {word}: {string.Join(", ", neighbours.Select(n => $"{n.Word} {n.Similarity:F2}"))}");
                Assert.All(neighbours, n => Assert.Contains(n.Word, cluster));
            }
        Assert.Equal(15, reports[^1].Epoch);
        Assert.Equal(reports[^1].TotalWords, reports[^1].Words);
        Assert.Equal(15 * 300 * 8, reports[^1].TotalWords);
        Assert.True(reports[^1].Loss < reports[0].Loss, $"loss {reports[0].Loss} -> {reports[^1].Loss}");
        Assert.InRange(reports[^1].LearningRate, 0, options.EffectiveLearningRate * 0.1);
    }

    [Theory]
    [InlineData(Word2VecMode.SkipGram)]
    [InlineData(Word2VecMode.Cbow)]
    public void SparseStepsMatchDenseSgd(Word2VecMode mode)
    {
        var corpus = Word2VecCorpus.Build(Clusters(40), minCount: 1);
        var sparse = Small(mode, 2);
        var dense = Small(mode, 2);
        dense.SparseGradients = false;
        var a = Word2Vec.Train(corpus, sparse);
        var b = Word2Vec.Train(corpus, dense);
        TestUtil.AssertClose(b.InputEmbeddings.To(DType.Float64).ToArray<double>(), a.InputEmbeddings.To(DType.Float64).ToArray<double>(), 1e-5, 1e-6);
        TestUtil.AssertClose(b.OutputEmbeddings.To(DType.Float64).ToArray<double>(), a.OutputEmbeddings.To(DType.Float64).ToArray<double>(), 1e-5, 1e-6);
        // Training moved the output table away from its zero start, and the never-used <unk> row stayed where it began.
        Assert.True(a.OutputEmbeddings.Abs().Sum().Item() > 1);
        Assert.Equal(0f, a.OutputEmbeddings[0].Abs().Sum().Item<float>());
    }

    [Fact]
    public void InitialisationAndDeterminismFollowTheSeed()
    {
        var options = Small(Word2VecMode.SkipGram, 1);
        var a = Word2Vec.Train(Clusters(20), options);
        var b = Word2Vec.Train(Clusters(20), options);
        Assert.Equal(a.InputEmbeddings.ToArray<float>(), b.InputEmbeddings.ToArray<float>());
        // The never-trained <unk> row keeps the original's U(−0.5/D, 0.5/D) start.
        Assert.All(a.InputEmbeddings[0].ToArray<float>(), x => Assert.InRange(x, -0.5f / 16, 0.5f / 16));
    }

    [Fact]
    public void TrainRejectsBadOptionsAndEmptyVocabularies()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Word2Vec.Train(Clusters(2), new Word2VecOptions { Window = 0 }));
        Assert.Contains("Window", e.Message);
        var empty = Assert.Throws<ArgumentException>(() => Word2Vec.Train(["a", "b"], new Word2VecOptions { MinCount = 5 }));
        Assert.Contains("MinCount", empty.Message);
    }

    [Fact]
    public void FortunesSmokeRun()
    {
        Assert.True(Directory.Exists(FortunesCorpus.DefaultDirectory), $"{FortunesCorpus.DefaultDirectory} is missing: install the Debian package `fortunes`.");
        var documents = Word2VecCorpus.TokenizeDocuments(FortunesCorpus.Load());
        var corpus = Word2VecCorpus.Build(documents, minCount: 5);
        output.WriteLine($"{documents.Count} documents, {corpus.WordCount} words, vocabulary {corpus.Vocabulary.Count}");
        Assert.InRange(documents.Count, 10_000, 30_000);
        Assert.InRange(corpus.Vocabulary.Count, 5_000, 12_000);
        Assert.Equal("the", corpus.Vocabulary[1]);
        var reports = new List<Word2VecProgress>();
        var model = Word2Vec.Train(corpus, new Word2VecOptions
        {
            Dimension = 32, Epochs = 1, TimeLimit = TimeSpan.FromSeconds(1.5), ProgressInterval = TimeSpan.FromSeconds(0.3), Progress = reports.Add,
        });
        foreach (var r in reports) output.WriteLine($"{r.Words} words, loss {r.Loss:F3}, {r.WordsPerSecond:F0} words/s");
        Assert.True(reports.Count >= 2);
        Assert.True(reports[^1].Loss < reports[0].Loss, $"loss {reports[0].Loss} -> {reports[^1].Loss}");
        Assert.Equal(10, model.MostSimilar("money", 10).Count);
    }
}
