using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// One LSTM layer direction over a whole sequence as a single op. Inputs: the input projections gi = x·W_ihᵀ
/// (L, N, 4H) of every step (without bias), W_hh (4H, H), h0 and c0 (N, H), b_ih and b_hh (4H) or absent; the
/// output (2, L, N, H) holds h_t (<c>Select(0, 0)</c>) and c_t (<c>Select(0, 1)</c>) of every step; with
/// <c>reverse</c> the recurrence runs from t = L − 1 down to 0. Each step is one GEMM h·W_hhᵀ and one
/// <see cref="LstmKernel"/> pass; the activated gates (L, N, 4H) are the only saved tensor besides the output.
/// The backward pass is backpropagation through time with one GEMM per step for the state's gradient, then a single
/// GEMM over all steps for W_hh's gradient; with a graph being built for higher derivatives it runs the same
/// recurrence in differentiable tensor ops instead.
/// </summary>
internal sealed class LstmSequence : Function
{
    private Tensor? _gates;
    private Tensor? _out;
    private Tensor? _weight;
    private bool _reverse;
    private int _biasIh = -1, _biasHh = -1;

    public override string Name => "LstmSequence";

    public static Tensor Apply(Tensor gi, Tensor weightHh, Tensor h0, Tensor c0, Tensor? biasIh, Tensor? biasHh, bool reverse)
    {
        const string op = "LstmSequence";
        int steps = gi.Rank == 3 ? gi.Dims[0] : -1, n = h0.Rank == 2 ? h0.Dims[0] : -1, hidden = weightHh.Rank == 2 ? weightHh.Dims[1] : -1;
        if (steps < 1 || n < 0 || hidden < 1 || !gi.Dims.AsSpan(1).SequenceEqual([n, 4 * hidden]) || !weightHh.Dims.AsSpan().SequenceEqual([4 * hidden, hidden])
            || !c0.Dims.AsSpan().SequenceEqual(h0.Dims) || h0.Dims[1] != hidden || !RecurrentOps.IsBias(biasIh, 4 * hidden) || !RecurrentOps.IsBias(biasHh, 4 * hidden))
            throw new ArgumentException($"{op}: gi {gi.Shape}, weight_hh {weightHh.Shape}, h0 {h0.Shape}, c0 {c0.Shape}, biases {RecurrentOps.Format(biasIh)} and "
                + $"{RecurrentOps.Format(biasHh)} do not fit (L ≥ 1, N, 4H), (4H, H), (N, H), (N, H) and (4H).");
        var dtype = RecurrentOps.CommonDType(op, gi, weightHh, h0, c0, biasIh, biasHh);
        (gi, weightHh, h0, c0) = (gi.To(dtype), weightHh.To(dtype), h0.To(dtype), c0.To(dtype));
        (biasIh, biasHh) = (biasIh?.To(dtype), biasHh?.To(dtype));
        var inputs = RecurrentOps.Inputs([gi, weightHh, h0, c0], biasIh, biasHh, out int bIh, out int bHh);
        bool track = Tracks(inputs);
        var weight = RecurrentOps.Dense(weightHh);
        // Without a graph only the current step's gates are needed, so one step's buffer is reused.
        var gates = Tensor.Empty([track ? steps : 1, n, 4 * hidden], dtype);
        var y = Tensor.Empty([2, steps, n, hidden], dtype);
        if (dtype == DType.Float32) Forward<float>(gi, weight, h0, c0, biasIh, biasHh, reverse, track, gates, y);
        else Forward<double>(gi, weight, h0, c0, biasIh, biasHh, reverse, track, gates, y);
        if (!track)
        {
            gates.Dispose();
            return y;
        }
        var fn = new LstmSequence { _gates = gates, _out = y, _weight = weight, _reverse = reverse, _biasIh = bIh, _biasHh = bHh };
        return fn.Record(y, inputs);
    }

