namespace Nabla.Nn;

/// <summary>
/// Parameters shared by <see cref="RNNCell"/>, <see cref="LSTMCell"/> and <see cref="GRUCell"/>: weight_ih (G·H, I),
/// weight_hh (G·H, H), bias_ih and bias_hh (G·H), all starting as U(−1/√H, 1/√H) like PyTorch's.
/// </summary>
public abstract class RecurrentCellBase : Module
{
    /// <summary>Registers the parameters for <paramref name="mode"/>, drawing from <paramref name="generator"/> (the default stream when null).</summary>
    private protected RecurrentCellBase(RecurrentMode mode, int inputSize, int hiddenSize, bool bias, Generator? generator)
    {
        if (inputSize < 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"{GetType().Name}: input size must be non-negative and hidden size positive, got {inputSize} and {hiddenSize}.");
        Mode = mode;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        int g = Recurrent.GateCount(mode) * hiddenSize;
        double bound = 1 / Math.Sqrt(hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Init.Uniform_(Tensor.Empty([g, inputSize]), -bound, bound, generator));
        WeightHh = RegisterParameter("weight_hh", Init.Uniform_(Tensor.Empty([g, hiddenSize]), -bound, bound, generator));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Init.Uniform_(Tensor.Empty([g]), -bound, bound, generator));
            BiasHh = RegisterParameter("bias_hh", Init.Uniform_(Tensor.Empty([g]), -bound, bound, generator));
        }
        else
        {
            RegisterParameter("bias_ih");
            RegisterParameter("bias_hh");
        }
    }

    /// <summary>The recurrence this cell computes.</summary>
    public RecurrentMode Mode { get; }

    /// <summary>Size I of each input.</summary>
    public int InputSize { get; }

    /// <summary>Size H of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The (G·H, I) input-to-hidden weight, gate blocks stacked in PyTorch's order.</summary>
    public Tensor WeightIh { get; }

    /// <summary>The (G·H, H) hidden-to-hidden weight.</summary>
    public Tensor WeightHh { get; }

    /// <summary>The (G·H) input-to-hidden bias, or null.</summary>
    public Tensor? BiasIh { get; }

    /// <summary>The (G·H) hidden-to-hidden bias, or null.</summary>
    public Tensor? BiasHh { get; }

    /// <summary>A zero state shaped for <paramref name="input"/>: (N, H) for (N, I), (H) for (I).</summary>
    private protected Tensor ZeroState(Tensor input) =>
        input.Rank == 2 ? Tensor.Zeros([input.Size(0), HiddenSize], input.DType) : Tensor.Zeros([HiddenSize], input.DType);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}{(BiasIh is null ? ", bias=False" : "")}";
}
