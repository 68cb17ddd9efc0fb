namespace Nabla.Nn;

/// <summary>
/// Elman RNN cell h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) with act tanh or relu, on input (N, I) or (I) and state
/// (N, H) or (H). <see cref="Module.Forward"/> starts from a zero state.
/// </summary>
public sealed class RNNCell : RecurrentCellBase
{
    /// <summary>Creates the cell; <paramref name="nonlinearity"/> is "tanh" or "relu".</summary>
    public RNNCell(int inputSize, int hiddenSize, bool bias = true, string nonlinearity = "tanh", Generator? generator = null)
        : base(ParseNonlinearity(nonlinearity), inputSize, hiddenSize, bias, generator)
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>"tanh" or "relu".</summary>
    public string Nonlinearity { get; }

    /// <summary>One step from state <paramref name="hx"/> (zeros when null); returns the new state h'.</summary>
    public Tensor Forward(Tensor input, Tensor? hx) => Mode == RecurrentMode.RnnTanh
        ? Recurrent.RnnTanhCell(input, hx ?? ZeroState(input), WeightIh, WeightHh, BiasIh, BiasHh)
        : Recurrent.RnnReluCell(input, hx ?? ZeroState(input), WeightIh, WeightHh, BiasIh, BiasHh);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Forward(input, null);

    /// <inheritdoc/>
    protected override string ExtraRepr() => base.ExtraRepr() + (Nonlinearity == "tanh" ? "" : $", nonlinearity={Nonlinearity}");

    internal static RecurrentMode ParseNonlinearity(string nonlinearity) => nonlinearity switch
    {
        "tanh" => RecurrentMode.RnnTanh,
        "relu" => RecurrentMode.RnnRelu,
        _ => throw new ArgumentException($"RNN: unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.", nameof(nonlinearity)),
    };
}
