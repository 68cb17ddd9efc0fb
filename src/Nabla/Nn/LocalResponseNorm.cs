namespace Nabla.Nn;

/// <summary>Local response normalisation across channels (AlexNet): x / (k + α/n · Σ_window x²)^β on (N, C, ...).</summary>
public sealed class LocalResponseNorm(int size, double alpha = 1e-4, double beta = 0.75, double k = 1.0) : Module
{
    /// <summary>Number of neighbouring channels n in the window.</summary>
    public int Size { get; } = size;

    /// <summary>Multiplicative factor α.</summary>
    public double Alpha { get; } = alpha;

    /// <summary>Exponent β.</summary>
    public double Beta { get; } = beta;

    /// <summary>Additive constant k.</summary>
    public double K { get; } = k;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.LocalResponseNorm(input, Size, Alpha, Beta, K);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{Size}, alpha={Repr.Float(Alpha)}, beta={Repr.Float(Beta)}, k={Repr.Float(K)}";
}
