using Nabla.IO;
using Nabla.Models.Text;
using Nabla.Text;
using Xunit;

namespace Nabla.Tests.Models;

/// <summary>Sampling (temperature, top-k, seeds) and checkpoints of character language models.</summary>
public sealed class CharRnnSamplingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-charrnn-").FullName;

    private static readonly CharVocabulary Vocabulary = CharVocabulary.FromText("the quick brown fox jumps over a lazy dog.\n");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CharRnn Model(string cell = "lstm", int seed = 0) =>
        new(cell, Vocabulary.Count, embeddingDim: 8, hiddenSize: 16, numLayers: 2, generator: new Generator(seed));

    [Fact]
    public void ChooseAtZeroTemperatureIsArgmaxAndDrawsNothing()
    {
        var g = new Generator(1);
        var before = g.GetState();
        Assert.Equal(2, LanguageModelSampler.Choose([0.5f, -1f, 3f, 2.9f], 0, null, g));
        Assert.Equal(before, g.GetState());
        Assert.Equal(0, LanguageModelSampler.Choose([1f, 1f, 0f], 0, null, g));
    }

    [Fact]
    public void ChooseFollowsTheTemperedSoftmax()
    {
        float[] logits = [0f, (float)Math.Log(3)];
        var g = new Generator(7);
        int ones = 0;
        for (int i = 0; i < 4000; i++) ones += LanguageModelSampler.Choose(logits, 1, null, g);
        Assert.InRange(ones / 4000.0, 0.72, 0.78);
        ones = 0;
        for (int i = 0; i < 4000; i++) ones += LanguageModelSampler.Choose(logits, 0.5, null, g);
        Assert.InRange(ones / 4000.0, 0.87, 0.93);
    }

    [Fact]
    public void TopKKeepsOnlyTheLargestLogits()
    {
        float[] logits = [1f, 5f, 2f, 4.5f, -3f, 4.5f];
        var g = new Generator(3);
        var seen = new HashSet<int>();
        for (int i = 0; i < 500; i++) seen.Add(LanguageModelSampler.Choose(logits, 5, 2, g));
        Assert.Equal([1, 3, 5], seen.Order());
        for (int i = 0; i < 50; i++) Assert.Equal(1, LanguageModelSampler.Choose(logits, 3, 1, g));
    }

    [Fact]
    public void TinyTemperatureEqualsGreedy()
    {
        var model = Model();
        string greedy = LanguageModelSampler.Sample(model, Vocabulary, "the ", 60, temperature: 0);
        Assert.Equal(greedy, LanguageModelSampler.Sample(model, Vocabulary, "the ", 60, temperature: 1e-6, generator: new Generator(5)));
        Assert.Equal(greedy, LanguageModelSampler.Sample(model, Vocabulary, "the ", 60, temperature: 1, topK: 1, generator: new Generator(6)));
    }

    [Fact]
    public void SeededSamplingIsReproducible()
    {
        var model = Model("gru");
        string a = LanguageModelSampler.Sample(model, Vocabulary, "a", 80, temperature: 1, generator: new Generator(42));
        string b = LanguageModelSampler.Sample(model, Vocabulary, "a", 80, temperature: 1, generator: new Generator(42));
        string c = LanguageModelSampler.Sample(model, Vocabulary, "a", 80, temperature: 1, generator: new Generator(43));
        Assert.Equal(80, a.Length);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(model.Training, "sampling restores the training mode");
    }

    [Fact]
    public void SamplingRejectsBadOptions()
    {
        var model = Model();
        Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelSampler.Sample(model, [1], 5, temperature: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelSampler.Sample(model, [1], 5, topK: 0));
        Assert.Contains("at least one token", Assert.Throws<ArgumentException>(() => LanguageModelSampler.Sample(model, [], 5)).Message);
        Assert.Contains($"prompt token 99 is outside the vocabulary [0, {Vocabulary.Count})",
            Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelSampler.Sample(model, [99], 5)).Message);
        Assert.Contains($"the vocabulary has 3 characters, the model {Vocabulary.Count}",
            Assert.Throws<ArgumentException>(() => LanguageModelSampler.Sample(model, CharVocabulary.FromText("abc"), "a", 5)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => LanguageModelSampler.Choose([1f, float.NaN], 1, null, new Generator(0))).Message);
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void CheckpointRoundTripGivesIdenticalLogitsAndSamples(string cell)
    {
        var model = Model(cell, seed: 11);
        string path = Path.Combine(_dir, cell + ".safetensors");
        LanguageModelCheckpoint.Save(path, model, Vocabulary, new Dictionary<string, string> { ["steps"] = "12" });
        var (loaded, vocabulary, metadata) = LanguageModelCheckpoint.Load(path);
        Assert.Equal(Vocabulary.Chars, vocabulary.Chars);
        Assert.Equal("12", metadata["steps"]);
        Assert.False(loaded.Module.Training);
        model.Eval();
        var tokens = Vocabulary.Encode("a lazy fox.\n").Reshape(2, 6);
        Assert.Equal(model.Forward(tokens).ToArray<float>(), loaded.Forward(tokens).ToArray<float>());
        Assert.Equal(
            LanguageModelSampler.Sample(model, Vocabulary, "the", 50, 0.8, 5, new Generator(9)),
            LanguageModelSampler.Sample(loaded, vocabulary, "the", 50, 0.8, 5, new Generator(9)));
    }

    [Fact]
    public void VocabularyWithUnknownAndControlCharactersRoundTrips()
    {
        var vocabulary = new CharVocabulary("a\t\"\\é€\n", unknown: '?');
        var model = new CharRnn("rnn", vocabulary.Count, embeddingDim: 2, hiddenSize: 3, numLayers: 1);
        string path = Path.Combine(_dir, "odd.safetensors");
        LanguageModelCheckpoint.Save(path, model, vocabulary);
        var (_, loaded, _) = LanguageModelCheckpoint.Load(path);
        Assert.Equal(vocabulary.Chars, loaded.Chars);
        Assert.Equal('?', loaded.Unknown);
    }

    [Fact]
    public void ForeignCorruptAndMismatchedFilesFailNamingTheFile()
    {
        string foreign = Path.Combine(_dir, "foreign.safetensors");
        Safetensors.Save(foreign, new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(2, 2) });
        var e = Assert.Throws<InvalidDataException>(() => LanguageModelCheckpoint.Load(foreign));
        Assert.Contains(foreign, e.Message);
        Assert.Contains("not a character language model checkpoint", e.Message);

        string corrupt = Path.Combine(_dir, "corrupt.safetensors");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        Assert.Contains(corrupt, Assert.Throws<InvalidDataException>(() => LanguageModelCheckpoint.Load(corrupt)).Message);

        string mismatched = Path.Combine(_dir, "mismatched.safetensors");
        var model = Model();
        var metadata = new Dictionary<string, string>(model.Config) { ["hidden"] = "32", [LanguageModelCheckpoint.VocabularyKey] = "97,98" };
        metadata["vocab_size"] = "2";
        Safetensors.Save(mismatched, model.StateDict(), metadata);
        e = Assert.Throws<InvalidDataException>(() => LanguageModelCheckpoint.Load(mismatched));
        Assert.Contains(mismatched, e.Message);
        Assert.Contains("size mismatch", e.Message);

        Assert.Contains("the vocabulary has 3 characters, the model " + Vocabulary.Count,
            Assert.Throws<ArgumentException>(() => LanguageModelCheckpoint.Save(mismatched, model, CharVocabulary.FromText("abc"))).Message);
    }
}
