using Nabla.Nn;

namespace Nabla.Models.Seq2Seq;

/// <summary>Sizes and choices of an <see cref="RnnSeq2Seq"/>.</summary>
/// <param name="VocabularySize">Number of token ids (shared by source and target).</param>
/// <param name="EmbeddingDim">Size of the token embeddings.</param>
/// <param name="HiddenSize">Hidden size of each encoder direction; the decoder's is the encoder's output size.</param>
/// <param name="Cell">GRU or LSTM, for encoder and decoder.</param>
/// <param name="Bidirectional">Whether the encoder also reads the source backwards.</param>
/// <param name="Attention">None (final state only), Bahdanau, Luong dot or Luong general.</param>
public sealed record RnnSeq2SeqOptions(
    int VocabularySize = DigitVocabulary.Size,
    int EmbeddingDim = 32,
    int HiddenSize = 64,
    RecurrentMode Cell = RecurrentMode.Gru,
    bool Bidirectional = true,
    AttentionKind Attention = AttentionKind.Bahdanau);

/// <summary>
/// RNN encoder–decoder. The encoder (<see cref="RnnEncoder"/>) gives outputs k (N, S, E) and a final state from
/// which the decoder starts: s₀ = tanh(W_b·h_final) (and c₀ = W_c·c_final for an LSTM). Each decoder step, with e
/// the embedding of the previous token:
/// <list type="bullet">
/// <item>none: s_t = cell(e, s_{t−1}), readout r_t = tanh(W_r·s_t);</item>
/// <item>Bahdanau: context c_t = attend(s_{t−1}), s_t = cell([e; c_t], s_{t−1}), r_t = tanh(W_r·[s_t; c_t]);</item>
/// <item>Luong: s_t = cell([e; r_{t−1}], s_{t−1}) (input feeding, r₀ = 0), c_t = attend(s_t), r_t = tanh(W_r·[s_t; c_t]);</item>
/// </list>
/// and the logits are W_o·r_t.
/// </summary>
public sealed class RnnSeq2Seq : Seq2SeqModel
{
    private readonly Embedding _embedding;
    private readonly RecurrentCellBase _cell;
    private readonly Seq2SeqAttention? _attention;
    private readonly Linear _bridge, _combine, _output;
    private readonly Linear? _bridgeCell;

    /// <summary>Creates the model, drawing initial weights from <paramref name="generator"/> (the default stream when null).</summary>
    public RnnSeq2Seq(RnnSeq2SeqOptions options, Generator? generator = null) : base(options.VocabularySize)
    {
        Options = options;
        Encoder = RegisterModule("encoder", new RnnEncoder(options.VocabularySize, options.EmbeddingDim, options.HiddenSize,
            options.Cell, options.Bidirectional, generator));
        int memory = Encoder.OutputSize, hidden = memory;
        HiddenSize = hidden;
        _embedding = RegisterModule("embedding", new Embedding(options.VocabularySize, options.EmbeddingDim, DigitVocabulary.Pad, generator));
        int input = options.EmbeddingDim + options.Attention switch
        {
            AttentionKind.None => 0,
            AttentionKind.Bahdanau => memory,
            _ => hidden,
        };
        _cell = RegisterModule<RecurrentCellBase>("cell", options.Cell == RecurrentMode.Gru
            ? new GRUCell(input, hidden, generator: generator)
            : new LSTMCell(input, hidden, generator: generator));
        if (options.Attention != AttentionKind.None)
            _attention = RegisterModule("attention", new Seq2SeqAttention(options.Attention, hidden, memory, generator: generator));
        _bridge = RegisterModule("bridge", new Linear(memory, hidden, generator: generator));
        if (options.Cell == RecurrentMode.Lstm) _bridgeCell = RegisterModule("bridge_cell", new Linear(memory, hidden, generator: generator));
        _combine = RegisterModule("combine", new Linear(hidden + (_attention is null ? 0 : memory), hidden, generator: generator));
        _output = RegisterModule("output", new Linear(hidden, options.VocabularySize, generator: generator));
    }

