using Nabla.Nn;

namespace Nabla.Models.Text;

/// <summary>
/// A character (token) language model as <c>nabla text</c> trains, evaluates, saves and samples it: logits for the next
/// token at every position of a batch of windows, a configuration that rebuilds it, and incremental generation.
/// Recurrent models also implement <see cref="IRecurrentCharLanguageModel"/> (state carried across calls); models with
/// a fixed context (GPT-style) only need <see cref="Forward"/> and <see cref="ContextLength"/>: the default
/// <see cref="StartGeneration"/> re-runs the cropped window for every new token.
/// </summary>
public interface ICharLanguageModel
{
    /// <summary>Number of token ids V.</summary>
    int VocabularySize { get; }

    /// <summary>Most tokens one window may hold (a fixed context), or null when windows of any length work (recurrent models).</summary>
    int? ContextLength { get; }

    /// <summary>
    /// The architecture and hyper-parameters as strings, with the architecture's name under <c>"model"</c>:
    /// enough for <see cref="LanguageModelCatalog.Create"/> to rebuild the model (stored in checkpoints).
    /// </summary>
    IReadOnlyDictionary<string, string> Config { get; }

    /// <summary>The model as a module: its parameters, state dict and train/eval mode.</summary>
    Module Module { get; }

    /// <summary>
    /// Logits (N, L, V) of the next token at every position of the int64 token windows (N, L), each window read from
    /// its start with no earlier context; L is at most <see cref="ContextLength"/> when that is set.
    /// </summary>
    Tensor Forward(Tensor tokens);

    /// <summary>Starts generating one sequence: feed it the prompt, then each chosen token, and read the next-token logits.</summary>
    IGenerationSession StartGeneration() => new ContextWindowSession(this);
}
