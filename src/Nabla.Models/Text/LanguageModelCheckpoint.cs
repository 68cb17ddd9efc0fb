using System.Globalization;
using Nabla.IO;
using Nabla.Text;

namespace Nabla.Models.Text;

/// <summary>
/// A trained language model in one safetensors file: the state dict as tensors, and in the metadata the model's
/// <see cref="ICharLanguageModel.Config"/> plus the character vocabulary (UTF-16 code units as comma-separated
/// decimals under <c>"vocabulary"</c>), so <see cref="Load"/> needs nothing else. Written atomically.
/// </summary>
public static class LanguageModelCheckpoint
{
    /// <summary>Metadata key of the vocabulary's characters.</summary>
    public const string VocabularyKey = "vocabulary";

    /// <summary>Metadata key of the vocabulary's unknown character, present only when it has one.</summary>
    public const string UnknownKey = "vocabulary_unknown";

    /// <summary>
    /// Writes <paramref name="model"/>'s weights, configuration and <paramref name="vocabulary"/> to <paramref name="path"/>,
    /// with <paramref name="extra"/> metadata (e.g. training figures) that must not reuse the configuration's keys.
    /// </summary>
    public static void Save(string path, ICharLanguageModel model, CharVocabulary vocabulary, IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count != model.VocabularySize)
            throw new ArgumentException($"LanguageModelCheckpoint.Save: the vocabulary has {vocabulary.Count} characters, the model {model.VocabularySize}.");
        var metadata = new Dictionary<string, string>(model.Config) { ["format"] = "pt" };
        metadata[VocabularyKey] = string.Join(',', vocabulary.Chars.Select(c => ((int)c).ToString(CultureInfo.InvariantCulture)));
        if (vocabulary.Unknown is char u) metadata[UnknownKey] = ((int)u).ToString(CultureInfo.InvariantCulture);
        if (extra is not null)
            foreach (var (key, value) in extra)
                if (!metadata.TryAdd(key, value))
                    throw new ArgumentException($"LanguageModelCheckpoint.Save: extra metadata key '{key}' is already used.");
        Safetensors.Save(path, model.Module.StateDict(), metadata);
    }

    /// <summary>
    /// Reads a checkpoint written by <see cref="Save"/>: the rebuilt model (in evaluation mode), its vocabulary and the
    /// whole metadata. A file that is corrupt, not safetensors, or not such a checkpoint raises
    /// <see cref="InvalidDataException"/> naming <paramref name="path"/>.
    /// </summary>
    public static (ICharLanguageModel Model, CharVocabulary Vocabulary, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        var weights = Safetensors.Load(path, out var metadata);
        if (!metadata.ContainsKey("model") || !metadata.ContainsKey(VocabularyKey))
            throw new InvalidDataException(
                $"{path} is not a character language model checkpoint: its metadata lacks 'model' and '{VocabularyKey}' (write one with `nabla text train --save`).");
        var vocabulary = ParseVocabulary(path, metadata);
        ICharLanguageModel model;
        try
        {
            model = LanguageModelCatalog.Create(metadata);
            if (model.VocabularySize != vocabulary.Count)
                throw new ArgumentException($"the model has {model.VocabularySize} tokens but the vocabulary {vocabulary.Count} characters");
            model.Module.LoadStateDict(weights);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: the checkpoint does not describe a usable model: {e.Message}", e);
        }
        model.Module.Eval();
        return (model, vocabulary, metadata);
    }

    private static CharVocabulary ParseVocabulary(string path, Dictionary<string, string> metadata)
    {
        var chars = new List<char>();
        foreach (var part in metadata[VocabularyKey].Split(','))
            chars.Add(ParseChar(path, part));
        char? unknown = metadata.TryGetValue(UnknownKey, out var u) ? ParseChar(path, u) : null;
        var vocabulary = new CharVocabulary(chars, unknown);
        if (vocabulary.Count != chars.Count)
            throw new InvalidDataException($"{path}: the vocabulary lists a character twice.");
        return vocabulary;
    }

    private static char ParseChar(string path, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code <= char.MaxValue
            ? (char)code
            : throw new InvalidDataException($"{path}: the vocabulary entry '{text}' is not a UTF-16 code unit.");
}
