using Nabla.IO;
using Nabla.Models.Text;
using Nabla.Text;
using Xunit;

namespace Nabla.Tests.Text;

/// <summary>
/// Hostile text-side files: a word2vec file whose counts would take forever to expand, one whose tables do not fit,
/// and a corpus too long for one string. Each fails fast with an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public sealed class HostileTextFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-hostile-text").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Word2VecFile(long[] counts, int rows)
    {
        string path = Path.Combine(_dir, "w2v.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor>
        {
            ["input_embeddings"] = Tensor.Zeros(rows, 2),
            ["output_embeddings"] = Tensor.Zeros(rows, 2),
            ["counts"] = Tensor.FromArray(counts),
        }, new Dictionary<string, string>
        {
            ["format"] = "nabla.word2vec",
            ["mode"] = "skipgram",
            ["lowercase"] = "true",
            ["vocabulary"] = "[\"<unk>\",\"a\",\"b\"]",
        });
        return path;
    }

    [Fact]
    public void Word2VecHugeCountsLoadWithoutExpandingThem()
    {
        // The loader used to rebuild the vocabulary by repeating each token count times: 10^15 never finished.
        var model = Word2VecModel.Load(Word2VecFile([0, 1_000_000_000_000_000, 5], 3));
        Assert.Equal(["<unk>", "a", "b"], model.Vocabulary.Tokens);
        Assert.Equal(1_000_000_000_000_000, model.Counts[1]);
    }

    [Fact]
    public void Word2VecNegativeCountsAndMisfitTablesNameTheFile()
    {
        string path = Word2VecFile([0, -3, 5], 3);
        var e = Assert.Throws<InvalidDataException>(() => Word2VecModel.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("token 'a' has count -3", e.Message);
        path = Word2VecFile([0, 7, 5], 2);
        e = Assert.Throws<InvalidDataException>(() => Word2VecModel.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("embeddings must both be float32 (3, D)", e.Message);
    }

    [Fact]
    public void FromCountsMatchesRepeatingTheTokens()
    {
        var repeated = new WordVocabulary(["b", "A", "a", "c", "c", "b", "a"], minCount: 2);
        var counted = WordVocabulary.FromCounts([new("b", 2), new("A", 1), new("a", 2), new("c", 2)], minCount: 2);
        Assert.Equal(repeated.Tokens, counted.Tokens);
        Assert.Throws<ArgumentOutOfRangeException>(() => WordVocabulary.FromCounts([new("a", -1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => WordVocabulary.FromCounts([new("a", long.MaxValue), new("A", 1)]));
    }

    [Fact]
    public void CorpusTooLongForOneStringFailsBeforeReading()
    {
        string path = Path.Combine(_dir, "huge.txt");
        // A sparse file: its length is real, its blocks are not.
        using (var f = File.Create(path)) f.SetLength(0x40000000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => TextCorpus.ReadFiles([path]));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains(path, e.Message);
        Assert.Contains("the most one string holds", e.Message);
    }
}
