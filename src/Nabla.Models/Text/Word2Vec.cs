using System.Diagnostics;
using Nabla.Autograd;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.Models.Text;

/// <summary>
/// Trains word2vec embeddings (Mikolov et al. 2013): skip-gram or CBOW with negative sampling, the random reduced
/// window, subsampling of frequent words and a min-count vocabulary, as <c>word2vec.c</c> does, but built from
/// Nabla <see cref="Embedding"/> tables and tensor ops differentiated by autograd.
/// </summary>
/// <remarks>
/// The optimizer is plain SGD (<see cref="SGD"/>) with the original's schedule: lr_t = lr₀·max(1e-4, 1 − words
/// read / total words), over batches of examples whose losses are summed. SGD rather than Adam because it is the
/// original's (and its learning rates carry over), and because a row the batch does not touch has zero gradient,
/// which SGD leaves exactly unchanged: that is what lets <see cref="Word2VecOptions.SparseGradients"/> update only
/// the touched rows. Adam would move every row on every step (its moments decay) at O(V·D) per step.
/// The input table starts U(−0.5/D, 0.5/D) and the output table at zero, as in the original.
/// </remarks>
public static class Word2Vec
{
    /// <summary>Trains on one stream of tokens (cut into pieces of <see cref="Word2VecCorpus.MaxSentenceLength"/> words).</summary>
    public static Word2VecModel Train(IReadOnlyList<string> tokens, Word2VecOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return Train([tokens], options);
    }

    /// <summary>Trains on <paramref name="sentences"/> (windows never cross from one to the next).</summary>
    public static Word2VecModel Train(IReadOnlyList<IReadOnlyList<string>> sentences, Word2VecOptions? options = null)
    {
        options ??= new Word2VecOptions();
        options.Validate();
        return Train(Word2VecCorpus.Build(sentences, options.MinCount, options.Lowercase), options);
    }

    /// <summary>Trains on an encoded corpus (its vocabulary already applied <c>MinCount</c>; the option is not used again).</summary>
    public static Word2VecModel Train(Word2VecCorpus corpus, Word2VecOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        options ??= new Word2VecOptions();
        options.Validate();
        if (corpus.WordCount == 0)
            throw new ArgumentException("Word2Vec.Train: the corpus has no word in its vocabulary (is MinCount larger than every word's count?).");
        var generator = new Generator(options.Seed);
        int v = corpus.Vocabulary.Count, d = options.Dimension;
        var input = new Embedding(v, d, generator: generator);
        var output = new Embedding(v, d, generator: generator);
        using (GradMode.NoGrad())
        {
            Init.Uniform_(input.Weight, -0.5 / d, 0.5 / d, generator);
            output.Weight.Zero_();
        }
        double lr0 = options.EffectiveLearningRate;
        var optimizer = new SGD([input.Weight, output.Weight], lr: lr0);
        var sampler = options.Negatives > 0 ? new Word2VecNegativeSampler(corpus.Counts, options.NegativePower) : null;
        var batcher = new Word2VecBatcher(corpus, sampler, options.Window, options.Negatives, options.Sample, options.DynamicWindow, generator);
        var step = new Word2VecStep(batcher, input, output, optimizer, options.Mode, options.BatchSize, options.SparseGradients);

        long totalWords = corpus.WordCount * options.Epochs, wordsBefore = 0, steps = 0;
        double lossSum = 0, lr = lr0;
        long examples = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        void Report(int epoch)
        {
            long words = wordsBefore + batcher.WordsRead;
            var elapsed = clock.Elapsed;
            options.Progress?.Invoke(new Word2VecProgress(epoch, steps, words, totalWords, examples > 0 ? lossSum / examples : double.NaN,
                lr, words / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed));
            lossSum = 0;
            examples = 0;
            lastReport = elapsed;
        }

        bool stop = false;
        for (int epoch = 1; epoch <= options.Epochs && !stop; epoch++)
        {
            batcher.Reset();
            int count;
            while ((count = step.NextBatch()) > 0)
            {
                double progress = (wordsBefore + batcher.WordsRead) / (double)(totalWords + 1);
                lr = lr0 * Math.Max(options.MinLearningRateFactor, 1 - progress);
                double loss = step.Step(count, lr);
                if (!double.IsFinite(loss)) throw new InvalidOperationException($"Word2Vec.Train: the loss became {loss} at step {steps + 1}; lower the learning rate.");
                lossSum += loss;
                examples += count;
                steps++;
                if (options.TimeLimit is { } limit && clock.Elapsed >= limit)
                {
                    stop = true;
                    break;
                }
                if (clock.Elapsed - lastReport >= options.ProgressInterval) Report(epoch);
            }
            Report(epoch);
            wordsBefore += corpus.WordCount;
        }
        return new Word2VecModel(corpus.Vocabulary, corpus.Counts, input.Weight.Detach(), output.Weight.Detach(), options.Mode);
    }
}
