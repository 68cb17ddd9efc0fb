namespace Nabla.Nn;

/// <summary>The recurrence of a recurrent layer: which cell runs at each step.</summary>
public enum RecurrentMode
{
    /// <summary>Elman RNN with tanh: h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
    RnnTanh,

    /// <summary>Elman RNN with relu: h' = relu(W_ih x + b_ih + W_hh h + b_hh).</summary>
    RnnRelu,

    /// <summary>LSTM with PyTorch's gate order i, f, g, o.</summary>
    Lstm,

    /// <summary>GRU with PyTorch's gate order r, z, n.</summary>
    Gru,
}

/// <summary>
/// Functional forms of the recurrent cells and layers (PyTorch's <c>rnn_tanh_cell</c>, <c>lstm_cell</c>, <c>gru_cell</c>
/// and the multi-layer <c>rnn_tanh</c>/<c>lstm</c>/<c>gru</c>). Weights use PyTorch's layout: W_ih (G·H, I), W_hh (G·H, H),
/// b_ih and b_hh (G·H) with G = 1 (RNN), 4 (LSTM) or 3 (GRU). One GEMM projects the inputs of all time steps; each
/// layer direction then runs its whole recurrence as one fused op (a GEMM and one gate kernel per step,
/// backpropagation through time in one VJP). The LSTM and GRU cells are one fused op per step and the Elman cells are
/// composed from tensor ops. All of them support reverse mode to any order and forward mode.
/// </summary>
public static class Recurrent
{
    /// <summary>Number of gate blocks G stacked in the weights of <paramref name="mode"/>.</summary>
    public static int GateCount(RecurrentMode mode) => mode switch
    {
        RecurrentMode.Lstm => 4,
        RecurrentMode.Gru => 3,
        _ => 1,
    };

    /// <summary>One Elman step h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) on input (N, I) or (I) and state (N, H) or (H).</summary>
    public static Tensor RnnTanhCell(Tensor input, Tensor hx, Tensor weightIh, Tensor weightHh, Tensor? biasIh = null, Tensor? biasHh = null) =>
        CellCall(RecurrentMode.RnnTanh, input, hx, null, weightIh, weightHh, biasIh, biasHh).H;

    /// <summary>One Elman step h' = relu(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) on input (N, I) or (I) and state (N, H) or (H).</summary>
    public static Tensor RnnReluCell(Tensor input, Tensor hx, Tensor weightIh, Tensor weightHh, Tensor? biasIh = null, Tensor? biasHh = null) =>
        CellCall(RecurrentMode.RnnRelu, input, hx, null, weightIh, weightHh, biasIh, biasHh).H;

    /// <summary>One LSTM step on input (N, I) or (I) and state h, c (N, H) or (H); returns the new (h, c).</summary>
    public static (Tensor H, Tensor C) LstmCell(Tensor input, Tensor hx, Tensor cx, Tensor weightIh, Tensor weightHh, Tensor? biasIh = null, Tensor? biasHh = null)
    {
        var (h, c) = CellCall(RecurrentMode.Lstm, input, hx, cx, weightIh, weightHh, biasIh, biasHh);
        return (h, c!);
    }

    /// <summary>One GRU step on input (N, I) or (I) and state (N, H) or (H), with n = tanh(W_in x + b_in + r ∘ (W_hn h + b_hn)).</summary>
    public static Tensor GruCell(Tensor input, Tensor hx, Tensor weightIh, Tensor weightHh, Tensor? biasIh = null, Tensor? biasHh = null) =>
        CellCall(RecurrentMode.Gru, input, hx, null, weightIh, weightHh, biasIh, biasHh).H;

