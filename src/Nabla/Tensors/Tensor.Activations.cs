namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Rectified linear unit max(x, 0); NaN stays NaN, integers keep their dtype, like <c>torch.relu</c>.</summary>
    public Tensor Relu() => Ops.Relu.Apply(this);

    /// <summary>x for x &gt; 0, <paramref name="negativeSlope"/>·x otherwise, like <c>torch.nn.functional.leaky_relu</c>.</summary>
    public Tensor LeakyRelu(double negativeSlope = 0.01) => Ops.LeakyRelu.Apply(this, negativeSlope);

    /// <summary>x for x &gt; 0, <paramref name="alpha"/>·(e^x − 1) otherwise, like <c>torch.nn.functional.elu</c>.</summary>
    public Tensor Elu(double alpha = 1.0) => Ops.Elu.Apply(this, alpha);

    /// <summary>
    /// Gaussian error linear unit x·Φ(x). <paramref name="approximate"/> is <c>"none"</c> for the exact erf form or
    /// <c>"tanh"</c> for 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), like <c>torch.nn.functional.gelu</c>.
    /// </summary>
    public Tensor Gelu(string approximate = "none") => Ops.Gelu.Apply(this, approximate);

    /// <summary>
    /// log(1 + e^(beta·x))/beta, returning x itself where beta·x &gt; <paramref name="threshold"/>, like
    /// <c>torch.nn.functional.softplus</c>.
    /// </summary>
    public Tensor Softplus(double beta = 1.0, double threshold = 20.0) => Ops.Softplus.Apply(this, beta, threshold);

    /// <summary>SiLU (swish) x·σ(x), like <c>torch.nn.functional.silu</c>.</summary>
    public Tensor Silu() => Ops.Silu.Apply(this);

    /// <summary>Clamps into [<paramref name="min"/>, <paramref name="max"/>] with zero gradient at and beyond the bounds, like <c>torch.nn.functional.hardtanh</c>.</summary>
    public Tensor Hardtanh(double min = -1.0, double max = 1.0) => Ops.Hardtanh.Apply(this, min, max);

    /// <summary>min(max(x, 0), 6), like <c>torch.nn.functional.relu6</c> (a <see cref="Hardtanh"/> on [0, 6]).</summary>
    public Tensor Relu6() => Ops.Hardtanh.Apply(this, 0.0, 6.0);
}
