using Nabla.Nn;

namespace Nabla.Models.Seq2Seq;

/// <summary>The encoded source.</summary>
/// <param name="Outputs">Per-position outputs (N, S, D·H), forward and backward halves concatenated; zero at padding.</param>
/// <param name="Mask">True at real source positions (N, S).</param>
/// <param name="FinalH">Final hidden state (N, D·H): the forward cell after the last real token, the backward cell after the first.</param>
/// <param name="FinalC">Final LSTM cell state (N, D·H), or null for a GRU.</param>
public sealed record EncoderOutput(Tensor Outputs, Tensor Mask, Tensor FinalH, Tensor? FinalC);

/// <summary>
/// Embedding + GRU or LSTM over padded sources (N, S), optionally bidirectional. Each step updates only the rows whose
/// position is a real token, so a padded example ends in exactly the state an unpadded run would reach, and the
/// backward direction starts at each example's own last token.
/// </summary>
public sealed class RnnEncoder : Module
{
    private readonly Embedding _embedding;
    private readonly RecurrentCellBase _forward;
    private readonly RecurrentCellBase? _backward;

    /// <summary>Creates the layers; <paramref name="cell"/> is <see cref="RecurrentMode.Gru"/> or <see cref="RecurrentMode.Lstm"/>.</summary>
    public RnnEncoder(int vocabularySize, int embeddingDim, int hiddenSize, RecurrentMode cell = RecurrentMode.Gru,
        bool bidirectional = true, Generator? generator = null)
    {
        if (cell is not (RecurrentMode.Gru or RecurrentMode.Lstm))
            throw new ArgumentException($"RnnEncoder: cell must be Gru or Lstm, got {cell}.");
        Cell = cell;
        HiddenSize = hiddenSize;
        Bidirectional = bidirectional;
        _embedding = RegisterModule("embedding", new Embedding(vocabularySize, embeddingDim, DigitVocabulary.Pad, generator));
        _forward = RegisterModule("cell", NewCell(cell, embeddingDim, hiddenSize, generator));
        if (bidirectional) _backward = RegisterModule("cell_reverse", NewCell(cell, embeddingDim, hiddenSize, generator));
    }

    /// <summary>GRU or LSTM.</summary>
    public RecurrentMode Cell { get; }

    /// <summary>Hidden size H of each direction.</summary>
    public int HiddenSize { get; }

    /// <summary>Whether a second cell reads the source backwards.</summary>
    public bool Bidirectional { get; }

    /// <summary>Size D·H of each output and of the final states.</summary>
    public int OutputSize => Bidirectional ? 2 * HiddenSize : HiddenSize;

    /// <summary>Encodes sources (N, S) int64 padded with PAD (every row needs at least one real token at its start).</summary>
    public EncoderOutput Encode(Tensor source)
    {
        if (source.Rank != 2 || source.Size(1) == 0 || source.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"RnnEncoder: source must be (N, S) integer token ids with S > 0, got {source.Shape} {source.DType}.");
        var mask = source.Ne(DigitVocabulary.Pad);
        var steps = _embedding.Forward(source).Transpose(0, 1).Contiguous().Unbind(0);
        var stepMask = mask.Transpose(0, 1).Unsqueeze(2).Unbind(0);
        var (outputs, h, c) = Run(_forward, steps, stepMask, reverse: false);
        if (_backward is not null)
        {
            var (back, hb, cb) = Run(_backward, steps, stepMask, reverse: true);
            outputs = Tensor.Cat([outputs, back], 2);
            h = Tensor.Cat([h, hb], 1);
            c = c is null ? null : Tensor.Cat([c, cb!], 1);
        }
        return new EncoderOutput(outputs, mask, h, c);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Encode(input).Outputs;

    private (Tensor Outputs, Tensor H, Tensor? C) Run(RecurrentCellBase cell, Tensor[] steps, Tensor[] stepMask, bool reverse)
    {
        int s = steps.Length, n = steps[0].Size(0);
        var h = Tensor.Zeros([n, HiddenSize], steps[0].DType);
        var c = Cell == RecurrentMode.Lstm ? h : null;
        var outputs = new Tensor[s];
        for (int i = 0; i < s; i++)
        {
            int t = reverse ? s - 1 - i : i;
            Tensor hNew;
            Tensor? cNew = null;
            if (c is null)
            {
                hNew = Recurrent.GruCell(steps[t], h, cell.WeightIh, cell.WeightHh, cell.BiasIh, cell.BiasHh);
            }
            else
            {
                (hNew, cNew) = Recurrent.LstmCell(steps[t], h, c, cell.WeightIh, cell.WeightHh, cell.BiasIh, cell.BiasHh);
                c = Tensor.Where(stepMask[t], cNew, c);
            }
            // Padding leaves the state as it was, so the final state is the one after each row's last real token.
            h = Tensor.Where(stepMask[t], hNew, h);
            outputs[t] = Tensor.Where(stepMask[t], hNew, 0.0);
        }
        return (Tensor.Stack(outputs, 1), h, c);
    }

    private static RecurrentCellBase NewCell(RecurrentMode cell, int inputSize, int hiddenSize, Generator? generator) =>
        cell == RecurrentMode.Gru ? new GRUCell(inputSize, hiddenSize, generator: generator) : new LSTMCell(inputSize, hiddenSize, generator: generator);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{Cell}, hidden_size={HiddenSize}, bidirectional={Bidirectional}";
}