    /// <summary>
    /// Multi-layer recurrence over input (L, N, I) (or (N, L, I) when <paramref name="batchFirst"/>, or unbatched (L, I)).
    /// <paramref name="weights"/> lists, per layer and direction (forward first), W_ih, W_hh and, when
    /// <paramref name="hasBiases"/>, b_ih and b_hh, then for an LSTM with <paramref name="projSize"/> &gt; 0 the projection
    /// W_hr (P, H): PyTorch's <c>_flat_weights</c> order. Initial states h0 (layers·directions, N, P or H) and c0 for LSTM
    /// (layers·directions, N, H) may be null for zeros. Returns the output (L, N, directions·(P or H)) and the final states.
    /// </summary>
    public static (Tensor Output, Tensor HN, Tensor? CN) Rnn(RecurrentMode mode, Tensor input, Tensor? h0, Tensor? c0, IReadOnlyList<Tensor> weights,
        bool hasBiases, int numLayers, double dropout, bool training, bool bidirectional, bool batchFirst, Generator? generator = null, int projSize = 0)
    {
        string op = OpName(mode);
        int dirs = bidirectional ? 2 : 1;
        if (projSize < 0 || (projSize > 0 && mode != RecurrentMode.Lstm))
            throw new ArgumentException($"{op}: proj_size {projSize} is only supported as a positive value for LSTM.");
        int per = (hasBiases ? 4 : 2) + (projSize > 0 ? 1 : 0);
        if (numLayers < 1) throw new ArgumentOutOfRangeException(nameof(numLayers), $"{op}: num_layers must be at least 1, got {numLayers}.");
        if (weights.Count != numLayers * dirs * per)
            throw new ArgumentException($"{op}: expected {numLayers * dirs * per} weight tensors for {numLayers} layer(s), {dirs} direction(s), bias {hasBiases}, got {weights.Count}.");
        if (input.Rank != 2 && input.Rank != 3)
            throw new ArgumentException($"{op}: expected input of rank 2 (unbatched) or 3, got shape {Fmt(input)}.");
        LayerDTypes.Require(op, input, ("h0", h0), ("c0", c0));
        for (int i = 0; i < weights.Count; i++)
            if (weights[i].DType != input.DType) LayerDTypes.Require(op, input, ($"flat weight {i} {weights[i].Shape}", weights[i]));
        bool unbatched = input.Rank == 2;
        var x = unbatched ? input.Unsqueeze(1) : batchFirst ? input.Transpose(0, 1) : input;
        int steps = x.Size(0), batch = x.Size(1);
        int hidden = weights[0].Rank == 2 ? weights[0].Size(0) / GateCount(mode) : -1;
        int outSize = projSize > 0 ? projSize : hidden;
        if (hidden <= 0)
            throw new ArgumentException($"{op}: weight_ih_l0 shape {Fmt(weights[0])} does not hold {GateCount(mode)} gate block(s) of a positive hidden size.");
        if (steps == 0) throw new ArgumentException($"{op}: expected sequence length to be larger than 0, got input shape {Fmt(input)}.");
        var h = PrepareState(op, "h0", h0, unbatched, numLayers * dirs, batch, outSize, x);
        var c = mode == RecurrentMode.Lstm ? PrepareState(op, "c0", c0, unbatched, numLayers * dirs, batch, hidden, x) : null;

        var hn = new Tensor[numLayers * dirs];
        var cn = new Tensor[numLayers * dirs];
        for (int layer = 0; layer < numLayers; layer++)
        {
            var outs = new Tensor[dirs];
            for (int d = 0; d < dirs; d++)
            {
                int k = layer * dirs + d, w = k * per;
                var wIh = weights[w];
                var wHh = weights[w + 1];
                var bIh = hasBiases ? weights[w + 2] : null;
                var bHh = hasBiases ? weights[w + 3] : null;
                var wHr = projSize > 0 ? weights[w + per - 1] : null;
                string where = $"layer {layer}{(d == 1 ? " reverse" : "")}";
                CheckWeights(op, mode, wIh, wHh, bIh, bHh, x.Size(2), hidden, where, outSize);
                if (wHr is not null && (wHr.Rank != 2 || wHr.Size(0) != projSize || wHr.Size(1) != hidden))
                    throw new ArgumentException($"{op}: {where} weight_hr {Fmt(wHr)} does not fit proj_size {projSize} and hidden size {hidden}.");
                // One 2-D GEMM projects every time step's input at once (its weight gradient is then one GEMM too,
                // not a batch of per-step products); only h·W_hhᵀ remains inside the loop.
                var gi = x.Reshape(steps * batch, x.Size(2)).MatMul(wIh.T).Reshape(steps, batch, wIh.Size(0));
                (outs[d], hn[k], var cLast) = Sequence(mode, gi, wHh, h.Select(0, k), c?.Select(0, k), bIh, bHh, wHr, reverse: d == 1);
                if (cLast is not null) cn[k] = cLast;
            }
            x = dirs == 2 ? Tensor.Cat(outs, 2) : outs[0];
            if (dropout > 0 && training && layer < numLayers - 1) x = Functional.Dropout(x, dropout, true, generator);
        }
        var output = unbatched ? x.Squeeze(1) : batchFirst ? x.Transpose(0, 1) : x;
        var hN = Tensor.Stack(hn, 0);
        var cN = c is null ? null : Tensor.Stack(cn, 0);
        if (unbatched)
        {
            hN = hN.Squeeze(1);
            cN = cN?.Squeeze(1);
        }
        return (output, hN, cN);
    }

    /// <summary>One layer direction's fused recurrence over gi (L, N, G·H): the outputs (L, N, H or P), the final h and, for an LSTM, the final c.</summary>
    private static (Tensor Output, Tensor H, Tensor? C) Sequence(RecurrentMode mode, Tensor gi, Tensor wHh, Tensor h0, Tensor? c0, Tensor? bIh, Tensor? bHh,
        Tensor? wHr, bool reverse)
    {
        int steps = gi.Size(0), last = reverse ? 0 : steps - 1;
        if (mode == RecurrentMode.Lstm)
        {
            var y = Ops.LstmSequence.Apply(gi, wHh, h0, c0!, bIh, bHh, wHr, reverse);
            var (hs, cs) = Ops.LstmSequence.Split(y, steps, gi.Size(1), h0.Size(1), c0!.Size(1));
            return (hs, hs.Select(0, last), cs.Select(0, last));
        }
        var output = mode == RecurrentMode.Gru
            ? Ops.GruSequence.Apply(gi, wHh, h0, bIh, bHh, reverse)
            : Ops.RnnSequence.Apply(gi, wHh, h0, bIh, bHh, mode == RecurrentMode.RnnRelu, reverse);
        return (output, output.Select(0, last), null);
    }

