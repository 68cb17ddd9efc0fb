using System.Diagnostics;
using Nabla.Models.Text;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Text;

namespace Nabla.Bench.Workloads;

/// <summary>
/// Character GPT on the fortunes corpus: token + learned position embeddings, 4 pre-LayerNorm blocks (d_model 128,
/// 4 heads, causal self-attention with a fused QKV projection, MLP 128→512→128 with GELU), final LayerNorm and an
/// untied Linear head (nanoGPT's layout and N(0, 0.02) initialisation, <see cref="Gpt"/>); windows of 128
/// characters at random offsets, batch 32, AdamW(3e-4): 30 steps after 3 untimed warm-up steps, like
/// bench/reference/gpt.py.
/// </summary>
public sealed class GptWorkload : Workload
{
    private const int ContextLength = 128;
    private const int BatchSize = 32;

    /// <inheritdoc />
    public override string Name => "gpt";

    /// <inheritdoc />
    public override OrderedDictionary<string, double> RunNabla()
    {
        Tensor.ManualSeed(0);
        var text = FortunesCorpus.Load();
        var vocabulary = CharVocabulary.FromText(text);
        var windows = new RandomWindows(vocabulary.EncodeToArray(text), ContextLength, BatchSize, new Generator(0));
        var model = new Gpt(new GptConfig { VocabSize = vocabulary.Count, BlockSize = ContextLength, NLayer = 4, NHead = 4, NEmbd = 128 });
        var optimizer = new AdamW(model.Parameters(), lr: 3e-4);
        TrainSteps(model, optimizer, windows, 3);
        long start = Stopwatch.GetTimestamp();
        TrainSteps(model, optimizer, windows, 30);
        return new OrderedDictionary<string, double> { ["steps30_s"] = Stopwatch.GetElapsedTime(start).TotalSeconds };
    }

    private static void TrainSteps(Gpt model, AdamW optimizer, RandomWindows windows, int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            using var scope = TensorScope.Begin();
            var (inputs, targets) = windows.Next();
            optimizer.ZeroGrad();
            var logits = model.Forward(inputs);
            int vocab = logits.Shape[2];
            var loss = Functional.CrossEntropy(logits.Reshape(-1, vocab), targets.Reshape(-1));
            loss.Backward();
            optimizer.Step();
        }
    }
}
