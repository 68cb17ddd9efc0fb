namespace Nabla.Nn;

/// <summary>
/// Parameters and options shared by <see cref="RNN"/>, <see cref="LSTM"/> and <see cref="GRU"/>, named like PyTorch's:
/// <c>weight_ih_l{k}</c> (G·H, I or D·H), <c>weight_hh_l{k}</c> (G·H, H), <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> (G·H),
/// with the suffix <c>_reverse</c> for the backward direction; all start as U(−1/√H, 1/√H).
/// </summary>
public abstract class RecurrentBase : Module
{
    private readonly List<Tensor> _flatWeights = [];

    /// <summary>Registers the parameters for <paramref name="mode"/>, drawing from <paramref name="generator"/> (the default stream when null).</summary>
    private protected RecurrentBase(RecurrentMode mode, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst,
        double dropout, bool bidirectional, Generator? generator, int projSize = 0)
    {
        string op = GetType().Name;
        if (inputSize < 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"{op}: input size must be non-negative and hidden size positive, got {inputSize} and {hiddenSize}.");
        if (numLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(numLayers), $"{op}: num_layers must be at least 1, got {numLayers}.");
        if (dropout < 0 || dropout > 1)
            throw new ArgumentOutOfRangeException(nameof(dropout), $"{op}: dropout should be a number in range [0, 1], got {dropout}.");
        if (projSize < 0 || (projSize > 0 && projSize >= hiddenSize))
            throw new ArgumentOutOfRangeException(nameof(projSize), $"{op}: proj_size has to be a non-negative integer smaller than hidden_size {hiddenSize}, got {projSize}.");
        Mode = mode;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bias = bias;
        BatchFirst = batchFirst;
        Dropout = dropout;
        Bidirectional = bidirectional;
        DropoutGenerator = generator;
        ProjSize = projSize;
        int stateSize = projSize > 0 ? projSize : hiddenSize;
        int dirs = bidirectional ? 2 : 1;
        int g = Recurrent.GateCount(mode) * hiddenSize;
        double bound = 1 / Math.Sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++)
        {
            int layerInput = layer == 0 ? inputSize : stateSize * dirs;
            for (int d = 0; d < dirs; d++)
            {
                string suffix = $"_l{layer}" + (d == 1 ? "_reverse" : "");
                Add("weight_ih" + suffix, [g, layerInput]);
                Add("weight_hh" + suffix, [g, stateSize]);
                if (bias)
                {
                    Add("bias_ih" + suffix, [g]);
                    Add("bias_hh" + suffix, [g]);
                }
                if (projSize > 0) Add("weight_hr" + suffix, [projSize, hiddenSize]);
            }
        }

        void Add(string name, int[] shape) =>
            _flatWeights.Add(RegisterParameter(name, Init.Uniform_(Tensor.Empty(shape), -bound, bound, generator)));
    }

    /// <summary>The recurrence of every layer.</summary>
    public RecurrentMode Mode { get; }

    /// <summary>Size I of each input step.</summary>
    public int InputSize { get; }

    /// <summary>Size H of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have bias_ih and bias_hh.</summary>
    public bool Bias { get; }

    /// <summary>Whether input and output are (N, L, *) instead of (L, N, *).</summary>
    public bool BatchFirst { get; }

    /// <summary>Dropout probability applied to the outputs of every layer but the last while training.</summary>
    public double Dropout { get; }

    /// <summary>Whether each layer also runs backward in time, doubling the output features.</summary>
    public bool Bidirectional { get; }

    /// <summary>Random stream of the inter-layer dropout (the default stream when null).</summary>
    public Generator? DropoutGenerator { get; set; }

    /// <summary>Size P of the LSTM's projected hidden state (0: no projection, the state has size H).</summary>
    public int ProjSize { get; }

    /// <summary>The parameters in PyTorch's <c>_flat_weights</c> order: per layer and direction W_ih, W_hh, b_ih, b_hh (and W_hr).</summary>
    public IReadOnlyList<Tensor> FlatWeights => _flatWeights;

    private protected (Tensor Output, Tensor HN, Tensor? CN) Run(Tensor input, Tensor? h0, Tensor? c0) =>
        Recurrent.Rnn(Mode, input, h0, c0, _flatWeights, Bias, NumLayers, Dropout, Training, Bidirectional, BatchFirst, DropoutGenerator, ProjSize);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Run(input, null, null).Output;

    /// <inheritdoc/>
    protected override IEnumerable<(string Name, Generator Generator)> OwnGenerators() =>
        DropoutGenerator is null ? [] : [("dropout_generator", DropoutGenerator)];

    /// <inheritdoc/>
    protected override string ExtraRepr()
    {
        var s = $"{InputSize}, {HiddenSize}";
        if (NumLayers != 1) s += $", num_layers={NumLayers}";
        if (!Bias) s += ", bias=False";
        if (BatchFirst) s += ", batch_first=True";
        if (Dropout != 0) s += $", dropout={Dropout}";
        if (Bidirectional) s += ", bidirectional=True";
        if (ProjSize != 0) s += $", proj_size={ProjSize}";
        return s;
    }
}
