using Nabla.Nn;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>
    /// The fused recurrent ops called directly (cells: gi, gh, state, b_ih, b_hh; sequences: gi (L, N, G·H), W_hh, states,
    /// biases): every bias combination, reversed sequences, strided inputs, a single step and empty batches.
    /// </summary>
    private static IEnumerable<OpCase> RecurrentCases =>
    [
        new("LstmCell", "fused op, b_ih only, strided gi", x => Nabla.Ops.LstmCell.Apply(x[0], x[1], x[2], x[3], null),
            () => [TransposedLeaf(1, 3, 8), Leaf(2, 3, 8), Leaf(3, 3, 2), Leaf(4, 8)]),
        new("LstmCell", "fused op, b_hh only, strided c_prev", x => Nabla.Ops.LstmCell.Apply(x[0], x[1], x[2], null, x[3]),
            () => [Leaf(1, 2, 8), Leaf(2, 2, 8), TransposedLeaf(3, 2, 2), Leaf(4, 8)]),
        new("Rnn", "fused LSTM sequence, both biases, strided W_hh", x => Nabla.Ops.LstmSequence.Apply(x[0], x[1], x[2], x[3], x[4], x[5], null, false),
            () => [Leaf(1, 3, 2, 8), TransposedLeaf(2, 8, 2), Leaf(3, 2, 2), Leaf(4, 2, 2), Leaf(5, 8), Leaf(6, 8)]),
        new("Rnn", "fused LSTM sequence reversed, no bias", x => Nabla.Ops.LstmSequence.Apply(x[0], x[1], x[2], x[3], null, null, null, true),
            () => [Leaf(1, 3, 2, 8), Leaf(2, 8, 2), TransposedLeaf(3, 2, 2), Leaf(4, 2, 2)]),
        new("Rnn", "fused LSTM sequence, one step, b_ih only", x => Nabla.Ops.LstmSequence.Apply(x[0], x[1], x[2], x[3], x[4], null, null, false),
            () => [Leaf(1, 1, 3, 4), Leaf(2, 4, 1), Leaf(3, 3, 1), Leaf(4, 3, 1), Leaf(5, 4)]),
        new("Rnn", "fused LSTM sequence, empty batch", x => Nabla.Ops.LstmSequence.Apply(x[0], x[1], x[2], x[3], x[4], x[5], null, false),
            () => [Leaf(1, 2, 0, 8), Leaf(2, 8, 2), Leaf(3, 0, 2), Leaf(4, 0, 2), Leaf(5, 8), Leaf(6, 8)]),
        new("Rnn", "fused LSTM sequence with projection, both biases, strided W_hr", x => Nabla.Ops.LstmSequence.Apply(x[0], x[1], x[2], x[3], x[4], x[5], x[6], false),
            () => [Leaf(1, 3, 2, 12), Leaf(2, 12, 2), Leaf(3, 2, 2), Leaf(4, 2, 3), Leaf(5, 12), Leaf(6, 12), TransposedLeaf(7, 2, 3)]),
        new("Rnn", "fused LSTM sequence with projection reversed, no bias", x => Nabla.Ops.LstmSequence.Apply(x[0], x[1], x[2], x[3], null, null, x[4], true),
            () => [Leaf(1, 3, 2, 12), Leaf(2, 12, 1), Leaf(3, 2, 1), Leaf(4, 2, 3), Leaf(5, 1, 3)]),
        new("GruCell", "fused op, b_ih only, strided gi", x => Nabla.Ops.GruCell.Apply(x[0], x[1], x[2], x[3], null),
            () => [TransposedLeaf(1, 3, 6), Leaf(2, 3, 6), Leaf(3, 3, 2), Leaf(4, 6)]),
        new("GruCell", "fused op, b_hh only, strided h_prev", x => Nabla.Ops.GruCell.Apply(x[0], x[1], x[2], null, x[3]),
            () => [Leaf(1, 2, 6), Leaf(2, 2, 6), TransposedLeaf(3, 2, 2), Leaf(4, 6)]),
        new("Rnn", "fused GRU sequence, both biases, strided W_hh", x => Nabla.Ops.GruSequence.Apply(x[0], x[1], x[2], x[3], x[4], false),
            () => [Leaf(1, 3, 2, 6), TransposedLeaf(2, 6, 2), Leaf(3, 2, 2), Leaf(4, 6), Leaf(5, 6)]),
        new("Rnn", "fused GRU sequence reversed, b_hh only", x => Nabla.Ops.GruSequence.Apply(x[0], x[1], x[2], null, x[3], true),
            () => [Leaf(1, 3, 2, 6), Leaf(2, 6, 2), TransposedLeaf(3, 2, 2), Leaf(4, 6)]),
        new("Rnn", "fused tanh sequence, both biases, strided W_hh", x => Nabla.Ops.RnnSequence.Apply(x[0], x[1], x[2], x[3], x[4], false, false),
            () => [Leaf(1, 3, 2, 2), TransposedLeaf(2, 2, 2), Leaf(3, 2, 2), Leaf(4, 2), Leaf(5, 2)]),
        new("Rnn", "fused relu sequence reversed, b_ih only", x => Nabla.Ops.RnnSequence.Apply(x[0], x[1], x[2], x[3], null, true, true),
            () => [Leaf(1, 3, 2, 3), Leaf(2, 3, 3), TransposedLeaf(3, 2, 3), Leaf(4, 3)]),
        new("Rnn", "fused tanh sequence, empty batch", x => Nabla.Ops.RnnSequence.Apply(x[0], x[1], x[2], null, x[3], false, false),
            () => [Leaf(1, 2, 0, 2), Leaf(2, 2, 2), Leaf(3, 0, 2), Leaf(4, 2)]),
        new("Rnn", "LSTM two layers bidirectional with states", x => SeqAll(RecurrentMode.Lstm, x, 2, 2, true, false, true),
            () => [Leaf(1, 2, 1, 2), Leaf(2, 4, 1, 1), Leaf(3, 4, 1, 1), .. CellWeights(4, 4, 2, 1, true), .. CellWeights(8, 4, 2, 1, true),
                .. CellWeights(12, 4, 2, 1, true), .. CellWeights(16, 4, 2, 1, true)]),
        new("Rnn", "GRU bidirectional batch first with state", x => SeqAll(RecurrentMode.Gru, x, 1, 1, true, true, true),
            () => [Leaf(1, 1, 3, 2), Leaf(2, 2, 1, 2), .. CellWeights(3, 3, 2, 2, true), .. CellWeights(7, 3, 2, 2, true)]),
    ];
}
