namespace Nabla.Nn;

/// <summary>
/// The dtype rule every layer with parameters shares: the input, the parameters and any state passed in must have one
/// dtype, as in PyTorch ("mat1 and mat2 must have the same dtype"). Nothing is converted silently: a float64 or int64
/// batch given to a float32 layer is an error that names the layer and both dtypes. Losses apply it to their class
/// weights and to the probability targets of binary cross-entropy, as PyTorch does.
/// </summary>
internal static class LayerDTypes
{
    /// <summary>Throws unless every present tensor in <paramref name="others"/> has <paramref name="input"/>'s dtype.</summary>
    public static void Require(string layer, Tensor input, params ReadOnlySpan<(string Name, Tensor? Tensor)> others)
    {
        foreach (var (name, t) in others)
            if (t is not null && t.DType != input.DType)
                throw new ArgumentException(
                    $"{layer}: input and {name} must have the same dtype, got {input.DType} (input {input.Shape}) and {t.DType} ({name} {t.Shape}); " +
                    $"convert the input with To(DType.{t.DType}), or the module holding {name} with To(DType.{input.DType}).");
    }
}
