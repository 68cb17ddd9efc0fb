using Nabla.Nn;
using Nabla.Optim;
using Nabla.Text;
using Xunit;
using static Nabla.Tests.TestUtil;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Nn;

/// <summary>
/// Truncated backpropagation through time: the state returned by one batch, detached, starts the next, so values are
/// those of one long forward pass while gradients stop at the batch boundary.
/// </summary>
public class TbpttTests
{
    private const int Length = 12, Chunk = 4, Batch = 2, InputSize = 3, Hidden = 5;

    [Fact]
    public void DetachedCarriedStateReproducesTheFullSequence()
    {
        var x = Tensor.Randn([Length, Batch, InputSize], DType.Float32, new Generator(1));
        var lstm = new LSTM(InputSize, Hidden, numLayers: 2, generator: new Generator(2));
        var gru = new GRU(InputSize, Hidden, numLayers: 2, generator: new Generator(3));
        var (lstmFull, (hFull, cFull)) = lstm.ForwardWithState(x);
        var (gruFull, gruHFull) = gru.ForwardWithState(x);

        (Tensor H, Tensor C)? state = null;
        Tensor? gruState = null;
        var (lstmParts, gruParts) = (new List<Tensor>(), new List<Tensor>());
        for (int start = 0; start < Length; start += Chunk)
        {
            var xs = x.Narrow(0, start, Chunk);
            var (o, (h, c)) = lstm.ForwardWithState(xs, state);
            state = (h.Detach(), c.Detach());
            lstmParts.Add(o);
            var (go, gh) = gru.ForwardWithState(xs, gruState);
            gruState = gh.Detach();
            gruParts.Add(go);
        }
        AssertClose(Values(lstmFull), Values(Tensor.Cat([.. lstmParts], 0)), 1e-6, 1e-7);
        AssertClose(Values(hFull), Values(state!.Value.H), 1e-6, 1e-7);
        AssertClose(Values(cFull), Values(state.Value.C), 1e-6, 1e-7);
        AssertClose(Values(gruFull), Values(Tensor.Cat([.. gruParts], 0)), 1e-6, 1e-7);
        AssertClose(Values(gruHFull), Values(gruState!), 1e-6, 1e-7);
        Assert.True(state.Value.H.IsLeaf && !state.Value.H.RequiresGrad);
    }

    private static double[] Values(Tensor t) => t.To(DType.Float64).ToArray<double>();

    /// <summary>The gradient of batch k's loss on x, split into the rows of each earlier batch and of batch k.</summary>
    private static (double Earlier, double Current) GradientReach(bool detach, RecurrentMode mode)
    {
        var x = Leaf(1, Length, Batch, InputSize);
        var module = mode == RecurrentMode.Lstm ? (RecurrentBase)new LSTM(InputSize, Hidden, generator: new Generator(2)) : new GRU(InputSize, Hidden, generator: new Generator(3));
        module.To(DType.Float64);
        Tensor? h = null, c = null, last = null;
        for (int start = 0; start < Length; start += Chunk)
        {
            var (output, hn, cn) = Recurrent.Rnn(mode, x.Narrow(0, start, Chunk), h, c, module.FlatWeights, true, 1, 0, false, false, false);
            (h, c) = detach ? (hn.Detach(), cn?.Detach()) : (hn, cn);
            last = output;
        }
        last!.Pow(2).Sum().Backward();
        var g = x.Grad!;
        return (g.Narrow(0, 0, Length - Chunk).Abs().Max().Item(), g.Narrow(0, Length - Chunk, Chunk).Abs().Max().Item());
    }

    [Theory]
    [InlineData(RecurrentMode.Lstm)]
    [InlineData(RecurrentMode.Gru)]
    public void GradientsOfABatchDoNotReachEarlierBatches(RecurrentMode mode)
    {
        var (earlier, current) = GradientReach(detach: true, mode);
        Assert.Equal(0.0, earlier);
        Assert.True(current > 1e-3, $"the last batch's own inputs get gradient {current}");
        var (undetached, _) = GradientReach(detach: false, mode);
        Assert.True(undetached > 1e-6, $"without Detach the gradient reaches earlier inputs ({undetached})");
    }

    /// <summary>
    /// A character LSTM language model trained with TBPTT over <see cref="ContiguousStream"/> batches of a periodic text:
    /// the state is carried (detached) from batch to batch within an epoch and reset at each epoch's start, and the
    /// mean loss of the last epoch falls far below the first one's (the next character is determined by the context).
    /// </summary>
    [Fact]
    public void CharLstmTrainsOverContiguousStreamBatches()
    {
        string text = string.Concat(Enumerable.Repeat("the cat sat on the mat. ", 40));
        var vocabulary = CharVocabulary.FromText(text);
        var stream = new ContiguousStream(vocabulary.EncodeToArray(text), batchSize: 4);
        var g = new Generator(0);
        var embedding = new Embedding(vocabulary.Count, 8, generator: g);
        var lstm = new LSTM(8, 32, generator: g);
        var head = new Linear(32, vocabulary.Count, generator: g);
        Tensor[] parameters = [.. embedding.Parameters(), .. lstm.Parameters(), .. head.Parameters()];
        var optimizer = new Adam(parameters, lr: 0.02);
        var epochLoss = new List<double>();
        for (int epoch = 0; epoch < 8; epoch++)
        {
            (Tensor H, Tensor C)? state = null;
            double sum = 0;
            int count = 0;
            foreach (var (inputs, targets) in stream.Batches(12))
            {
                using var scope = TensorScope.Begin();
                optimizer.ZeroGrad();
                var (output, (h, c)) = lstm.ForwardWithState(embedding.Forward(inputs), state);
                state = (scope.Keep(h.Detach()), scope.Keep(c.Detach()));
                var loss = F.CrossEntropy(head.Forward(output).Reshape(-1, vocabulary.Count), targets.Reshape(-1));
                loss.Backward();
                ClipGrad.ClipGradNorm_(parameters, 1.0);
                optimizer.Step();
                sum += loss.Item();
                count++;
            }
            epochLoss.Add(sum / count);
        }
        Assert.True(epochLoss[^1] < 0.2 * epochLoss[0], $"epoch losses {string.Join(", ", epochLoss.Select(l => l.ToString("F3")))}");
        Assert.True(epochLoss[^1] < 0.3, $"final epoch loss {epochLoss[^1]:F3}");
    }
}