    /// <summary>The configuration.</summary>
    public RnnSeq2SeqOptions Options { get; }

    /// <summary>The source encoder.</summary>
    public RnnEncoder Encoder { get; }

    /// <summary>The decoder's hidden size (the encoder's output size).</summary>
    public int HiddenSize { get; }

    /// <inheritdoc/>
    public override bool HasAttention => _attention is not null;

    /// <inheritdoc/>
    public override DecoderState Encode(Tensor source)
    {
        var encoded = Encoder.Encode(source);
        var h = _bridge.Forward(encoded.FinalH).Tanh();
        var c = _bridgeCell?.Forward(encoded.FinalC!);
        var feed = Options.Attention is AttentionKind.LuongDot or AttentionKind.LuongGeneral
            ? Tensor.Zeros([source.Size(0), HiddenSize], h.DType) : null;
        var keys = _attention?.PrepareKeys(encoded.Outputs);
        return new RnnDecoderState(this, h, c, feed, encoded.Outputs, keys, encoded.Mask);
    }

    /// <inheritdoc/>
    public override DecoderStep Decode(DecoderState state, Tensor tokens)
    {
        if (state is not RnnDecoderState s || s.Owner != this)
            throw new ArgumentException($"RnnSeq2Seq: expected a state from this model's Encode, got a {state.GetType().Name} of another model.");
        if (tokens.Rank != 1 || tokens.Size(0) != s.Count)
            throw new ArgumentException($"RnnSeq2Seq: tokens {tokens.Shape} must be (N) with N = {s.Count} rows.");
        var embedded = _embedding.Forward(tokens);
        Tensor? context = null, weights = null;
        Tensor input = embedded;
        if (Options.Attention == AttentionKind.Bahdanau)
        {
            (context, weights) = _attention!.Attend(s.H, s.Memory, s.Keys!, s.Mask);
            input = Tensor.Cat([embedded, context], 1);
        }
        else if (s.Feed is not null)
        {
            input = Tensor.Cat([embedded, s.Feed], 1);
        }
        var (h, c) = Step(input, s.H, s.C);
        if (_attention is not null && context is null) (context, weights) = _attention.Attend(h, s.Memory, s.Keys!, s.Mask);
        var readout = _combine.Forward(context is null ? h : Tensor.Cat([h, context], 1)).Tanh();
        var next = new RnnDecoderState(this, h, c, s.Feed is null ? null : readout, s.Memory, s.Keys, s.Mask);
        return new DecoderStep(_output.Forward(readout), next, weights);
    }

    private (Tensor H, Tensor? C) Step(Tensor input, Tensor h, Tensor? c) => c is null
        ? (Recurrent.GruCell(input, h, _cell.WeightIh, _cell.WeightHh, _cell.BiasIh, _cell.BiasHh), null)
        : Recurrent.LstmCell(input, h, c, _cell.WeightIh, _cell.WeightHh, _cell.BiasIh, _cell.BiasHh);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"attention={Options.Attention}";

    private sealed class RnnDecoderState(RnnSeq2Seq owner, Tensor h, Tensor? c, Tensor? feed, Tensor memory, Tensor? keys, Tensor mask) : DecoderState
    {
        public RnnSeq2Seq Owner { get; } = owner;
        public Tensor H { get; } = h;
        public Tensor? C { get; } = c;
        public Tensor? Feed { get; } = feed;
        public Tensor Memory { get; } = memory;
        public Tensor? Keys { get; } = keys;
        public Tensor Mask { get; } = mask;

        public override int Count => H.Size(0);

        public override DecoderState Select(Tensor rows) => new RnnDecoderState(Owner, H.IndexSelect(0, rows), C?.IndexSelect(0, rows),
            Feed?.IndexSelect(0, rows), Memory.IndexSelect(0, rows), Keys?.IndexSelect(0, rows), Mask.IndexSelect(0, rows));
    }
}
