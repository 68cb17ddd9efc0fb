using Nabla.Text;

namespace Nabla.Models.Text;

/// <summary>
/// Draws text from a language model: the prompt is fed once, then each drawn token is fed back
/// (<see cref="ICharLanguageModel.StartGeneration"/>), with temperature, optional top-k and a seeded generator.
/// </summary>
public static class LanguageModelSampler
{
    /// <summary>
    /// Draws a token from <paramref name="logits"/> (V): softmax(logits / <paramref name="temperature"/>) restricted to
    /// the <paramref name="topK"/> largest logits (ties with the k-th included; all when null). Temperature 0 takes the
    /// first largest logit (greedy) and draws nothing from <paramref name="generator"/>.
    /// </summary>
    public static int Choose(ReadOnlySpan<float> logits, double temperature, int? topK, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        CheckOptions(temperature, topK);
        if (logits.IsEmpty) throw new ArgumentException("LanguageModelSampler.Choose: the logits are empty.");
        int best = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            if (float.IsNaN(logits[i])) throw new ArgumentException($"LanguageModelSampler.Choose: logit {i} is NaN.");
            if (logits[i] > logits[best]) best = i;
        }
        double max = logits[best];
        if (double.IsNegativeInfinity(max)) throw new ArgumentException("LanguageModelSampler.Choose: every logit is -infinity.");
        if (temperature == 0) return best;
        double threshold = double.NegativeInfinity;
        if (topK is int k && k < logits.Length)
        {
            var sorted = logits.ToArray();
            Array.Sort(sorted);
            threshold = sorted[^k];
        }
        var weights = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            weights[i] = logits[i] >= threshold ? Math.Exp((logits[i] - max) / temperature) : 0;
            sum += weights[i];
        }
        double u = generator.NextDouble() * sum;
        double cumulative = 0;
        int last = best;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] == 0) continue;
            cumulative += weights[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last;
    }

    /// <summary>
    /// Feeds <paramref name="prompt"/> (at least one token) to <paramref name="model"/> and draws <paramref name="length"/>
    /// tokens after it with <see cref="Choose"/>, in evaluation mode (no dropout) and without gradients; returns the drawn
    /// tokens. <paramref name="generator"/> defaults to <see cref="Generator.Default"/>.
    /// </summary>
    public static long[] Sample(ICharLanguageModel model, ReadOnlySpan<long> prompt, int length, double temperature = 1.0,
        int? topK = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        CheckOptions(temperature, topK);
        if (prompt.IsEmpty) throw new ArgumentException("LanguageModelSampler.Sample: the prompt needs at least one token.");
        foreach (long t in prompt)
            if ((ulong)t >= (ulong)model.VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(prompt), $"LanguageModelSampler.Sample: prompt token {t} is outside the vocabulary [0, {model.VocabularySize}).");
        generator ??= Generator.Default;
        var result = new long[length];
        if (length == 0) return result;
        bool training = model.Module.Training;
        model.Module.Eval();
        try
        {
            var session = model.StartGeneration();
            var logits = session.Feed(prompt);
            for (int i = 0; i < length; i++)
            {
                result[i] = Choose(logits, temperature, topK, generator);
                if (i + 1 < length) logits = session.Feed([result[i]]);
            }
        }
        finally
        {
            model.Module.Train(training);
        }
        return result;
    }

    /// <summary>
    /// Encodes <paramref name="prompt"/> with <paramref name="vocabulary"/>, draws <paramref name="length"/> characters
    /// after it (see <see cref="Sample(ICharLanguageModel, ReadOnlySpan{long}, int, double, int?, Generator?)"/>) and
    /// returns them decoded, without the prompt.
    /// </summary>
    public static string Sample(ICharLanguageModel model, CharVocabulary vocabulary, string prompt, int length,
        double temperature = 1.0, int? topK = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(prompt);
        if (vocabulary.Count != model.VocabularySize)
            throw new ArgumentException($"LanguageModelSampler.Sample: the vocabulary has {vocabulary.Count} characters, the model {model.VocabularySize}.");
        return vocabulary.Decode(Sample(model, vocabulary.EncodeToArray(prompt), length, temperature, topK, generator));
    }

    private static void CheckOptions(double temperature, int? topK)
    {
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"LanguageModelSampler: temperature {temperature} must be non-negative and finite.");
        if (topK is < 1)
            throw new ArgumentOutOfRangeException(nameof(topK), $"LanguageModelSampler: top-k {topK} must be at least 1.");
    }
}