    /// <summary>
    /// One cell step given the input projection gi = x W_ihᵀ (N, G·H): the LSTM and GRU cells as one fused op each,
    /// the Elman cells in tensor ops.
    /// </summary>
    private static (Tensor H, Tensor? C) CellStep(RecurrentMode mode, Tensor gi, Tensor h, Tensor? c, Tensor wHh, Tensor? bIh, Tensor? bHh)
    {
        var gh = h.MatMul(wHh.T);
        switch (mode)
        {
            case RecurrentMode.Lstm:
            {
                var hc = Ops.LstmCell.Apply(gi, gh, c!, bIh, bHh);
                return (hc.Select(0, 0), hc.Select(0, 1));
            }
            case RecurrentMode.Gru:
                return (Ops.GruCell.Apply(gi, gh, h, bIh, bHh), null);
        }
        if (bHh is not null) gh = gh + bHh;
        var z = bIh is null ? gi + gh : gi + bIh + gh;
        return (mode == RecurrentMode.RnnTanh ? z.Tanh() : z.Relu(), null);
    }

    private static (Tensor H, Tensor? C) CellCall(RecurrentMode mode, Tensor input, Tensor hx, Tensor? cx, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh)
    {
        string op = OpName(mode) + "Cell";
        if (input.Rank != 1 && input.Rank != 2)
            throw new ArgumentException($"{op}: expected input of rank 1 or 2, got shape {Fmt(input)}.");
        bool unbatched = input.Rank == 1;
        int hidden = wHh.Rank == 2 ? wHh.Size(1) : -1;
        CheckWeights(op, mode, wIh, wHh, bIh, bHh, input.Size(-1), hidden, "cell", hidden);
        LayerDTypes.Require(op, input, ("weight_ih", wIh), ("weight_hh", wHh), ("bias_ih", bIh), ("bias_hh", bHh), ("hx", hx), ("cx", cx));
        var x = unbatched ? input.Unsqueeze(0) : input;
        var h = CellState(op, "hx", hx, unbatched, x.Size(0), hidden);
        var c = cx is null ? null : CellState(op, "cx", cx, unbatched, x.Size(0), hidden);
        var (hNew, cNew) = CellStep(mode, x.MatMul(wIh.T), h, c, wHh, bIh, bHh);
        return unbatched ? (hNew.Squeeze(0), cNew?.Squeeze(0)) : (hNew, cNew);
    }

    private static Tensor CellState(string op, string name, Tensor state, bool unbatched, int batch, int hidden)
    {
        int[] want = unbatched ? [hidden] : [batch, hidden];
        if (!state.Dims.AsSpan().SequenceEqual(want))
            throw new ArgumentException($"{op}: {name} shape {Fmt(state)} does not match the expected {Fmt(want)}.");
        return unbatched ? state.Unsqueeze(0) : state;
    }

    private static Tensor PrepareState(string op, string name, Tensor? state, bool unbatched, int layers, int batch, int hidden, Tensor like)
    {
        if (state is null) return Tensor.Zeros([layers, batch, hidden], like.DType);
        int[] want = unbatched ? [layers, hidden] : [layers, batch, hidden];
        if (!state.Dims.AsSpan().SequenceEqual(want))
            throw new ArgumentException($"{op}: {name} shape {Fmt(state)} does not match the expected {Fmt(want)}.");
        return unbatched ? state.Unsqueeze(1) : state;
    }

    private static void CheckWeights(string op, RecurrentMode mode, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, int inputSize, int hidden, string where, int stateSize)
    {
        int g = GateCount(mode) * hidden;
        if (hidden <= 0 || wHh.Rank != 2 || wHh.Size(0) != g || wHh.Size(1) != stateSize || wIh.Rank != 2 || wIh.Size(0) != g || wIh.Size(1) != inputSize
            || (bIh is not null && !bIh.Dims.AsSpan().SequenceEqual([g])) || (bHh is not null && !bHh.Dims.AsSpan().SequenceEqual([g])))
            throw new ArgumentException($"{op}: {where} weights weight_ih {Fmt(wIh)}, weight_hh {Fmt(wHh)}, bias_ih {(bIh is null ? "none" : Fmt(bIh))}, "
                + $"bias_hh {(bHh is null ? "none" : Fmt(bHh))} do not fit input size {inputSize} and {GateCount(mode)} gate(s) of hidden size {hidden}.");
    }

    private static string OpName(RecurrentMode mode) => mode switch
    {
        RecurrentMode.Lstm => "LSTM",
        RecurrentMode.Gru => "GRU",
        _ => "RNN",
    };

    private static string Fmt(Tensor t) => Fmt(t.Dims);

    private static string Fmt(int[] dims) => "[" + string.Join(", ", dims) + "]";
}
