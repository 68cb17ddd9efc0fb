namespace Nabla.Tests.Ops;

/// <summary>
/// One gradient-check case: the public API it exercises (a method name of <see cref="Tensor"/>), a label, the
/// function of float64 inputs, a factory for fresh inputs (leaves requiring grad, possibly strided views), the
/// tolerances and the finite-difference step (larger where the op rounds through float32).
/// </summary>
public sealed record OpCase(string Api, string Label, Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs, double Atol = 1e-5, double Rtol = 1e-3, double Eps = 1e-6)
{
    /// <summary>Shown by xunit in the theory's case list.</summary>
    public override string ToString() => $"{Api}: {Label}";
}
