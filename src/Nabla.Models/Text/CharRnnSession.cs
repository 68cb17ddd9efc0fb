namespace Nabla.Models.Text;

/// <summary>Generation with a <see cref="CharRnn"/>: the recurrent state of the one sequence is kept between calls.</summary>
internal sealed class CharRnnSession(CharRnn model) : IGenerationSession
{
    private CharRnnState? _state;

    public float[] Feed(ReadOnlySpan<long> tokens)
    {
        using var noGrad = Tensor.NoGrad();
        using var scope = TensorScope.Begin();
        var input = GenerationInput.Tokens(tokens);
        var (logits, state) = model.ForwardWithState(input, _state);
        _state?.Dispose();
        _state = state.KeepIn(scope);
        return GenerationInput.LastLogits(logits);
    }
}
