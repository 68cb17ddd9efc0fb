namespace Nabla.Models.Text;

/// <summary>
/// BERT's masked-language-model corruption (Devlin et al. 2019, <c>create_pretraining_data.py</c>): in each sequence
/// round(15% of its non-padding length) positions (at least one) are chosen uniformly among those that are not
/// special tokens; each chosen position becomes <c>[MASK]</c> with probability 0.8, a random character with
/// probability 0.1, and stays unchanged otherwise. Labels hold the original token at chosen positions and
/// <see cref="IgnoreIndex"/> everywhere else, so the cross-entropy counts chosen positions only.
/// </summary>
public static class BertMasking
{
    /// <summary>The label of positions that are not predicted (the default <c>ignoreIndex</c> of cross-entropy).</summary>
    public const long IgnoreIndex = -100;

    /// <summary>
    /// Returns the corrupted copy of <paramref name="tokens"/> (rows × <paramref name="length"/>, row-major), the model
    /// inputs, and the labels, both in the same layout; <paramref name="tokens"/> is not modified. Random replacements are drawn from the characters
    /// of a vocabulary of <paramref name="vocabularySize"/> ids; every draw comes from <paramref name="generator"/>.
    /// </summary>
    public static (long[] Inputs, long[] Labels) Mask(ReadOnlySpan<long> tokens, int length, int vocabularySize, Generator generator,
        double maskProbability = 0.15, double maskTokenFraction = 0.8, double randomTokenFraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (length <= 0 || tokens.Length % length != 0)
            throw new ArgumentException($"BertMasking: {tokens.Length} tokens do not form rows of length {length}.");
        if (vocabularySize <= BertVocabulary.FirstCharacter)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), $"BertMasking: a vocabulary of {vocabularySize} ids has no characters to draw random replacements from.");
        if (!(maskProbability > 0 && maskProbability <= 1) || maskTokenFraction < 0 || randomTokenFraction < 0 || maskTokenFraction + randomTokenFraction > 1)
            throw new ArgumentOutOfRangeException(nameof(maskProbability),
                $"BertMasking: probabilities must satisfy 0 < mask probability ≤ 1 and mask + random fractions ≤ 1, got {maskProbability}, {maskTokenFraction}, {randomTokenFraction}.");
        var inputs = tokens.ToArray();
        var labels = new long[tokens.Length];
        Array.Fill(labels, IgnoreIndex);
        var candidates = new int[length];
        for (int row = 0; row * length < tokens.Length; row++)
        {
            int start = row * length, count = 0, content = 0;
            for (int i = 0; i < length; i++)
            {
                long id = tokens[start + i];
                if (id != BertVocabulary.Pad) content++;
                if (!BertVocabulary.IsSpecial(id)) candidates[count++] = i;
            }
            if (count == 0) continue;
            int chosen = Math.Min(count, Math.Max(1, (int)Math.Round(content * maskProbability, MidpointRounding.ToEven)));
            for (int k = 0; k < chosen; k++)
            {
                // A partial Fisher–Yates shuffle: the first `chosen` candidates are a uniform sample without replacement.
                int j = k + (int)generator.NextInt64(0, count - k);
                (candidates[k], candidates[j]) = (candidates[j], candidates[k]);
                int at = start + candidates[k];
                labels[at] = tokens[at];
                double u = generator.NextDouble();
                if (u < maskTokenFraction) inputs[at] = BertVocabulary.Mask;
                else if (u < maskTokenFraction + randomTokenFraction) inputs[at] = generator.NextInt64(BertVocabulary.FirstCharacter, vocabularySize);
            }
        }
        return (inputs, labels);
    }

    /// <summary>As <see cref="Mask(ReadOnlySpan{long}, int, int, Generator, double, double, double)"/> for an int64 (N, L) tensor, returning (N, L) inputs and labels.</summary>
    public static (Tensor Inputs, Tensor Labels) Mask(Tensor tokens, int vocabularySize, Generator generator)
    {
        if (tokens.Rank != 2 || tokens.DType != DType.Int64)
            throw new ArgumentException($"BertMasking: tokens must be an int64 (N, L) tensor, got {tokens.DType} {tokens.Shape}.");
        int rows = tokens.Size(0), length = tokens.Size(1);
        var (inputs, labels) = Mask(tokens.ToArray<long>(), length, vocabularySize, generator);
        return (Tensor.FromArray(inputs, rows, length), Tensor.FromArray(labels, rows, length));
    }
}
