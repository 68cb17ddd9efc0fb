using System.Diagnostics;
using Nabla.Autograd;
using Nabla.Optim;
using Nabla.Text;
using F = Nabla.Nn.Functional;

namespace Nabla.Models.Text;

public sealed partial class BertMlm
{
    /// <summary>
    /// Pre-trains a character-level BERT on <paramref name="corpus"/> with the masked-LM objective. The last
    /// <see cref="BertMlmOptions.ValidationFraction"/> of the text is held out; the vocabulary comes from the rest.
    /// Each step draws <paramref name="batchSize"/> windows of <paramref name="seqLength"/> − 2 characters at random
    /// offsets, wraps them in <c>[CLS]</c> … <c>[SEP]</c>, masks them as BERT does (<see cref="BertMasking"/>) and
    /// takes one AdamW step. Every random draw comes from <paramref name="seed"/>, so a run is reproducible.
    /// Returns the model, its validation masked-token loss and accuracy, and the unigram baseline.
    /// </summary>
    public static BertMlmResult Train(string corpus, int steps, int batchSize = 64, int seqLength = 32, int seed = 0, BertMlmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLength, 3);
        options ??= new BertMlmOptions();
        var config = options.Model ?? new BertMlmConfig { MaxLength = seqLength };
        if (seqLength > config.MaxLength)
            throw new ArgumentException($"BertMlm.Train: sequence length {seqLength} exceeds the model's {config.MaxLength} positions.", nameof(seqLength));
        var (trainText, validationText) = TrainValidationSplit.Split(corpus, 1 - options.ValidationFraction);
        int content = seqLength - 2;
        if (trainText.Length < content || validationText.Length < content)
            throw new ArgumentException($"BertMlm.Train: the corpus of {corpus.Length} characters is too short for windows of {content} characters in both parts.", nameof(corpus));

        var vocabulary = BertVocabulary.FromText(trainText);
        var train = vocabulary.Encode(trainText);
        var generator = new Generator(seed);
        var model = new BertMlm(vocabulary, config, generator);
        var decay = model.Parameters().Where(p => p.Rank >= 2).ToList();
        var noDecay = model.Parameters().Where(p => p.Rank < 2).ToList();
        var optimizer = new AdamW(
            [new ParamGroup(decay, new Dictionary<string, double> { ["weight_decay"] = options.WeightDecay }),
             new ParamGroup(noDecay, new Dictionary<string, double> { ["weight_decay"] = 0 })],
            options.LearningRate, (0.9, 0.999), 1e-6);
        int warmup = Math.Clamp(options.WarmupSteps ?? steps / 10, 1, steps);
        var schedule = new LambdaLR(optimizer, t => t < warmup ? (t + 1.0) / warmup : Math.Max(0.0, (steps - t) / (double)Math.Max(1, steps - warmup)));

        var losses = new double[steps];
        var windows = new long[batchSize * seqLength];
        var clock = Stopwatch.StartNew();
        model.Train();
        for (int step = 0; step < steps; step++)
        {
            using var scope = TensorScope.Begin();
            for (int b = 0; b < batchSize; b++)
                Window(train, generator.NextInt64(0, train.Length - content + 1), windows.AsSpan(b * seqLength, seqLength));
            var (inputs, labels) = BertMasking.Mask(windows, seqLength, vocabulary.Count, generator);
            var loss = model.Loss(Tensor.FromArray(inputs, batchSize, seqLength), Tensor.FromArray(labels, batchSize, seqLength));
            optimizer.ZeroGrad();
            loss.Backward();
            ClipGrad.ClipGradNorm_(model.Parameters(), options.MaxGradNorm);
            optimizer.Step();
            schedule.Step();
            losses[step] = loss.Item();
            options.Progress?.Invoke(step + 1, losses[step]);
        }
        clock.Stop();
        var validation = model.Evaluate(validationText, seqLength, options.ValidationSequences, batchSize, options.ValidationSeed);
        return new BertMlmResult(model, validation, UnigramEntropy(train, vocabulary.Count), losses, clock.Elapsed);
    }

    /// <summary>
    /// Masked-token loss and accuracy on <paramref name="text"/>: <paramref name="sequences"/> windows of
    /// <paramref name="seqLength"/> − 2 characters spread evenly over it (fewer if it is short), wrapped in
    /// <c>[CLS]</c> … <c>[SEP]</c> and masked as in training with draws from <paramref name="seed"/>; evaluation mode,
    /// no gradients.
    /// </summary>
    public BertMlmEvaluation Evaluate(string text, int seqLength, int sequences = 256, int batchSize = 32, int seed = 1234)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLength, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int content = seqLength - 2;
        var tokens = Vocabulary.Encode(text);
        if (tokens.Length < content)
            throw new ArgumentException($"BertMlm.Evaluate: {tokens.Length} characters are fewer than one window of {content}.", nameof(text));
        int count = Math.Min(sequences, tokens.Length / content);
        var generator = new Generator(seed);
        double lossSum = 0;
        long correct = 0, scored = 0;
        bool wasTraining = Training;
        Eval();
        try
        {
            using var noGrad = GradMode.NoGrad();
            for (int first = 0; first < count; first += batchSize)
            {
                using var scope = TensorScope.Begin();
                int rows = Math.Min(batchSize, count - first);
                var windows = new long[rows * seqLength];
                for (int r = 0; r < rows; r++)
                {
                    long offset = count == 1 ? 0 : (long)(first + r) * (tokens.Length - content) / (count - 1);
                    Window(tokens, offset, windows.AsSpan(r * seqLength, seqLength));
                }
                var (inputs, labels) = BertMasking.Mask(windows, seqLength, Vocabulary.Count, generator);
                var logits = Forward(Tensor.FromArray(inputs, rows, seqLength)).Reshape(-1, Vocabulary.Count);
                var target = Tensor.FromArray(labels, labels.Length);
                lossSum += F.CrossEntropy(logits, target, ignoreIndex: BertMasking.IgnoreIndex, reduction: "sum").Item();
                var predicted = logits.Argmax(1).ToArray<long>();
                for (int i = 0; i < labels.Length; i++)
                {
                    if (labels[i] == BertMasking.IgnoreIndex) continue;
                    scored++;
                    if (predicted[i] == labels[i]) correct++;
                }
            }
        }
        finally
        {
            Train(wasTraining);
        }
        return new BertMlmEvaluation(lossSum / scored, (double)correct / scored, scored);
    }

    /// <summary>Entropy in nats of the distribution of <paramref name="tokens"/>.</summary>
    public static double UnigramEntropy(ReadOnlySpan<long> tokens, int vocabularySize)
    {
        var counts = new long[vocabularySize];
        foreach (long t in tokens) counts[t]++;
        double entropy = 0;
        foreach (long c in counts)
            if (c > 0)
            {
                double p = (double)c / tokens.Length;
                entropy -= p * Math.Log(p);
            }
        return entropy;
    }

    /// <summary>Writes [CLS], tokens[offset .. offset + L − 2), [SEP] into <paramref name="row"/> of length L.</summary>
    private static void Window(long[] tokens, long offset, Span<long> row)
    {
        row[0] = BertVocabulary.Cls;
        tokens.AsSpan((int)offset, row.Length - 2).CopyTo(row[1..]);
        row[^1] = BertVocabulary.Sep;
    }
}
