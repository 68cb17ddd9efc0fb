using System.Globalization;
using Nabla.Nn;

namespace Nabla.Models.Text;

/// <summary>
/// A recurrent character language model: Embedding(V, E) → RNN, LSTM or GRU (layers, hidden H, dropout between layers,
/// batch-first) → Linear(H, V). Tokens (N, L) give logits (N, L, V). The recurrent module is registered under its
/// type's name (<c>embedding.weight</c>, <c>lstm.weight_ih_l0</c>, …, <c>head.weight</c>), so the state dict matches
/// the PyTorch model of <c>bench/reference/lstm.py</c> one to one.
/// </summary>
public sealed class CharRnn : Module, IRecurrentCharLanguageModel
{
    /// <summary>The recurrent cell types <see cref="CellType"/> accepts.</summary>
    public static IReadOnlyList<string> CellTypes { get; } = ["rnn", "lstm", "gru"];

    /// <summary>
    /// Creates the model with PyTorch's default initialisation of each layer, drawing from <paramref name="generator"/>
    /// (the default stream when null). <paramref name="cellType"/> is "rnn" (tanh), "lstm" or "gru".
    /// </summary>
    public CharRnn(string cellType, int vocabularySize, int embeddingDim = 64, int hiddenSize = 256, int numLayers = 2,
        double dropout = 0, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(cellType);
        if (vocabularySize < 1)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), $"CharRnn: vocabulary size must be positive, got {vocabularySize}.");
        if (embeddingDim < 1)
            throw new ArgumentOutOfRangeException(nameof(embeddingDim), $"CharRnn: embedding size must be positive, got {embeddingDim}.");
        CellType = cellType;
        VocabularySize = vocabularySize;
        EmbeddingDim = embeddingDim;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Dropout = dropout;
        Embedding = RegisterModule("embedding", new Embedding(vocabularySize, embeddingDim, generator: generator));
        Rnn = RegisterModule(cellType, cellType switch
        {
            "rnn" => (RecurrentBase)new RNN(embeddingDim, hiddenSize, numLayers, batchFirst: true, dropout: dropout, generator: generator),
            "lstm" => new LSTM(embeddingDim, hiddenSize, numLayers, batchFirst: true, dropout: dropout, generator: generator),
            "gru" => new GRU(embeddingDim, hiddenSize, numLayers, batchFirst: true, dropout: dropout, generator: generator),
            _ => throw new ArgumentException($"CharRnn: unknown cell type '{cellType}'; known: {string.Join(", ", CellTypes)}."),
        });
        Head = RegisterModule("head", new Linear(hiddenSize, vocabularySize, generator: generator));
    }

    /// <summary>Rebuilds a model from its <see cref="Config"/> (fresh parameters; load a state dict for trained ones).</summary>
    public static CharRnn FromConfig(IReadOnlyDictionary<string, string> config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new CharRnn(ModelConfig.String(config, "model", "CharRnn"), ModelConfig.Int(config, "vocab_size", "CharRnn"),
            ModelConfig.Int(config, "embedding", "CharRnn"), ModelConfig.Int(config, "hidden", "CharRnn"),
            ModelConfig.Int(config, "layers", "CharRnn"), ModelConfig.Double(config, "dropout", "CharRnn"), generator);
    }

    /// <summary>"rnn", "lstm" or "gru".</summary>
    public string CellType { get; }

    /// <inheritdoc/>
    public int VocabularySize { get; }

    /// <summary>Size E of the character embeddings.</summary>
    public int EmbeddingDim { get; }

    /// <summary>Size H of each layer's hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of stacked recurrent layers.</summary>
    public int NumLayers { get; }

    /// <summary>Dropout probability between recurrent layers while training.</summary>
    public double Dropout { get; }

    /// <summary>The (V, E) embedding table.</summary>
    public Embedding Embedding { get; }

    /// <summary>The stacked recurrent layers (batch-first).</summary>
    public RecurrentBase Rnn { get; }

    /// <summary>The read-out Linear(H, V).</summary>
    public Linear Head { get; }

    /// <summary>Null: a recurrent model reads windows of any length.</summary>
    public int? ContextLength => null;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["model"] = CellType,
        ["vocab_size"] = VocabularySize.ToString(CultureInfo.InvariantCulture),
        ["embedding"] = EmbeddingDim.ToString(CultureInfo.InvariantCulture),
        ["hidden"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
        ["layers"] = NumLayers.ToString(CultureInfo.InvariantCulture),
        ["dropout"] = Dropout.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>This model.</summary>
    Module ICharLanguageModel.Module => this;

    /// <inheritdoc/>
    public (Tensor Logits, CharRnnState State) ForwardWithState(Tensor tokens, CharRnnState? state)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Rank != 2 || tokens.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"CharRnn: expected int64 tokens (N, L), got {tokens.DType} with shape {tokens.Shape}.");
        if (state is not null && (state.BatchSize != tokens.Size(0) || state.H.Size(0) != NumLayers || state.H.Size(2) != HiddenSize))
            throw new ArgumentException(
                $"CharRnn: state h has shape {state.H.Shape}, expected [{NumLayers}, {tokens.Size(0)}, {HiddenSize}] for tokens {tokens.Shape}.");
        var x = Embedding.Forward(tokens);
        Tensor output;
        CharRnnState next;
        switch (Rnn)
        {
            case LSTM lstm:
                if (state is not null && state.C is null)
                    throw new ArgumentException("CharRnn: an LSTM state needs the cell state c; got h only.");
                var (lo, (h, c)) = lstm.ForwardWithState(x, state is null ? null : (state.H, state.C!));
                (output, next) = (lo, new CharRnnState(h, c));
                break;
            case GRU gru:
                var (go, gh) = gru.ForwardWithState(x, state?.H);
                (output, next) = (go, new CharRnnState(gh));
                break;
            default:
                var (ro, rh) = ((RNN)Rnn).ForwardWithState(x, state?.H);
                (output, next) = (ro, new CharRnnState(rh));
                break;
        }
        return (Head.Forward(output), next);
    }

    /// <summary>Generation that carries the recurrent state: each new token costs one step, whatever the length so far.</summary>
    public IGenerationSession StartGeneration() => new CharRnnSession(this);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => ForwardWithState(input, null).Logits;

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"cell={CellType}";
}