    private static void Forward<T>(Tensor gi, Tensor weight, Tensor h0, Tensor c0, Tensor? biasIh, Tensor? biasHh, bool reverse, bool track,
        Tensor gates, Tensor y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = weight.Dims[1], step4 = n * 4 * hidden, step = n * hidden;
        var g = RowMatrix<T>.Of(gates);
        var x = RowMatrix<T>.Of(RecurrentOps.Dense(gi));
        var w = RowMatrix<T>.Of(weight);
        var (bIh, bHh) = (RecurrentOps.Bias<T>(biasIh), RecurrentOps.Bias<T>(biasHh));
        var hs = RowMatrix<T>.Of(y);
        var hPrev = RowMatrix<T>.Of(RecurrentOps.Dense(h0));
        var cPrev = RowMatrix<T>.Of(RecurrentOps.Dense(c0));
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            var gt = g.Shift(track ? t * step4 : 0);
            RowGemm.Run(false, true, n, 4 * hidden, hidden, hPrev, w, T.Zero, gt);
            var (ht, ct) = (hs.Shift(t * step), hs.Shift((steps + t) * step));
            LstmKernel.Forward(n, hidden, gt, x.Shift(t * step4), bIh, bHh, cPrev, gt, ct, ht);
            (hPrev, cPrev) = (ht, ct);
        }
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        if (GradMode.IsEnabled) return DifferentiableBackward(g);
        var (gi, w, h0, c0) = (Inputs[0], Inputs[1], Inputs[2], Inputs[3]);
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = w.Dims[1];
        var dz = Tensor.Empty([steps, n, 4 * hidden], g.DType);
        var dh = Tensor.Zeros([n, hidden], g.DType);
        var dc = Tensor.Zeros([n, hidden], g.DType);
        // An empty batch leaves every gradient zero (or empty).
        var dw = w.RequiresGrad ? Tensor.Allocate([4 * hidden, hidden], g.DType, zero: n == 0) : null;
        if (n > 0 && g.DType == DType.Float32) KernelBackward<float>(RecurrentOps.Dense(g), dz, dh, dc, dw);
        else if (n > 0) KernelBackward<double>(RecurrentOps.Dense(g), dz, dh, dc, dw);
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dz : null;
        grads[1] = dw;
        grads[2] = h0.RequiresGrad ? dh : null;
        grads[3] = c0.RequiresGrad ? dc : null;
        RecurrentOps.BiasGrads(grads, Inputs, dz, dz, _biasIh, _biasHh);
        return grads;
    }

    private void KernelBackward<T>(Tensor g, Tensor dzAll, Tensor dhCarry, Tensor dcCarry, Tensor? dw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var h0 = RecurrentOps.Dense(Inputs[2]);
        int steps = dzAll.Dims[0], n = dzAll.Dims[1], hidden = dhCarry.Dims[1], step4 = n * 4 * hidden, step = n * hidden;
        var (gates, ys, w) = (RowMatrix<T>.Of(_gates!), RowMatrix<T>.Of(_out!), RowMatrix<T>.Of(_weight!));
        var (dz, dh, dc) = (RowMatrix<T>.Of(dzAll), RowMatrix<T>.Of(dhCarry), RowMatrix<T>.Of(dcCarry));
        var c0 = RowMatrix<T>.Of(RecurrentOps.Dense(Inputs[3]));
        var dhSpan = dhCarry.Span<T>();
        var dcSpan = dcCarry.Span<T>();
        var gSpan = g.Span<T>();
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = _reverse ? steps - 1 - s : s, prev = _reverse ? t + 1 : t - 1;
            TensorPrimitives.Add(dhSpan, gSpan.Slice(t * step, step), dhSpan);
            TensorPrimitives.Add(dcSpan, gSpan.Slice((steps + t) * step, step), dcSpan);
            var cPrev = s == 0 ? c0 : ys.Shift((steps + prev) * step);
            LstmKernel.Backward(n, hidden, gates.Shift(t * step4), ys.Shift((steps + t) * step), cPrev, dh, dc, dz.Shift(t * step4));
            if (s > 0 || Inputs[2].RequiresGrad)
                RowGemm.Run(false, false, n, hidden, 4 * hidden, dz.Shift(t * step4), w, T.Zero, dh);
        }
        if (dw is null) return;
        // dW_hh = Σ_t dz_tᵀ·h_prev(t): every step but the first takes its h_prev from the output, in one GEMM.
        var dW = RowMatrix<T>.Of(dw);
        int first = _reverse ? steps - 1 : 0;
        var (dzRest, hRest) = _reverse ? (dz, ys.Shift(step)) : (dz.Shift(step4), ys);
        RowGemm.Run(true, false, 4 * hidden, hidden, (steps - 1) * n, dzRest, hRest, T.Zero, dW);
        RowGemm.Run(true, false, 4 * hidden, hidden, n, dz.Shift(first * step4), RowMatrix<T>.Of(h0), T.One, dW);
    }

    /// <summary>The VJP in tensor ops: the forward recurrence recomputed from the inputs, then backpropagation through it.</summary>
    private Tensor?[] DifferentiableBackward(Tensor g)
    {
        var (gi, w, h0, c0) = (Inputs[0], Inputs[1], Inputs[2], Inputs[3]);
        int steps = gi.Dims[0];
        Tensor? bias = _biasIh >= 0 ? Inputs[_biasIh] : null;
        if (_biasHh >= 0) bias = bias is null ? Inputs[_biasHh] : bias + Inputs[_biasHh];
        var z = new Tensor[steps];
        var hPrev = new Tensor[steps];
        var cPrev = new Tensor[steps];
        var (h, c) = (h0, c0);
        for (int s = 0; s < steps; s++)
        {
            int t = _reverse ? steps - 1 - s : s;
            z[t] = gi.Select(0, t) + h.MatMul(w.T);
            if (bias is not null) z[t] += bias;
            (hPrev[t], cPrev[t]) = (h, c);
            (h, c) = LstmMath.Step(z[t], c);
        }
        var (gh, gc) = (g.Select(0, 0), g.Select(0, 1));
        var dz = new Tensor[steps];
        Tensor? dh = null, dc = null, dw = null;
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = _reverse ? steps - 1 - s : s;
            var dht = gh.Select(0, t);
            var dct = gc.Select(0, t);
            (dz[t], dc) = LstmMath.Vjp(z[t], cPrev[t], dh is null ? dht : dht + dh, dc is null ? dct : dct + dc);
            var dwt = dz[t].T.MatMul(hPrev[t]);
            dw = dw is null ? dwt : dw + dwt;
            dh = dz[t].MatMul(w);
        }
        var dgi = Tensor.Stack(dz, 0);
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dgi : null;
        grads[1] = w.RequiresGrad ? dw : null;
        grads[2] = h0.RequiresGrad ? dh : null;
        grads[3] = c0.RequiresGrad ? dc : null;
        RecurrentOps.BiasGrads(grads, Inputs, dgi, dgi, _biasIh, _biasHh);
        return grads;
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (w, y, gates) = (Inputs[1], _out!, _gates!);
        int steps = y.Dims[1];
        Tensor? bias = _biasIh >= 0 ? t[_biasIh] : null;
        if (_biasHh >= 0) bias = BinaryOps.AddTangents(bias, t[_biasHh]);
        var (dhs, dcs) = (new Tensor[steps], new Tensor[steps]);
        Tensor? dh = t[2], dc = t[3];
        var (hPrev, cPrev) = (Inputs[2], Inputs[3]);
        for (int s = 0; s < steps; s++)
        {
            int k = _reverse ? steps - 1 - s : s;
            var dz = BinaryOps.AddTangents(t[0]?.Select(0, k), dh?.MatMul(w.T));
            if (t[1] is not null) dz = BinaryOps.AddTangents(dz, hPrev.MatMul(t[1]!.T));
            dz = BinaryOps.AddTangents(dz, bias);
            var c = y.Select(0, 1).Select(0, k);
            (dh, dc) = LstmMath.Tangent(gates.Select(0, k), c, cPrev, dz, dc);
            (dhs[k], dcs[k]) = (dh, dc);
            (hPrev, cPrev) = (y.Select(0, 0).Select(0, k), c);
        }
        return Tensor.Stack([Tensor.Stack(dhs, 0), Tensor.Stack(dcs, 0)], 0);
    }

    internal override void Release()
    {
        base.Release();
        _gates = null;
        _out = null;
        _weight = null;
    }
}
