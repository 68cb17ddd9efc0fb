namespace Nabla.Nn;

/// <summary>
/// LSTM cell with PyTorch's gate order i, f, g, o: c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'), on input (N, I) or
/// (I) and states (N, H) or (H). <see cref="Module.Forward"/> starts from zero states and returns h'.
/// </summary>
public sealed class LSTMCell : RecurrentCellBase
{
    /// <summary>Creates the cell, drawing from <paramref name="generator"/> (the default stream when null).</summary>
    public LSTMCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : base(RecurrentMode.Lstm, inputSize, hiddenSize, bias, generator)
    {
    }

    /// <summary>One step from states (h, c) (zeros when null); returns the new (h', c').</summary>
    public (Tensor H, Tensor C) Forward(Tensor input, (Tensor H, Tensor C)? hx)
    {
        var (h, c) = hx ?? (ZeroState(input), ZeroState(input));
        return Recurrent.LstmCell(input, h, c, WeightIh, WeightHh, BiasIh, BiasHh);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Forward(input, null).H;
}
