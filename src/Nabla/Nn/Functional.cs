namespace Nabla.Nn;

/// <summary>
/// The functional forms of the layers and losses, like <c>torch.nn.functional</c>: stateless functions that take
/// parameters as arguments. Modules call these; use them directly when parameters live elsewhere.
/// </summary>
public static partial class Functional
{
    /// <summary>y = x·Wᵀ + b: input (*, in), weight (out, in), bias (out) give (*, out).</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear: weight must be 2-D (out_features, in_features), got shape {weight.Shape}.");
        if (input.Rank == 0 || input.Dims[^1] != weight.Dims[1])
            throw new ArgumentException(
                $"Linear: input has {(input.Rank == 0 ? 0 : input.Dims[^1])} features but the layer expects {weight.Dims[1]} (input {input.Shape}).");
        LayerDTypes.Require("Linear", input, ("weight", weight), ("bias", bias));
        if (bias is { Rank: 1 } && bias.Dims[0] == weight.Dims[0] && bias.DType.IsFloatingPoint())
            return Ops.Linear.Apply(input, weight, bias);
        var y = input.MatMul(weight.T);
        return bias is null ? y : y + bias;
    }

    /// <summary>
    /// Inverted dropout: in training, zeroes each element with probability <paramref name="p"/> and scales the rest
    /// by 1/(1 − p), so eval needs no rescaling; identity when not training. Draws from <paramref name="generator"/>
    /// (<see cref="Generator.Default"/> when null).
    /// </summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: probability has to be between 0 and 1, but got {p}.");
        if (!training || p == 0) return input;
        return Ops.Dropout.Apply(input, p, generator ?? Generator.Default);
    }

    /// <summary>
    /// Looks up rows of <paramref name="weight"/> (V, D) for integer <paramref name="input"/> of any shape (...),
    /// giving (..., D). The row <paramref name="paddingIdx"/> receives no gradient.
    /// </summary>
    public static Tensor Embedding(Tensor input, Tensor weight, int? paddingIdx = null) => Ops.Embedding.Apply(weight, input, paddingIdx);

    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor input) => input.Relu();

    /// <summary>x for x ≥ 0, slope·x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01) => input.LeakyRelu(negativeSlope);

    /// <summary>x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
    public static Tensor Elu(Tensor input, double alpha = 1.0) => input.Elu(alpha);

    /// <summary>x·Φ(x) ("none") or its tanh approximation ("tanh").</summary>
    public static Tensor Gelu(Tensor input, string approximate = "none") => input.Gelu(approximate);

    /// <summary>1 / (1 + e⁻ˣ).</summary>
    public static Tensor Sigmoid(Tensor input) => input.Sigmoid();

    /// <summary>tanh(x).</summary>
    public static Tensor Tanh(Tensor input) => input.Tanh();

    /// <summary>log(1 + e^(βx)) / β, linear above the threshold.</summary>
    public static Tensor Softplus(Tensor input, double beta = 1.0, double threshold = 20.0) => input.Softplus(beta, threshold);

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public static Tensor Softmax(Tensor input, int dim) => input.Softmax(dim);

    /// <summary>Log-softmax along <paramref name="dim"/>.</summary>
    public static Tensor LogSoftmax(Tensor input, int dim) => input.LogSoftmax(dim);
}
