namespace Nabla.Models.Text;

/// <summary>
/// One architecture of <see cref="LanguageModelCatalog"/>: its name (the <c>"model"</c> entry of a configuration), a
/// one-line description, its hyper-parameters with defaults (the command line exposes each as <c>--key value</c>),
/// and a factory from a full configuration.
/// </summary>
/// <param name="Name">The architecture's name, e.g. "lstm".</param>
/// <param name="Description">What it is, for help text.</param>
/// <param name="Options">Hyper-parameter names and default values, in display order.</param>
/// <param name="Create">Builds a model with fresh parameters from a configuration holding "model", "vocab_size" and every option.</param>
public sealed record LanguageModelSpec(
    string Name,
    string Description,
    IReadOnlyList<KeyValuePair<string, string>> Options,
    Func<IReadOnlyDictionary<string, string>, Generator?, ICharLanguageModel> Create);
