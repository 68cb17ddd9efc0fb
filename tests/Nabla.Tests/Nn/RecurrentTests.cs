using Nabla.Nn;
using Nabla.Optim;
using Xunit;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Nn;

public class RecurrentTests
{
    [Fact]
    public void LayerParameterNamesAndShapesFollowPyTorch()
    {
        var lstm = new LSTM(3, 4, numLayers: 2, bidirectional: true, generator: new Generator(1));
        var got = lstm.NamedParameters().Select(p => $"{p.Name}:{string.Join("x", p.Parameter.Shape.ToArray())}").ToArray();
        // Names and shapes printed by torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True).named_parameters().
        string[] expected =
        [
            "weight_ih_l0:16x3", "weight_hh_l0:16x4", "bias_ih_l0:16", "bias_hh_l0:16",
            "weight_ih_l0_reverse:16x3", "weight_hh_l0_reverse:16x4", "bias_ih_l0_reverse:16", "bias_hh_l0_reverse:16",
            "weight_ih_l1:16x8", "weight_hh_l1:16x4", "bias_ih_l1:16", "bias_hh_l1:16",
            "weight_ih_l1_reverse:16x8", "weight_hh_l1_reverse:16x4", "bias_ih_l1_reverse:16", "bias_hh_l1_reverse:16",
        ];
        Assert.Equal(expected, got);
        var gru = new GRU(2, 5, bias: false);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0"], gru.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], new GRUCell(2, 3).NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(new[] { 12, 2 }, new LSTMCell(2, 3).WeightIh.Shape.ToArray());
        Assert.Equal(new[] { 3, 3 }, new RNNCell(2, 3, nonlinearity: "relu").WeightHh.Shape.ToArray());
    }

