namespace Nabla.Nn;

/// <summary>
/// Multi-layer Elman RNN (tanh or relu) over input (L, N, I), (N, L, I) with <c>batchFirst</c>, or unbatched (L, I);
/// output (L, N, D·H) and final state h_n (D·layers, N, H). <see cref="Module.Forward"/> starts from zeros and returns the output.
/// </summary>
public sealed class RNN : RecurrentBase
{
    /// <summary>Creates the layers with PyTorch's parameters and initialisation; <paramref name="nonlinearity"/> is "tanh" or "relu".</summary>
    public RNN(int inputSize, int hiddenSize, int numLayers = 1, string nonlinearity = "tanh", bool bias = true, bool batchFirst = false,
        double dropout = 0, bool bidirectional = false, Generator? generator = null)
        : base(RNNCell.ParseNonlinearity(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator)
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>"tanh" or "relu".</summary>
    public string Nonlinearity { get; }

    /// <summary>Runs the sequence from initial state <paramref name="hx"/> (D·layers, N, H) (zeros when null); returns (output, h_n).</summary>
    public (Tensor Output, Tensor HN) ForwardWithState(Tensor input, Tensor? hx = null)
    {
        var (output, hn, _) = Run(input, hx, null);
        return (output, hn);
    }

    /// <summary>Same as <see cref="ForwardWithState"/>, PyTorch's two-argument call.</summary>
    public (Tensor Output, Tensor HN) Forward(Tensor input, Tensor? hx) => ForwardWithState(input, hx);

    /// <inheritdoc/>
    protected override string ExtraRepr() => base.ExtraRepr() + (Nonlinearity == "tanh" ? "" : $", nonlinearity={Nonlinearity}");
}
