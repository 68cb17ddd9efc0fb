namespace Nabla.Nn;

/// <summary>
/// GRU cell with PyTorch's gate order r, z, n: n = tanh(W_in x + b_in + r ∘ (W_hn h + b_hn)), h' = (1 − z) ∘ n + z ∘ h,
/// on input (N, I) or (I) and state (N, H) or (H). <see cref="Module.Forward"/> starts from a zero state.
/// </summary>
public sealed class GRUCell : RecurrentCellBase
{
    /// <summary>Creates the cell, drawing from <paramref name="generator"/> (the default stream when null).</summary>
    public GRUCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : base(RecurrentMode.Gru, inputSize, hiddenSize, bias, generator)
    {
    }

    /// <summary>One step from state <paramref name="hx"/> (zeros when null); returns the new state h'.</summary>
    public Tensor Forward(Tensor input, Tensor? hx) =>
        Recurrent.GruCell(input, hx ?? ZeroState(input), WeightIh, WeightHh, BiasIh, BiasHh);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Forward(input, null);
}
