using Nabla.IO;
using Nabla.Models.Text;
using Nabla.Text;
using Xunit;

namespace Nabla.Tests.Models;

/// <summary>Word2VecModel queries on hand-made vectors (exact cosines and analogies) and its safetensors round trip.</summary>
public class Word2VecModelTests
{
    // Unit vectors with a = 0.6, b = 0.8: king − man + woman = queen exactly; the <unk> row points like "man" but is never returned.
    private static Word2VecModel HandMade()
    {
        string[] words = ["king", "queen", "man", "woman", "apple", "pear"];
        var tokens = words.SelectMany((w, i) => Enumerable.Repeat(w, 6 - i)).ToList();
        var vocabulary = new WordVocabulary(tokens);
        Assert.Equal(["<unk>", .. words], vocabulary.Tokens);
        float[] input =
        [
            3, 0, 4, 0, // <unk>
            0.6f, 0, 0, 0.8f, // king
            0, 0.6f, 0, 0.8f, // queen
            0.6f, 0, 0.8f, 0, // man
            0, 0.6f, 0.8f, 0, // woman
            0, 0, -1, 0, // apple
            0, 0, -0.8f, -0.6f, // pear
        ];
        var output = Tensor.Arange(0, 28, 1, DType.Float32).Reshape(7, 4);
        return new Word2VecModel(vocabulary, [0, 6, 5, 4, 3, 2, 1], Tensor.FromArray(input, 7, 4), output, Word2VecMode.Cbow);
    }

    [Fact]
    public void MostSimilarRanksByCosineAndExcludesTheWordAndUnknown()
    {
        var model = HandMade();
        var neighbours = model.MostSimilar("man", 10);
        Assert.Equal(["woman", "king", "queen", "pear", "apple"], neighbours.Select(n => n.Word));
        TestUtil.AssertClose([0.64, 0.36, 0, -0.64, -0.8], neighbours.Select(n => n.Similarity).ToArray(), 1e-6, 1e-6);
        Assert.Equal(["woman", "king"], model.MostSimilar("MAN", 2).Select(n => n.Word));
        Assert.Empty(model.MostSimilar("man", 0));
        Assert.Equal(0.64, model.Similarity("man", "woman"), 6);
        Assert.Equal(1, model.Similarity("pear", "pear"), 6);
    }

    [Fact]
    public void MostSimilarToAVectorNormalisesTheQuery()
    {
        var model = HandMade();
        var best = model.MostSimilar(Tensor.FromArray(new double[] { 1, 0, 0, 5 }), 2);
        Assert.Equal(["king", "queen"], best.Select(n => n.Word));
        Assert.Equal(4.6 / Math.Sqrt(26), best[0].Similarity, 6);
        Assert.Equal(4 / Math.Sqrt(26), best[1].Similarity, 6);
        var e = Assert.Throws<ArgumentException>(() => model.MostSimilar(Tensor.Zeros(3), 2));
        Assert.Contains("(4)", e.Message);
    }

    [Fact]
    public void AnalogyAddsUnitVectors()
    {
        var model = HandMade();
        var answer = Assert.Single(model.Analogy("man", "king", "woman"));
        Assert.Equal("queen", answer.Word);
        Assert.Equal(1, answer.Similarity, 6);
        Assert.Equal("king", model.Analogy("woman", "queen", "man")[0].Word);
    }

    [Fact]
    public void VectorIsACopyOfTheInputRow()
    {
        var model = HandMade();
        var v = model.Vector("queen");
        Assert.Equal([0f, 0.6f, 0, 0.8f], v.ToArray<float>());
        v.Fill_(7);
        Assert.Equal(0.6f, model.InputEmbeddings[2, 1].Item<float>());
        Assert.Equal(4, model.Dimension);
        Assert.True(model.Contains("Pear"));
        Assert.False(model.Contains("<unk>"));
        var e = Assert.Throws<ArgumentException>(() => model.Vector("banana"));
        Assert.Contains("'banana' is not in the vocabulary", e.Message);
    }

    [Fact]
    public void ConstructorChecksShapesAndCountOrder()
    {
        var vocabulary = new WordVocabulary(["a", "a", "b"]);
        var ok = Tensor.Zeros(3, 2);
        Assert.Contains("(3, D)", Assert.Throws<ArgumentException>(() => new Word2VecModel(vocabulary, [0, 2, 1], Tensor.Zeros(2, 2), ok, Word2VecMode.SkipGram)).Message);
        Assert.Contains("float32", Assert.Throws<ArgumentException>(() => new Word2VecModel(vocabulary, [0, 2, 1], ok.To(DType.Float64), ok, Word2VecMode.SkipGram)).Message);
        Assert.Contains("'b'", Assert.Throws<ArgumentException>(() => new Word2VecModel(vocabulary, [0, 1, 2], ok, ok, Word2VecMode.SkipGram)).Message);
    }

    [Fact]
    public void SaveAndLoadRoundTrip()
    {
        var model = HandMade();
        var path = Path.Combine(Path.GetTempPath(), $"nabla-w2v-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = Word2VecModel.Load(path);
            Assert.Equal(model.Vocabulary.Tokens, loaded.Vocabulary.Tokens);
            Assert.Equal(model.Counts, loaded.Counts);
            Assert.Equal(Word2VecMode.Cbow, loaded.Mode);
            Assert.Equal(model.InputEmbeddings.ToArray<float>(), loaded.InputEmbeddings.ToArray<float>());
            Assert.Equal(model.OutputEmbeddings.ToArray<float>(), loaded.OutputEmbeddings.ToArray<float>());
            Assert.Equal(model.MostSimilar("pear", 3), loaded.MostSimilar("pear", 3));
            Safetensors.Load(path, out var metadata);
            Assert.Equal("[\"<unk>\",\"king\",\"queen\",\"man\",\"woman\",\"apple\",\"pear\"]", metadata["vocabulary"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadRejectsOtherFiles()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nabla-w2v-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, new Dictionary<string, Tensor> { ["weight"] = Tensor.Zeros(2) });
            var e = Assert.Throws<InvalidDataException>(() => Word2VecModel.Load(path));
            Assert.Contains("not a word2vec file", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
