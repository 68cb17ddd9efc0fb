using Nabla.Models.Text;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Text;
using Xunit;

namespace Nabla.Tests.Models;

/// <summary>CharRnn: the curriculum's "hello" example, state carrying, generation sessions and evaluation.</summary>
public class CharRnnTests
{
    /// <summary>
    /// The curriculum's "hello" char-RNN (alphabet {e, h, l, o}, inputs "hell", targets "ello"), as a CharRnn: trained
    /// with Adam until every step's argmax is right, greedy sampling from "h" then spells "hello" (the second 'l' must
    /// give 'o', which only the hidden state can tell from the first).
    /// </summary>
    [Theory]
    [InlineData("rnn")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void HelloExampleLearnsAndGreedySamplingSpellsHello(string cell)
    {
        var vocabulary = CharVocabulary.FromText("hello");
        Assert.Equal("ehlo", new string([.. vocabulary.Chars]));
        var model = new CharRnn(cell, vocabulary.Count, embeddingDim: 4, hiddenSize: 8, numLayers: 1, generator: new Generator(1));
        var inputs = vocabulary.Encode("hell").Reshape(1, 4);
        var targets = vocabulary.Encode("ello");
        var optimizer = new Adam(model.Parameters(), lr: 0.05);
        double first = 0, loss = 0;
        string predicted = "";
        for (int step = 0; step < 300 && predicted != "ello"; step++)
        {
            using var scope = TensorScope.Begin();
            optimizer.ZeroGrad();
            var logits = model.Forward(inputs).Reshape(4, vocabulary.Count);
            var l = Functional.CrossEntropy(logits, targets);
            l.Backward();
            optimizer.Step();
            loss = l.Item();
            if (step == 0) first = loss;
            predicted = vocabulary.Decode(logits.Argmax(1));
        }
        Assert.Equal("ello", predicted);
        Assert.True(loss < first, $"loss {loss} did not fall from {first}");
        Assert.Equal("hello", "h" + LanguageModelSampler.Sample(model, vocabulary, "h", 4, temperature: 0));
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void ForwardIsBatchFirstWithLogitsPerPositionAndPyTorchNames(string cell)
    {
        var model = new CharRnn(cell, 7, embeddingDim: 5, hiddenSize: 6, numLayers: 2, generator: new Generator(0));
        var logits = model.Forward(Tensor.FromArray(new long[] { 0, 1, 2, 3, 4, 5, 6, 0, 1, 2 }, 2, 5));
        Assert.Equal(new Shape(2, 5, 7), logits.Shape);
        var names = model.StateDict().Keys.ToList();
        Assert.Equal(["embedding.weight", $"{cell}.weight_ih_l0", $"{cell}.weight_hh_l0", $"{cell}.bias_ih_l0", $"{cell}.bias_hh_l0",
            $"{cell}.weight_ih_l1", $"{cell}.weight_hh_l1", $"{cell}.bias_ih_l1", $"{cell}.bias_hh_l1", "head.weight", "head.bias"], names);
        Assert.Null(model.ContextLength);
    }

    /// <summary>The benchmark configuration: Embedding(113, 64) → LSTM(64, 256, 2 layers) → Linear(256, 113) has 892,337 parameters (as PyTorch counts it).</summary>
    [Fact]
    public void BenchmarkConfigurationHasTorchsParameterCount() =>
        Assert.Equal(892_337, new CharRnn("lstm", 113).Parameters().Sum(p => p.NumElements));

    /// <summary>Reading a text in pieces with the state carried gives the same logits as reading it at once (what TBPTT and generation rely on).</summary>
    [Theory]
    [InlineData("rnn")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void StateCarriedAcrossCallsMatchesOneCall(string cell)
    {
        var model = new CharRnn(cell, 6, embeddingDim: 3, hiddenSize: 4, numLayers: 2, generator: new Generator(2));
        var tokens = Tensor.FromArray(new long[] { 0, 5, 2, 3, 1, 4, 4, 2, 0, 1, 3, 5 }, 2, 6);
        var whole = model.Forward(tokens);
        var (a, state) = model.ForwardWithState(tokens.Narrow(1, 0, 4).Contiguous(), null);
        var (b, _) = model.ForwardWithState(tokens.Narrow(1, 4, 2).Contiguous(), state.Detach());
        Close(whole, Tensor.Cat([a, b], 1));
        Assert.Equal(cell == "lstm", state.C is not null);
        Assert.Equal(new Shape(2, 2, 4), state.H.Shape);
    }

    [Fact]
    public void GenerationSessionCarriesStateOneTokenAtATime()
    {
        var model = new CharRnn("lstm", 6, embeddingDim: 3, hiddenSize: 4, numLayers: 2, generator: new Generator(3));
        long[] tokens = [1, 4, 0, 5, 2];
        var whole = model.Forward(Tensor.FromArray(tokens, 1, tokens.Length));
        var session = ((ICharLanguageModel)model).StartGeneration();
        Assert.IsNotType<ContextWindowSession>(session);
        var first = session.Feed(tokens.AsSpan(0, 2));
        Close(whole.Select(1, 1).Reshape(6), Tensor.FromArray(first, 6));
        for (int i = 2; i < tokens.Length; i++)
        {
            var logits = session.Feed(tokens.AsSpan(i, 1));
            Close(whole.Select(1, i).Reshape(6), Tensor.FromArray(logits, 6));
        }
        Assert.Throws<ArgumentException>(() => session.Feed([]));
    }

    /// <summary>A model with a fixed context (as a GPT) gets the default session, which re-runs the last ContextLength tokens.</summary>
    [Fact]
    public void ContextWindowSessionRerunsTheCroppedWindow()
    {
        var inner = new CharRnn("gru", 5, embeddingDim: 3, hiddenSize: 4, numLayers: 1, generator: new Generator(4));
        ICharLanguageModel model = new WindowedModel(inner, 3);
        var session = model.StartGeneration();
        Assert.IsType<ContextWindowSession>(session);
        long[] tokens = [1, 2, 3, 4, 0];
        session.Feed(tokens.AsSpan(0, 4));
        var logits = session.Feed(tokens.AsSpan(4, 1));
        var expected = inner.Forward(Tensor.FromArray(new long[] { 3, 4, 0 }, 1, 3)).Select(1, 2).Reshape(5);
        Close(expected, Tensor.FromArray(logits, 5));
        Assert.Equal(5, ((ContextWindowSession)session).Count);
        Assert.Contains("context length 0 must be positive",
            Assert.Throws<ArgumentException>(() => new ContextWindowSession(new WindowedModel(inner, 0))).Message);
    }

    /// <summary>Evaluation of a recurrent model reads each column as one stream: with one column it equals the loss of a single full pass.</summary>
    [Fact]
    public void StreamEvaluationEqualsOneFullPass()
    {
        var model = new CharRnn("lstm", 6, embeddingDim: 3, hiddenSize: 4, numLayers: 2, generator: new Generator(5));
        long[] tokens = [0, 1, 2, 3, 4, 5, 0, 2, 4, 1, 3, 5, 5, 4];
        var (loss, count) = LanguageModelEvaluation.CrossEntropy(model, tokens, batchSize: 1, window: 4);
        Assert.Equal(tokens.Length - 1, count);
        var logits = model.Forward(Tensor.FromArray(tokens[..^1], 1, tokens.Length - 1));
        var expected = Functional.CrossEntropy(logits.Reshape(-1, 6), Tensor.FromArray(tokens[1..], tokens.Length - 1)).Item();
        Assert.Equal(expected, loss, 5);
        Assert.True(model.Training, "evaluation restores the training mode");
    }

    /// <summary>A fixed-context model is scored over consecutive windows from their starts (full windows batched, then the remainder).</summary>
    [Fact]
    public void WindowEvaluationScoresConsecutiveWindows()
    {
        var model = new WindowedModel(new CharRnn("rnn", 4, embeddingDim: 2, hiddenSize: 3, numLayers: 1, generator: new Generator(6)), 3);
        long[] tokens = [0, 1, 2, 3, 0, 1, 2, 3, 3];
        var (loss, count) = LanguageModelEvaluation.CrossEntropy(model, tokens, batchSize: 2, window: 10);
        Assert.Equal(8, count);
        double sum = 0;
        foreach (var (start, length) in new[] { (0, 3), (3, 3), (6, 2) })
        {
            var logits = model.Inner.Forward(Tensor.FromArray(tokens[start..(start + length)], 1, length));
            sum += Functional.CrossEntropy(logits.Reshape(-1, 4), Tensor.FromArray(tokens[(start + 1)..(start + length + 1)], length), reduction: "sum").Item();
        }
        Assert.Equal(sum / 8, loss, 5);
    }

    [Fact]
    public void ConfigRebuildsTheSameArchitecture()
    {
        var model = new CharRnn("gru", 9, embeddingDim: 5, hiddenSize: 7, numLayers: 3, dropout: 0.25);
        var copy = (CharRnn)LanguageModelCatalog.Create(model.Config);
        Assert.Equal(("gru", 9, 5, 7, 3, 0.25), (copy.CellType, copy.VocabularySize, copy.EmbeddingDim, copy.HiddenSize, copy.NumLayers, copy.Dropout));
        Assert.Equal(model.StateDict().Keys, copy.StateDict().Keys);
    }

    [Fact]
    public void BadArgumentsNameTheProblem()
    {
        Assert.Contains("unknown cell type 'tcn'", Assert.Throws<ArgumentException>(() => new CharRnn("tcn", 5)).Message);
        var model = new CharRnn("lstm", 5, embeddingDim: 2, hiddenSize: 3, numLayers: 1);
        var e = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.FromArray(new long[] { 1, 2 }, 2)));
        Assert.Contains("expected int64 tokens (N, L)", e.Message);
        Assert.Contains("[2]", e.Message);
        var (_, state) = model.ForwardWithState(Tensor.FromArray(new long[] { 1, 2 }, 1, 2), null);
        e = Assert.Throws<ArgumentException>(() => model.ForwardWithState(Tensor.FromArray(new long[] { 1, 2, 3, 4 }, 2, 2), state));
        Assert.Contains("state h has shape [1, 1, 3], expected [1, 2, 3]", e.Message);
        Assert.Contains("unknown model 'gpt9'", Assert.Throws<ArgumentException>(() => LanguageModelCatalog.Find("gpt9")).Message);
        var config = new Dictionary<string, string>(model.Config) { ["hidden"] = "many" };
        Assert.Contains("hidden 'many' is not an integer", Assert.Throws<ArgumentException>(() => LanguageModelCatalog.Create(config)).Message);
    }

    private static void Close(Tensor expected, Tensor actual) =>
        TestUtil.AssertClose(expected.ToArray<double>(), actual.ToArray<double>(), rtol: 1e-5, atol: 1e-6);

    /// <summary>A stand-in for a fixed-context model (GPT-style): only Forward and ContextLength, so it gets the interface's defaults.</summary>
    internal sealed class WindowedModel(CharRnn inner, int context) : ICharLanguageModel
    {
        public CharRnn Inner => inner;

        public int VocabularySize => inner.VocabularySize;

        public int? ContextLength => context;

        public IReadOnlyDictionary<string, string> Config => inner.Config;

        public Module Module => inner;

        public Tensor Forward(Tensor tokens)
        {
            Assert.True(tokens.Size(1) <= context, $"window of {tokens.Size(1)} exceeds the context {context}");
            return inner.Forward(tokens);
        }
    }
}
