namespace Nabla.Nn;

/// <summary>max(x, 0).</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Relu();
}

/// <summary>x for x ≥ 0, slope·x otherwise.</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module
{
    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.LeakyRelu(NegativeSlope);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"negative_slope={Repr.Float(NegativeSlope)}";
}

/// <summary>x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
public sealed class ELU(double alpha = 1.0) : Module
{
    /// <summary>The saturation value −α for large negative inputs.</summary>
    public double Alpha { get; } = alpha;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Elu(Alpha);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"alpha={Repr.Float(Alpha)}";
}

/// <summary>x·Φ(x), exactly ("none") or with the tanh approximation ("tanh").</summary>
public sealed class GELU(string approximate = "none") : Module
{
    /// <summary>"none" or "tanh".</summary>
    public string Approximate { get; } = approximate is "none" or "tanh"
        ? approximate
        : throw new ArgumentException($"GELU: approximate must be \"none\" or \"tanh\", got \"{approximate}\".");

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Gelu(Approximate);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"approximate='{Approximate}'";
}

/// <summary>1 / (1 + e⁻ˣ).</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Sigmoid();
}

/// <summary>tanh(x).</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Tanh();
}

/// <summary>log(1 + e^(βx)) / β, linear where βx exceeds the threshold.</summary>
public sealed class Softplus(double beta = 1.0, double threshold = 20.0) : Module
{
    /// <summary>The sharpness β.</summary>
    public double Beta { get; } = beta;

    /// <summary>Above this value of βx the output is x.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Softplus(Beta, Threshold);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"beta={Repr.Float(Beta)}, threshold={Repr.Float(Threshold)}";
}

/// <summary>Softmax along <c>dim</c>.</summary>
public sealed class Softmax(int dim) : Module
{
    /// <summary>The dim that sums to one.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Softmax(Dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";
}

/// <summary>Log-softmax along <c>dim</c>.</summary>
public sealed class LogSoftmax(int dim) : Module
{
    /// <summary>The dim normalised.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.LogSoftmax(Dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";
}
