using System.Globalization;
using Nabla.Nn;

namespace Nabla.Models.Text;

/// <summary>The GPT as a <see cref="ICharLanguageModel"/>: what <c>nabla text train --model gpt</c> trains and samples.</summary>
public sealed partial class Gpt
{
    /// <summary>Number of token ids V.</summary>
    public int VocabularySize => Config.VocabSize;

    /// <summary>The block size: windows hold at most this many tokens; generation re-runs the cropped window.</summary>
    public int? ContextLength => Config.BlockSize;

    /// <summary>The catalog configuration (<c>"model" = "gpt"</c>, vocabulary size and the hyper-parameters by their CLI names).</summary>
    IReadOnlyDictionary<string, string> ICharLanguageModel.Config => new Dictionary<string, string>
    {
        ["model"] = "gpt",
        ["vocab_size"] = Config.VocabSize.ToString(CultureInfo.InvariantCulture),
        ["block"] = Config.BlockSize.ToString(CultureInfo.InvariantCulture),
        ["layers"] = Config.NLayer.ToString(CultureInfo.InvariantCulture),
        ["heads"] = Config.NHead.ToString(CultureInfo.InvariantCulture),
        ["width"] = Config.NEmbd.ToString(CultureInfo.InvariantCulture),
        ["dropout"] = Config.Dropout.ToString("R", CultureInfo.InvariantCulture),
        ["tie"] = Config.TieWeights ? "true" : "false",
    };

    /// <summary>This model.</summary>
    Module ICharLanguageModel.Module => this;

    /// <summary>Rebuilds a model from its catalog configuration (fresh parameters; load a state dict for trained ones).</summary>
    public static Gpt FromConfig(IReadOnlyDictionary<string, string> config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        string tie = ModelConfig.String(config, "tie", "Gpt");
        if (tie is not ("true" or "false"))
            throw new ArgumentException($"Gpt: configuration entry 'tie' must be true or false, got '{tie}'.");
        return new Gpt(new GptConfig
        {
            VocabSize = ModelConfig.Int(config, "vocab_size", "Gpt"),
            BlockSize = ModelConfig.Int(config, "block", "Gpt"),
            NLayer = ModelConfig.Int(config, "layers", "Gpt"),
            NHead = ModelConfig.Int(config, "heads", "Gpt"),
            NEmbd = ModelConfig.Int(config, "width", "Gpt"),
            Dropout = ModelConfig.Double(config, "dropout", "Gpt"),
            TieWeights = tie == "true",
        }, generator);
    }
}
