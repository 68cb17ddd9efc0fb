namespace Nabla.Models.Text;

/// <summary>The two word2vec architectures (Mikolov et al. 2013).</summary>
public enum Word2VecMode
{
    /// <summary>The centre word's input vector predicts each context word's output vector.</summary>
    SkipGram,

    /// <summary>The mean of the context words' input vectors predicts the centre word's output vector.</summary>
    Cbow,
}

/// <summary>
/// Hyperparameters of <see cref="Word2Vec.Train(Word2VecCorpus, Word2VecOptions?)"/>. Defaults follow the original
/// <c>word2vec.c</c> (dimension 100, window 5, 5 negatives, min-count 5, sample 1e-3, 5 epochs, learning rate 0.025 for
/// skip-gram and 0.05 for CBOW decaying linearly to 1e-4 of that).
/// </summary>
public sealed class Word2VecOptions
{
    /// <summary>Skip-gram or CBOW.</summary>
    public Word2VecMode Mode { get; set; } = Word2VecMode.SkipGram;

    /// <summary>Embedding size D.</summary>
    public int Dimension { get; set; } = 100;

    /// <summary>Maximum distance between the centre word and a context word.</summary>
    public int Window { get; set; } = 5;

    /// <summary>
    /// Whether each centre word draws its window uniformly from 1..<see cref="Window"/> (the original's "reduced
    /// window", which weights near words more); false uses the full window everywhere.
    /// </summary>
    public bool DynamicWindow { get; set; } = true;

    /// <summary>Negative samples k per positive example, drawn from the unigram distribution raised to <see cref="NegativePower"/>.</summary>
    public int Negatives { get; set; } = 5;

    /// <summary>The exponent of the negative-sampling distribution (0.75 in the paper).</summary>
    public double NegativePower { get; set; } = 0.75;

    /// <summary>Passes over the corpus.</summary>
    public int Epochs { get; set; } = 5;

    /// <summary>Words seen fewer times are dropped from the vocabulary (and from the training text).</summary>
    public int MinCount { get; set; } = 5;

    /// <summary>Whether words are lowercased before counting.</summary>
    public bool Lowercase { get; set; } = true;

    /// <summary>
    /// The subsampling threshold t: a word of corpus frequency f is kept with probability min(1, √(t/f) + t/f), the
    /// rule of <c>word2vec.c</c>; 0 disables subsampling. The paper suggests t ≈ 1e-5 for billion-word corpora.
    /// </summary>
    public double Sample { get; set; } = 1e-3;

    /// <summary>The starting learning rate; null means 0.025 for skip-gram and 0.05 for CBOW.</summary>
    public double? LearningRate { get; set; }

    /// <summary>The rate never falls below this fraction of the starting rate (1e-4 in the original).</summary>
    public double MinLearningRateFactor { get; set; } = 1e-4;

    /// <summary>Examples per optimizer step: (centre, context) pairs for skip-gram, centre words for CBOW.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// Whether each step gathers the rows the batch touches into small leaf tensors, differentiates those and applies
    /// the SGD update to those rows only; false differentiates the full (V, D) tables and steps <c>Optim.SGD</c> on
    /// them. Both give the same result (rows outside the batch have zero gradient, which plain SGD leaves unchanged);
    /// the sparse path avoids the O(V·D) gradient, zeroing and update of every step.
    /// </summary>
    public bool SparseGradients { get; set; } = true;

    /// <summary>Seed of the initialisation, window, subsampling and negative-sampling streams.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>Stops training early once this much time has passed (the learning-rate schedule still assumes all epochs).</summary>
    public TimeSpan? TimeLimit { get; set; }

    /// <summary>Called about every <see cref="ProgressInterval"/> and at the end of every epoch.</summary>
    public Action<Word2VecProgress>? Progress { get; set; }

    /// <summary>Time between <see cref="Progress"/> reports.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The starting learning rate in effect: <see cref="LearningRate"/> or the mode's default.</summary>
    public double EffectiveLearningRate => LearningRate ?? (Mode == Word2VecMode.SkipGram ? 0.025 : 0.05);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        static void Positive(double value, string name)
        {
            if (!(value > 0)) throw new ArgumentOutOfRangeException(name, $"Word2VecOptions: {name} must be positive, got {value}.");
        }
        Positive(Dimension, nameof(Dimension));
        Positive(Window, nameof(Window));
        Positive(Epochs, nameof(Epochs));
        Positive(MinCount, nameof(MinCount));
        Positive(BatchSize, nameof(BatchSize));
        Positive(EffectiveLearningRate, nameof(LearningRate));
        Positive(NegativePower, nameof(NegativePower));
        if (Negatives < 0) throw new ArgumentOutOfRangeException(nameof(Negatives), $"Word2VecOptions: Negatives must be non-negative, got {Negatives}.");
        if (!(Sample >= 0)) throw new ArgumentOutOfRangeException(nameof(Sample), $"Word2VecOptions: Sample must be non-negative, got {Sample}.");
        if (MinLearningRateFactor is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(MinLearningRateFactor), $"Word2VecOptions: MinLearningRateFactor must be in [0, 1], got {MinLearningRateFactor}.");
    }
}

/// <summary>A training report.</summary>
/// <param name="Epoch">The epoch under way, from 1.</param>
/// <param name="Step">Optimizer steps taken so far.</param>
/// <param name="Words">Corpus words read so far, over all epochs (before subsampling, as <c>word2vec.c</c> counts them).</param>
/// <param name="TotalWords">Corpus words in all epochs together.</param>
/// <param name="Loss">Mean loss per example since the previous report.</param>
/// <param name="LearningRate">The learning rate of the latest step.</param>
/// <param name="WordsPerSecond">Corpus words read per second since training started.</param>
/// <param name="Elapsed">Time since training started.</param>
public readonly record struct Word2VecProgress(
    int Epoch, long Step, long Words, long TotalWords, double Loss, double LearningRate, double WordsPerSecond, TimeSpan Elapsed);
