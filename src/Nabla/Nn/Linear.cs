namespace Nabla.Nn;

/// <summary>
/// Fully connected layer y = x·Wᵀ + b on input (*, in_features), giving (*, out_features). Weight (out, in) and bias
/// (out) start as U(−1/√in, 1/√in), PyTorch's kaiming_uniform(a = √5) default.
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer with PyTorch's default initialisation, drawing from <paramref name="generator"/> (the default stream when null).</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        if (inFeatures < 0 || outFeatures < 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear: feature counts must be non-negative, got in {inFeatures}, out {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Init.KaimingUniform_(Tensor.Empty([outFeatures, inFeatures]), a: Math.Sqrt(5), generator: generator));
        if (bias)
        {
            double bound = inFeatures > 0 ? 1 / Math.Sqrt(inFeatures) : 0;
            Bias = RegisterParameter("bias", Init.Uniform_(Tensor.Empty([outFeatures]), -bound, bound, generator));
        }
        else
        {
            RegisterParameter("bias");
        }
    }

    /// <summary>Size of each input sample.</summary>
    public int InFeatures { get; }

    /// <summary>Size of each output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>The (out_features, in_features) weight.</summary>
    public Tensor Weight { get; }

    /// <summary>The (out_features) bias, or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={Repr.Bool(Bias is not null)}";
}
