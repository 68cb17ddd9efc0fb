using System.Diagnostics;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Text;

namespace Nabla.Bench.Workloads;

/// <summary>
/// Character language model on the fortunes corpus: Embedding(vocab,64) → 2-layer LSTM(hidden 256, batch-first) →
/// Linear(256,vocab), windows of 100 characters at random offsets, batch 32, Adam(2e-3) with gradient-norm clipping
/// at 1.0: 30 steps after 3 untimed warm-up steps, like bench/reference/lstm.py.
/// </summary>
public sealed class LstmWorkload : Workload
{
    private const int SequenceLength = 100;
    private const int BatchSize = 32;

    /// <inheritdoc />
    public override string Name => "lstm";

    /// <inheritdoc />
    public override OrderedDictionary<string, double> RunNabla()
    {
        Tensor.ManualSeed(0);
        var text = FortunesCorpus.Load();
        var vocabulary = CharVocabulary.FromText(text);
        var windows = new RandomWindows(vocabulary.EncodeToArray(text), SequenceLength, BatchSize, new Generator(0));
        var embedding = new Embedding(vocabulary.Count, 64);
        var lstm = new LSTM(64, 256, numLayers: 2, batchFirst: true);
        var head = new Linear(256, vocabulary.Count);
        Tensor[] parameters = [.. embedding.Parameters(), .. lstm.Parameters(), .. head.Parameters()];
        var optimizer = new Adam(parameters, lr: 2e-3);
        TrainSteps(embedding, lstm, head, parameters, optimizer, windows, 3);
        long start = Stopwatch.GetTimestamp();
        TrainSteps(embedding, lstm, head, parameters, optimizer, windows, 30);
        return new OrderedDictionary<string, double> { ["steps30_s"] = Stopwatch.GetElapsedTime(start).TotalSeconds };
    }

    private static void TrainSteps(Embedding embedding, LSTM lstm, Linear head, Tensor[] parameters, Adam optimizer,
        RandomWindows windows, int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            using var scope = TensorScope.Begin();
            var (inputs, targets) = windows.Next();
            optimizer.ZeroGrad();
            var (hidden, _) = lstm.ForwardWithState(embedding.Forward(inputs));
            var logits = head.Forward(hidden);
            int vocab = logits.Dims[2];
            var loss = Functional.CrossEntropy(logits.Reshape(-1, vocab), targets.Reshape(-1));
            loss.Backward();
            ClipGrad.ClipGradNorm_(parameters, 1.0);
            optimizer.Step();
        }
    }
}
