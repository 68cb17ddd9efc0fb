namespace Nabla.Nn;

/// <summary>
/// Layer normalisation over the trailing dims <c>normalizedShape</c> of each sample, with elementwise weight (ones)
/// and bias (zeros) of that shape when <c>elementwiseAffine</c>.
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly int[] _shape;

    /// <summary>Creates the layer for inputs ending in <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        _shape = (int[])normalizedShape.Clone();
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(_shape));
            Bias = RegisterParameter("bias", Tensor.Zeros(_shape));
        }
        else
        {
            RegisterParameter("weight");
            RegisterParameter("bias");
        }
    }

    /// <summary>Creates the layer for inputs whose last dim is <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
        : this([normalizedShape], eps, elementwiseAffine)
    {
    }

    /// <summary>The normalised trailing shape.</summary>
    public IReadOnlyList<int> NormalizedShape => _shape;

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>Elementwise scale, or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>Elementwise shift, or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.LayerNorm(input, _shape, Weight, Bias, Eps);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{Repr.Tuple(_shape)}, eps={Repr.Float(Eps)}, elementwise_affine={Repr.Bool(Weight is not null)}";
}
