using Nabla.Nn;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    private static Tensor LstmCellBoth(Tensor[] x, bool bias)
    {
        var (h, c) = Recurrent.LstmCell(x[0], x[1], x[2], x[3], x[4], bias ? x[5] : null, bias ? x[6] : null);
        return Tensor.Cat([h.Reshape(-1), c.Reshape(-1)], 0);
    }

    private static Tensor SeqAll(RecurrentMode mode, Tensor[] x, int states, int layers, bool bidirectional, bool batchFirst, bool bias, int projSize = 0)
    {
        var (output, hn, cn) = Recurrent.Rnn(mode, x[0], states > 0 ? x[1] : null, states > 1 ? x[2] : null, x[(1 + states)..],
            bias, layers, 0, false, bidirectional, batchFirst, projSize: projSize);
        Tensor[] parts = cn is null ? [output.Reshape(-1), hn.Reshape(-1)] : [output.Reshape(-1), hn.Reshape(-1), cn.Reshape(-1)];
        return Tensor.Cat(parts, 0);
    }

    /// <summary>Weights W_ih (G·H, I), W_hh (G·H, H), b_ih, b_hh (G·H) as float64 leaves.</summary>
    private static Tensor[] CellWeights(int seed, int gates, int input, int hidden, bool bias) => bias
        ? [Leaf(seed, gates * hidden, input), Leaf(seed + 1, gates * hidden, hidden), Leaf(seed + 2, gates * hidden), Leaf(seed + 3, gates * hidden)]
        : [Leaf(seed, gates * hidden, input), Leaf(seed + 1, gates * hidden, hidden)];

    /// <summary>Recurrent cells and layers (functional forms composed from tensor ops), float64 and tiny.</summary>
    private static IEnumerable<OpCase> RnnCases =>
    [
        new("RnnTanhCell", "batched with bias", x => Recurrent.RnnTanhCell(x[0], x[1], x[2], x[3], x[4], x[5]),
            () => [Leaf(1, 2, 3), Leaf(2, 2, 2), .. CellWeights(3, 1, 3, 2, true)]),
        new("RnnReluCell", "unbatched no bias", x => Recurrent.RnnReluCell(x[0], x[1], x[2], x[3]),
            () => [Leaf(1, 3), Leaf(2, 2), .. CellWeights(10, 1, 3, 2, false)]),
        new("LstmCell", "batched with bias, h and c", x => LstmCellBoth(x, true),
            () => [Leaf(1, 2, 2), Leaf(2, 2, 2), Leaf(3, 2, 2), .. CellWeights(4, 4, 2, 2, true)]),
        new("LstmCell", "unbatched no bias, transposed input weight", x => LstmCellBoth(x, false),
            () => [Leaf(1, 2), Leaf(2, 2), Leaf(3, 2), TransposedLeaf(4, 8, 2), Leaf(5, 8, 2)]),
        new("GruCell", "batched with bias", x => Recurrent.GruCell(x[0], x[1], x[2], x[3], x[4], x[5]),
            () => [Leaf(1, 2, 3), Leaf(2, 2, 2), .. CellWeights(3, 3, 3, 2, true)]),
        new("GruCell", "unbatched no bias", x => Recurrent.GruCell(x[0], x[1], x[2], x[3]),
            () => [Leaf(1, 2), Leaf(2, 2), .. CellWeights(3, 3, 2, 2, false)]),
        new("Rnn", "tanh, 3 steps, given state", x => SeqAll(RecurrentMode.RnnTanh, x, 1, 1, false, false, true),
            () => [Leaf(1, 3, 2, 2), Leaf(2, 1, 2, 2), .. CellWeights(3, 1, 2, 2, true)]),
        new("Rnn", "LSTM bidirectional batch first", x => SeqAll(RecurrentMode.Lstm, x, 0, 1, true, true, false),
            () => [Leaf(1, 1, 3, 2), .. CellWeights(3, 4, 2, 2, false), .. CellWeights(6, 4, 2, 2, false)]),
        new("Rnn", "GRU two layers with states", x => SeqAll(RecurrentMode.Gru, x, 1, 2, false, false, true),
            () => [Leaf(1, 2, 1, 2), Leaf(2, 2, 1, 2), .. CellWeights(3, 3, 2, 2, true), .. CellWeights(8, 3, 2, 2, true)]),
        new("Rnn", "LSTM with projection, given states", x => SeqAll(RecurrentMode.Lstm, x, 2, 1, false, false, false, projSize: 1),
            () => [Leaf(1, 2, 2, 2), Leaf(2, 1, 2, 1), Leaf(3, 1, 2, 2), Leaf(4, 8, 2), Leaf(5, 8, 1), Leaf(6, 1, 2)]),
    ];
}
