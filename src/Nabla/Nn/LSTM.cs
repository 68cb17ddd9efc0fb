namespace Nabla.Nn;

/// <summary>
/// Multi-layer LSTM (gate order i, f, g, o) over input (L, N, I), (N, L, I) with <c>batchFirst</c>, or unbatched (L, I);
/// output (L, N, D·H) and final states h_n, c_n (D·layers, N, H). With <c>projSize</c> P &gt; 0 each step's h is projected
/// by weight_hr (P, H), so output and h_n have P features instead of H. <see cref="Module.Forward"/> starts from zeros and
/// returns the output.
/// </summary>
public sealed class LSTM : RecurrentBase
{
    /// <summary>Creates the layers with PyTorch's parameters and initialisation.</summary>
    public LSTM(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
        double dropout = 0, bool bidirectional = false, int projSize = 0, Generator? generator = null)
        : base(RecurrentMode.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator, projSize)
    {
    }

    /// <summary>Runs the sequence from initial states (h_0, c_0), h_0 (D·layers, N, P or H) and c_0 (D·layers, N, H) (zeros when null); returns (output, (h_n, c_n)).</summary>
    public (Tensor Output, (Tensor H, Tensor C) State) ForwardWithState(Tensor input, (Tensor H, Tensor C)? hx = null)
    {
        var (output, hn, cn) = Run(input, hx?.H, hx?.C);
        return (output, (hn, cn!));
    }

    /// <summary>Same as <see cref="ForwardWithState"/>, PyTorch's two-argument call.</summary>
    public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input, (Tensor H, Tensor C)? hx) => ForwardWithState(input, hx);
}