    [Fact]
    public void LstmProjection()
    {
        var lstm = new LSTM(3, 4, numLayers: 2, bidirectional: true, projSize: 2);
        var shapes = lstm.NamedParameters().Where(p => p.Name.EndsWith("_l1_reverse"))
            .Select(p => $"{p.Name}:{string.Join("x", p.Parameter.Shape.ToArray())}").ToArray();
        // As torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2) names them.
        Assert.Equal(["weight_ih_l1_reverse:16x4", "weight_hh_l1_reverse:16x2", "bias_ih_l1_reverse:16", "bias_hh_l1_reverse:16",
            "weight_hr_l1_reverse:2x4"], shapes);
        var (o, (h, c)) = lstm.ForwardWithState(Tensor.Zeros(5, 3, 3));
        Assert.Equal(new[] { 5, 3, 4 }, o.Shape.ToArray());
        Assert.Equal(new[] { 4, 3, 2 }, h.Shape.ToArray());
        Assert.Equal(new[] { 4, 3, 4 }, c.Shape.ToArray());
        Assert.Contains("proj_size=2", lstm.ToString());
        Assert.Contains("proj_size has to be", Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(3, 4, projSize: 4)).Message);
        var e = Assert.Throws<ArgumentException>(() => Recurrent.Rnn(RecurrentMode.Gru, Tensor.Zeros(2, 1, 3), null, null, [], true, 1, 0, false, false, false, projSize: 1));
        Assert.Contains("GRU: proj_size 1", e.Message);
    }

    [Fact]
    public void DefaultInitIsUniformWithinOneOverSqrtHidden()
    {
        var rnn = new RNN(5, 16, numLayers: 2, generator: new Generator(3));
        var values = rnn.Parameters().SelectMany(p => p.ToArray<float>()).ToArray();
        Assert.All(values, v => Assert.InRange(v, -0.25f, 0.25f));
        Assert.True(values.Max() > 0.23f && values.Min() < -0.23f);
        Assert.InRange(values.Average(), -0.02, 0.02);
    }

    [Fact]
    public void ModulesMatchTheFunctionalForms()
    {
        var g = new Generator(5);
        var x = Tensor.Randn([4, 2, 3], DType.Float32, g);
        var lstm = new LSTM(3, 2, numLayers: 2, generator: g);
        var h0 = Tensor.Randn([2, 2, 2], DType.Float32, g);
        var c0 = Tensor.Randn([2, 2, 2], DType.Float32, g);
        var (output, (hn, cn)) = lstm.ForwardWithState(x, (h0, c0));
        var (eo, eh, ec) = Recurrent.Rnn(RecurrentMode.Lstm, x, h0, c0, lstm.FlatWeights, true, 2, 0, true, false, false);
        Assert.Equal(eo.ToArray<float>(), output.ToArray<float>());
        Assert.Equal(eh.ToArray<float>(), hn.ToArray<float>());
        Assert.Equal(ec!.ToArray<float>(), cn.ToArray<float>());
        Assert.Equal(lstm.Forward(x, null).Output.ToArray<float>(), lstm.Forward(x).ToArray<float>());

        // The last output step of a one-layer unidirectional net is its final state, and the cell reproduces the step.
        var cell = new GRUCell(3, 2, generator: g);
        var gru = new GRU(3, 2);
        using (Tensor.NoGrad())
            for (int i = 0; i < 4; i++) gru.FlatWeights[i].CopyFrom_(cell.Parameters().ElementAt(i));
        var (go, gh) = gru.Forward(x, null);
        Tensor? h = null;
        for (int t = 0; t < 4; t++) h = cell.Forward(x.Select(0, t), h);
        TestUtil.AssertClose(h!.ToArray<double>(), gh.Select(0, 0).ToArray<double>());
        TestUtil.AssertClose(h.ToArray<double>(), go.Select(0, 3).ToArray<double>());
    }

    [Fact]
    public void OutputShapes()
    {
        var x = Tensor.Randn([2, 5, 3], DType.Float32, new Generator(1));
        var gru = new GRU(3, 4, numLayers: 3, batchFirst: true, bidirectional: true);
        var (o, hn) = gru.ForwardWithState(x);
        Assert.Equal(new[] { 2, 5, 8 }, o.Shape.ToArray());
        Assert.Equal(new[] { 6, 2, 4 }, hn.Shape.ToArray());
        var (uo, (uh, uc)) = new LSTM(3, 4).ForwardWithState(x.Select(0, 0));
        Assert.Equal(new[] { 5, 4 }, uo.Shape.ToArray());
        Assert.Equal(new[] { 1, 4 }, uh.Shape.ToArray());
        Assert.Equal(new[] { 1, 4 }, uc.Shape.ToArray());
        Assert.Equal(new[] { 4 }, new RNNCell(3, 4).Forward(x.Select(0, 0).Select(0, 0)).Shape.ToArray());
        var (ch, cc) = new LSTMCell(3, 4).Forward(x.Select(0, 0), null);
        Assert.Equal(new[] { 5, 4 }, ch.Shape.ToArray());
        Assert.Equal(new[] { 5, 4 }, cc.Shape.ToArray());
    }

    [Fact]
    public void Float64InputsWithFloat64Weights()
    {
        var x = Tensor.Randn([3, 1, 2], DType.Float64, new Generator(2));
        var w = new[] { Tensor.Randn([3, 2], DType.Float64), Tensor.Randn([3, 1], DType.Float64) };
        var (o, hn, _) = Recurrent.Rnn(RecurrentMode.Gru, x, null, null, w, false, 1, 0, false, false, false);
        Assert.Equal(DType.Float64, o.DType);
        Assert.Equal(DType.Float64, hn.DType);
    }

    [Fact]
    public void DropoutActsBetweenLayersOnlyWhileTraining()
    {
        var x = Tensor.Randn([4, 2, 3], DType.Float32, new Generator(4));
        var rnn = new RNN(3, 8, numLayers: 2, dropout: 0.5, generator: new Generator(6));
        var train = rnn.Forward(x).ToArray<float>();
        rnn.Eval();
        var eval1 = rnn.Forward(x).ToArray<float>();
        var eval2 = rnn.Forward(x).ToArray<float>();
        Assert.Equal(eval1, eval2);
        Assert.NotEqual(eval1, train);
    }

    [Fact]
    public void Errors()
    {
        Assert.Contains("nonlinearity 'sigmoid'", Assert.Throws<ArgumentException>(() => new RNN(2, 3, nonlinearity: "sigmoid")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(2, 3, numLayers: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GRU(2, 3, dropout: 1.5));
        var lstm = new LSTM(2, 3);
        var x = Tensor.Zeros(4, 5, 2);
        var e = Assert.Throws<ArgumentException>(() => lstm.ForwardWithState(x, (Tensor.Zeros(1, 4, 3), Tensor.Zeros(1, 5, 3))));
        Assert.Contains("LSTM: h0 shape [1, 4, 3] does not match the expected [1, 5, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(4, 5, 3)));
        Assert.Contains("LSTM", e.Message);
        Assert.Contains("input size 3", e.Message);
        Assert.Contains("rank 2 (unbatched) or 3", Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(2))).Message);
        Assert.Contains("sequence length", Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(0, 5, 2))).Message);
        e = Assert.Throws<ArgumentException>(() => new GRUCell(2, 3).Forward(Tensor.Zeros(4, 2), Tensor.Zeros(3, 3)));
        Assert.Contains("GRUCell: hx shape [3, 3] does not match the expected [4, 3]", e.Message);
    }

    [Fact]
    public void ReprLikePyTorch()
    {
        Assert.Contains("LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)",
            new LSTM(3, 4, numLayers: 2, batchFirst: true, bidirectional: true).ToString());
        Assert.Contains("RNNCell(2, 3, nonlinearity=relu)", new RNNCell(2, 3, nonlinearity: "relu").ToString());
    }

    /// <summary>
    /// The curriculum's "hello" char-RNN: alphabet {h, e, l, o} one-hot, hidden size 3, a linear read-out, trained with
    /// Adam on "hell" → "ello" until the argmax of every step is right (the second 'l' must predict 'o', which only the
    /// hidden state can tell from the first).
    /// </summary>
    [Fact]
    public void HelloCharRnnLearnsToPredictEllo()
    {
        const string alphabet = "helo";
        var g = new Generator(0);
        var rnn = new RNN(4, 3, generator: g);
        var head = new Linear(3, 4, generator: g);
        var input = new float[4 * 4];
        for (int t = 0; t < 4; t++) input[t * 4 + alphabet.IndexOf("hell"[t])] = 1;
        var x = Tensor.FromArray(input, 4, 1, 4);
        var target = Tensor.FromArray("ello".Select(ch => (long)alphabet.IndexOf(ch)).ToArray(), 4);
        var opt = new Adam(rnn.Parameters().Concat(head.Parameters()), lr: 0.1);
        string predicted = "";
        double first = 0, loss = 0;
        for (int step = 0; step < 300 && predicted != "ello"; step++)
        {
            opt.ZeroGrad();
            var logits = head.Forward(rnn.Forward(x).Reshape(4, 3));
            var l = F.CrossEntropy(logits, target);
            l.Backward();
            opt.Step();
            loss = l.Item();
            if (step == 0) first = loss;
            predicted = new string(logits.Argmax(1).ToArray<long>().Select(i => alphabet[(int)i]).ToArray());
        }
        Assert.Equal("ello", predicted);
        Assert.True(loss < first, $"loss {loss} did not fall from {first}");

        // Generation keeps the hidden state across steps: feed 'h', then each greedy prediction back in.
        var text = "h";
        Tensor? h = null;
        for (int t = 0; t < 4; t++)
        {
            var oneHot = Tensor.Zeros(1, 1, 4);
            using (Tensor.NoGrad()) oneHot.Select(2, alphabet.IndexOf(text[^1])).Fill_(1);
            var (output, hn) = rnn.ForwardWithState(oneHot, h);
            h = hn;
            text += alphabet[(int)head.Forward(output.Reshape(1, 3)).Argmax(1).ToArray<long>()[0]];
        }
        Assert.Equal("hello", text);
    }

    /// <summary>Curriculum B21: with W = [[1,2,3,4],[5,6,7,8],[9,10,11,12]], W·onehot(h) is W's first column [1, 5, 9].</summary>
    [Fact]
    public void OneHotInputSelectsAColumnOfWeightIh()
    {
        var cell = new RNNCell(4, 3, bias: false, nonlinearity: "relu");
        using (Tensor.NoGrad())
        {
            cell.WeightIh.CopyFrom_(Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 3, 4));
            cell.WeightHh.Zero_();
        }
        var h = cell.Forward(Tensor.FromArray(new float[] { 1, 0, 0, 0 }, 4), null);
        Assert.Equal(new float[] { 1, 5, 9 }, h.ToArray<float>());
    }
}
