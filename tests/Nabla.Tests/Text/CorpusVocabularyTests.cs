using Nabla.Text;
using Xunit;

namespace Nabla.Tests.Text;

public class CorpusVocabularyTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nabla-text-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void FortunesLoadSkipsDatU8AndLinksInSortedOrder()
    {
        var dir = TempDir();
        try
        {
            File.WriteAllText(Path.Combine(dir, "b"), "bee\n");
            File.WriteAllText(Path.Combine(dir, "a"), "ay é\n");
            File.WriteAllText(Path.Combine(dir, "a.dat"), "index");
            File.WriteAllText(Path.Combine(dir, "c.u8"), "utf8");
            File.CreateSymbolicLink(Path.Combine(dir, "d"), Path.Combine(dir, "b"));
            Assert.Equal(["a", "b"], FortunesCorpus.Files(dir).Select(Path.GetFileName));
            Assert.Equal("ay é\nbee\n", FortunesCorpus.Load(dir));
            Assert.Equal("ay é\nindexbee\n", TextCorpus.ReadDirectory(dir, n => !n.Contains('.') || n.EndsWith(".dat")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void MissingDirectoryIsNamed()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => FortunesCorpus.Load("/nonexistent/fortunes-dir"));
        Assert.Contains("/nonexistent/fortunes-dir", ex.Message);
        Assert.Contains("fortunes", ex.Message);
        Assert.Throws<FileNotFoundException>(() => TextCorpus.ReadFiles(["/nonexistent/file.txt"]));
    }

    [Fact]
    public void CharVocabularyRoundTrip()
    {
        var v = CharVocabulary.FromText("hello world");
        Assert.Equal([' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w'], v.Chars);
        Assert.Null(v.UnknownIndex);
        var ids = v.Encode("hold");
        Assert.Equal(DType.Int64, ids.DType);
        Assert.Equal([4], ids.Dims);
        Assert.Equal([3L, 5, 4, 1], ids.ToArray<long>());
        Assert.Equal("hold", v.Decode(ids));
        Assert.Equal("hold", v.Decode(ids.To(DType.Int32)));
        Assert.Equal('w', v[7]);
        var ex = Assert.Throws<ArgumentException>(() => v.Encode("z"));
        Assert.Contains("U+007A", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Decode([8L]));
        Assert.Throws<ArgumentException>(() => v.Decode(Tensor.Zeros([2], DType.Float32)));
    }

    [Fact]
    public void CharVocabularyUnknown()
    {
        var v = CharVocabulary.FromText("abc", unknown: '?');
        Assert.Equal(['?', 'a', 'b', 'c'], v.Chars);
        Assert.Equal(0, v.UnknownIndex);
        Assert.Equal([1L, 0, 3], v.EncodeToArray("azc"));
        Assert.Equal("a?c", v.Decode([1L, 0, 3]));
        Assert.True(v.Contains('a'));
        Assert.False(v.Contains('z'));
    }

    [Fact]
    public void TokenizerSplitsWordsAndPunctuation()
    {
        Assert.Equal(["don't", "panic", ",", "it's", "42", "!", "(", "ok", ")"],
            WordTokenizer.Tokenize("Don't panic, it's 42! (OK)"));
        Assert.Equal(["Hi", "."], WordTokenizer.Tokenize("Hi.", lowercase: false));
        Assert.Empty(WordTokenizer.Tokenize(" \n\t"));
    }

    [Fact]
    public void WordVocabularyOrdersByCountAndMapsUnknown()
    {
        var v = WordVocabulary.FromText("the cat saw the dog . The dog ran .", minCount: 1);
        Assert.Equal(["<unk>", "the", ".", "dog", "cat", "ran", "saw"], v.Tokens);
        var ids = v.Encode("The cow ran.");
        Assert.Equal([1L, 0, 5, 2], ids.ToArray<long>());
        Assert.Equal("the <unk> ran .", v.Decode(ids));
        Assert.Equal(0, v.IndexOf("cow"));

        var frequent = WordVocabulary.FromText("the cat saw the dog . The dog ran .", minCount: 2);
        Assert.Equal(["<unk>", "the", ".", "dog"], frequent.Tokens);
        Assert.Equal([0L, 3], frequent.EncodeTokens(["cat", "DOG"]));

        var cased = WordVocabulary.FromText("A a", lowercase: false);
        Assert.Equal(["<unk>", "A", "a"], cased.Tokens);
        Assert.Throws<ArgumentOutOfRangeException>(() => v.DecodeTokens([7L]));
        Assert.Throws<ArgumentOutOfRangeException>(() => WordVocabulary.FromText("a", minCount: 0));
    }
}
