using Nabla.Autograd;

namespace Nabla.Ops;

/// <summary>
/// Inverted dropout: y = x · m with m = 1/(1 − p) where a uniform draw is ≥ p, else 0. The mask is saved, so the
/// backward and forward rules are the same product with the same mask.
/// </summary>
internal sealed class Dropout : Function
{
    private Tensor? _mask;

    public override string Name => "Dropout";

    public static Tensor Apply(Tensor x, double p, Generator generator)
    {
        Tensor mask, y;
        using (GradMode.NoGrad())
        using (ForwardAD.Suspend())
        {
            // p = 1 drops everything; the scale 1/(1 − p) would be infinite, so the mask is all zeros instead.
            mask = p >= 1
                ? Tensor.Zeros(x.Dims, x.DType)
                : Tensor.Rand(x.Dims, x.DType, generator).Ge(p).To(x.DType) * (1.0 / (1.0 - p));
            y = x * mask;
        }
        return Tracks(x) ? new Dropout { _mask = mask }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [g * _mask!];

    internal override Tensor Jvp(Tensor?[] t) => t[0]! * _mask!;

    internal override void Release()
    {
        base.Release();
        _mask = null;
    }
}
