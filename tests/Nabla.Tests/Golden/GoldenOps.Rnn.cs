using Nabla.Nn;

namespace Nabla.Tests.Golden;

public static partial class GoldenOps
{
    private static Tensor Flat(params Tensor?[] parts) => Tensor.Cat(parts.Where(p => p is not null).Select(p => p!.Reshape(-1)).ToArray(), 0);

    private static Func<Tensor[], Tensor> Cell(RecurrentMode mode) => x => mode switch
    {
        RecurrentMode.RnnTanh => Recurrent.RnnTanhCell(x[0], x[1], x[2], x[3], x.ElementAtOrDefault(4), x.ElementAtOrDefault(5)),
        RecurrentMode.RnnRelu => Recurrent.RnnReluCell(x[0], x[1], x[2], x[3], x.ElementAtOrDefault(4), x.ElementAtOrDefault(5)),
        RecurrentMode.Gru => Recurrent.GruCell(x[0], x[1], x[2], x[3], x.ElementAtOrDefault(4), x.ElementAtOrDefault(5)),
        _ => LstmCellFlat(x),
    };

    private static Tensor LstmCellFlat(Tensor[] x)
    {
        var (h, c) = Recurrent.LstmCell(x[0], x[1], x[2], x[3], x[4], x.ElementAtOrDefault(5), x.ElementAtOrDefault(6));
        return Flat(h, c);
    }

    private static Func<Tensor[], Tensor> Seq(RecurrentMode mode, int layers = 1, bool bidirectional = false, bool batchFirst = false,
        bool bias = true, bool state = false, int projSize = 0) => x =>
    {
        int states = state ? (mode == RecurrentMode.Lstm ? 2 : 1) : 0;
        var (output, hn, cn) = Recurrent.Rnn(mode, x[0], state ? x[1] : null, states == 2 ? x[2] : null, x[(1 + states)..],
            bias, layers, 0, false, bidirectional, batchFirst, projSize: projSize);
        return Flat(output, hn, cn);
    };

    /// <summary>generate_rnn.py: recurrent cells and layers.</summary>
    private static Dictionary<string, Func<Tensor[], Tensor>> Rnn
    {
        get
        {
            var d = new Dictionary<string, Func<Tensor[], Tensor>>();
            foreach (var (kind, mode) in new[] { ("rnn_tanh", RecurrentMode.RnnTanh), ("rnn_relu", RecurrentMode.RnnRelu),
                         ("lstm", RecurrentMode.Lstm), ("gru", RecurrentMode.Gru) })
            {
                d[$"{kind}_cell_batched"] = Cell(mode);
                d[$"{kind}_cell_unbatched_no_bias"] = Cell(mode);
                d[$"{kind}_basic"] = Seq(mode);
                d[$"{kind}_two_layers_state"] = Seq(mode, layers: 2, state: true);
                d[$"{kind}_bidirectional_batch_first"] = Seq(mode, bidirectional: true, batchFirst: true);
                d[$"{kind}_two_layers_bidirectional_state_no_bias"] = Seq(mode, layers: 2, bidirectional: true, bias: false, state: true);
                d[$"{kind}_unbatched"] = Seq(mode);
            }
            d["lstm_projection"] = Seq(RecurrentMode.Lstm, projSize: 2);
            d["lstm_projection_two_layers_bidirectional_state_no_bias"] = Seq(RecurrentMode.Lstm, 2, true, bias: false, state: true, projSize: 2);
            return d;
        }
    }
}
