using System.Runtime.InteropServices;

namespace Nabla.Models.Text;

/// <summary>
/// Generation with a model that reads a fixed context (GPT-style): it keeps the tokens so far and, for each call,
/// re-runs <see cref="ICharLanguageModel.Forward"/> on the last <see cref="ICharLanguageModel.ContextLength"/> of them
/// (all of them when the model has no fixed context), reading the logits at the last position.
/// </summary>
public sealed class ContextWindowSession : IGenerationSession
{
    private readonly ICharLanguageModel _model;
    private readonly List<long> _tokens = [];

    /// <summary>Starts an empty sequence for <paramref name="model"/>.</summary>
    public ContextWindowSession(ICharLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ContextLength is < 1)
            throw new ArgumentException($"ContextWindowSession: the model's context length {model.ContextLength} must be positive.");
        _model = model;
    }

    /// <summary>Number of tokens fed so far.</summary>
    public int Count => _tokens.Count;

    /// <inheritdoc/>
    public float[] Feed(ReadOnlySpan<long> tokens)
    {
        if (tokens.IsEmpty) throw new ArgumentException("ContextWindowSession.Feed: at least one token is needed.");
        foreach (long t in tokens) _tokens.Add(t);
        int window = Math.Min(_tokens.Count, _model.ContextLength ?? int.MaxValue);
        using var noGrad = Tensor.NoGrad();
        using var scope = TensorScope.Begin();
        var input = GenerationInput.Tokens(CollectionsMarshal.AsSpan(_tokens)[^window..]);
        return GenerationInput.LastLogits(_model.Forward(input));
    }
}
