namespace Nabla.Models.Text;

/// <summary>
/// The language-model architectures <c>nabla text</c> can train and load, by name. A new architecture becomes
/// available to the command line by adding its <see cref="LanguageModelSpec"/> to <see cref="Models"/>.
/// </summary>
public static class LanguageModelCatalog
{
    private static readonly KeyValuePair<string, string>[] RnnOptions =
        [new("layers", "2"), new("hidden", "256"), new("embedding", "64"), new("dropout", "0")];

    private static readonly KeyValuePair<string, string>[] GptOptions =
        [new("block", "128"), new("layers", "4"), new("heads", "4"), new("width", "128"), new("dropout", "0"), new("tie", "false")];

    /// <summary>Every architecture, in display order.</summary>
    public static IReadOnlyList<LanguageModelSpec> Models { get; } =
    [
        new("rnn", "character RNN (tanh): embedding -> stacked RNN -> linear", RnnOptions, (c, g) => CharRnn.FromConfig(c, g)),
        new("lstm", "character LSTM: embedding -> stacked LSTM -> linear", RnnOptions, (c, g) => CharRnn.FromConfig(c, g)),
        new("gru", "character GRU: embedding -> stacked GRU -> linear", RnnOptions, (c, g) => CharRnn.FromConfig(c, g)),
        new("gpt", "character GPT: token + position embeddings -> pre-LayerNorm causal transformer blocks -> linear", GptOptions, (c, g) => Gpt.FromConfig(c, g)),
    ];

    /// <summary>The architectures' names.</summary>
    public static IReadOnlyList<string> Names => [.. Models.Select(m => m.Name)];

    /// <summary>The architecture called <paramref name="name"/>.</summary>
    public static LanguageModelSpec Find(string name) =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"LanguageModelCatalog: unknown model '{name}'; known: {string.Join(", ", Names)}.");

    /// <summary>Builds the model <paramref name="config"/> describes (its <c>"model"</c> entry picks the architecture), with fresh parameters.</summary>
    public static ICharLanguageModel Create(IReadOnlyDictionary<string, string> config, Generator? generator = null) =>
        Find(ModelConfig.String(config, "model", "LanguageModelCatalog")).Create(config, generator);
}
