using Nabla.Nn;

namespace Nabla.Models.Seq2Seq;

/// <summary>
/// An encoder–decoder over token ids (ids 0, 1, 2 are PAD, BOS and EOS, as in <see cref="DigitVocabulary"/>).
/// Subclasses provide <see cref="Encode"/> and one decoder <see cref="Decode"/> step; training
/// (<see cref="Forward(Tensor, Tensor, double, Generator?)"/>) and decoding (<see cref="Seq2SeqDecoding"/>) are built
/// on those two. <see cref="Module.Forward"/> on a source (N, S) returns its greedy decoding (N, T), PAD after EOS.
/// </summary>
public abstract class Seq2SeqModel : Module
{
    /// <summary>Sets the vocabulary size V (at least 4: the three special tokens and one symbol).</summary>
    protected Seq2SeqModel(int vocabularySize)
    {
        if (vocabularySize < 4)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), $"{GetType().Name}: vocabulary needs PAD, BOS, EOS and at least one symbol, got size {vocabularySize}.");
        VocabularySize = vocabularySize;
    }

    /// <summary>Number of token ids V.</summary>
    public int VocabularySize { get; }

    /// <summary>Whether <see cref="Decode"/> reports attention weights.</summary>
    public abstract bool HasAttention { get; }

    /// <summary>Encodes sources (N, S) int64, padded with PAD, into the decoder's starting state.</summary>
    public abstract DecoderState Encode(Tensor source);

    /// <summary>One decoder step: consumes <paramref name="tokens"/> (N) int64 (BOS first) and scores the next token.</summary>
    public abstract DecoderStep Decode(DecoderState state, Tensor tokens);

    /// <summary>
    /// Scores every target position (N, T, V) for sources (N, S) given decoder inputs (N, T) = BOS y₁ … (padded).
    /// Each step after the first consumes the true previous token with probability <paramref name="teacherForcing"/>
    /// (drawn per example and step from <paramref name="generator"/>) and the model's own previous argmax otherwise:
    /// 1 is teacher forcing, 0 free running, values between scheduled sampling.
    /// </summary>
    public virtual Seq2SeqOutput Forward(Tensor source, Tensor targetInput, double teacherForcing = 1.0, Generator? generator = null)
    {
        CheckInputs(source, targetInput, teacherForcing);
        int n = targetInput.Size(0), steps = targetInput.Size(1);
        var state = Encode(source);
        var logits = new Tensor[steps];
        var attention = HasAttention ? new Tensor[steps] : null;
        var tokens = targetInput.Select(1, 0);
        for (int t = 0; t < steps; t++)
        {
            if (t > 0 && teacherForcing < 1)
            {
                var predicted = logits[t - 1].Detach().Argmax(1);
                var useTruth = Tensor.Rand([n], DType.Float64, generator).Lt(teacherForcing);
                tokens = Tensor.Where(useTruth, targetInput.Select(1, t), predicted);
            }
            else if (t > 0)
            {
                tokens = targetInput.Select(1, t);
            }
            var step = Decode(state, tokens);
            state = step.State;
            logits[t] = step.Logits;
            if (attention is not null) attention[t] = step.Attention!;
        }
        return new Seq2SeqOutput(Tensor.Stack(logits, 1), attention is null ? null : Tensor.Stack(attention, 1));
    }

    /// <summary>Teacher-forced or scheduled-sampling outputs for a padded batch.</summary>
    public Seq2SeqOutput Forward(Seq2SeqBatch batch, double teacherForcing = 1.0, Generator? generator = null) =>
        Forward(batch.Source, batch.TargetInput, teacherForcing, generator);

    /// <summary>
    /// Mean cross-entropy of <paramref name="logits"/> (N, T, V) against <paramref name="targets"/> (N, T) over the
    /// non-PAD targets only: padding positions contribute neither loss nor gradient.
    /// </summary>
    public static Tensor MaskedLoss(Tensor logits, Tensor targets)
    {
        if (logits.Rank != 3 || targets.Rank != 2 || logits.Size(0) != targets.Size(0) || logits.Size(1) != targets.Size(1))
            throw new ArgumentException($"MaskedLoss: logits {logits.Shape} must be (N, T, V) for targets {targets.Shape} (N, T).");
        return Functional.CrossEntropy(logits.Reshape(-1, logits.Size(2)), targets.Reshape(-1), ignoreIndex: DigitVocabulary.Pad);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Seq2SeqDecoding.GreedyTokens(this, input);

    private protected static void CheckInputs(Tensor source, Tensor targetInput, double teacherForcing)
    {
        if (source.Rank != 2 || targetInput.Rank != 2 || source.Size(0) != targetInput.Size(0))
            throw new ArgumentException($"Seq2Seq: source {source.Shape} and target input {targetInput.Shape} must be (N, S) and (N, T).");
        if (source.Size(1) == 0 || targetInput.Size(1) == 0)
            throw new ArgumentException($"Seq2Seq: source {source.Shape} and target input {targetInput.Shape} must not be empty.");
        if (!(teacherForcing >= 0 && teacherForcing <= 1))
            throw new ArgumentOutOfRangeException(nameof(teacherForcing), $"Seq2Seq: teacher forcing ratio must be in [0, 1], got {teacherForcing}.");
    }
}
