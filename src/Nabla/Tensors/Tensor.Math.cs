namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Elementwise e^x.</summary>
    public Tensor Exp() => Ops.Exp.Apply(this);

    /// <summary>Elementwise natural logarithm.</summary>
    public Tensor Log() => Ops.Log.Apply(this);

    /// <summary>Elementwise sine.</summary>
    public Tensor Sin() => Ops.Sin.Apply(this);

    /// <summary>Elementwise cosine.</summary>
    public Tensor Cos() => Ops.Cos.Apply(this);
}
