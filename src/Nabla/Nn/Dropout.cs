namespace Nabla.Nn;

/// <summary>
/// Inverted dropout: in training mode zeroes each element with probability p and scales the rest by 1/(1 − p); in
/// eval mode the identity. Masks are drawn from the generator given (<see cref="Generator.Default"/> otherwise).
/// </summary>
public sealed class Dropout : Module
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer; <paramref name="p"/> must be in [0, 1].</summary>
    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: probability has to be between 0 and 1, but got {p}.");
        P = p;
        _generator = generator;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc/>
    protected override IEnumerable<(string Name, Generator Generator)> OwnGenerators() =>
        _generator is null ? [] : [("generator", _generator)];

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.Dropout(input, P, Training, _generator);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"p={Repr.Float(P)}, inplace=False";
}
