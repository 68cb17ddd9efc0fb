using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// One LSTM layer direction over a whole sequence as a single op. Inputs: the input projections gi = x·W_ihᵀ
/// (L, N, 4H) of every step (without bias), W_hh (4H, P), h0 (N, P), c0 (N, H), b_ih and b_hh (4H) or absent, and
/// the projection W_hr (P, H) or absent (then P = H): c_t = f∘c_{t−1} + i∘g, h_t = o∘tanh(c_t), projected by W_hr
/// when given. The output is one 1-D tensor holding the h sequence (L, N, P) followed by the c sequence (L, N, H)
/// (<see cref="Split"/>); with <c>reverse</c> the recurrence runs from t = L − 1 down to 0. Each step is one GEMM
/// h·W_hhᵀ and one <see cref="LstmKernel"/> pass (and one GEMM with W_hr); the activated gates (L, N, 4H) and, with a
/// projection, o∘tanh(c_t) (L, N, H) are saved besides the output. The backward pass is backpropagation through time
/// with one GEMM per step for the state's gradient, then one GEMM over all steps for each weight's gradient; with a
/// graph being built for higher derivatives it runs the same recurrence in differentiable tensor ops instead.
/// </summary>
internal sealed class LstmSequence : Function
{
    private Tensor? _gates;
    private Tensor? _cells;
    private Tensor? _out;
    private Tensor? _weight;
    private Tensor? _projection;
    private bool _reverse;
    private int _biasIh = -1, _biasHh = -1, _proj = -1;

    public override string Name => "LstmSequence";

    public static Tensor Apply(Tensor gi, Tensor weightHh, Tensor h0, Tensor c0, Tensor? biasIh, Tensor? biasHh, Tensor? weightHr, bool reverse)
    {
        const string op = "LstmSequence";
        int steps = gi.Rank == 3 ? gi.Dims[0] : -1, n = c0.Rank == 2 ? c0.Dims[0] : -1, hidden = c0.Rank == 2 ? c0.Dims[1] : -1;
        int size = weightHr is null ? hidden : weightHr.Rank == 2 ? weightHr.Dims[0] : -1;
        if (steps < 1 || n < 0 || hidden < 1 || size < 1 || !gi.Dims.AsSpan(1).SequenceEqual([n, 4 * hidden])
            || !weightHh.Dims.AsSpan().SequenceEqual([4 * hidden, size]) || !h0.Dims.AsSpan().SequenceEqual([n, size])
            || (weightHr is not null && weightHr.Dims[1] != hidden) || !RecurrentOps.IsBias(biasIh, 4 * hidden) || !RecurrentOps.IsBias(biasHh, 4 * hidden))
            throw new ArgumentException($"{op}: gi {gi.Shape}, weight_hh {weightHh.Shape}, h0 {h0.Shape}, c0 {c0.Shape}, biases {RecurrentOps.Format(biasIh)} and "
                + $"{RecurrentOps.Format(biasHh)}, weight_hr {RecurrentOps.Format(weightHr)} do not fit (L ≥ 1, N, 4H), (4H, P), (N, P), (N, H), (4H) and (P, H) (P = H without weight_hr).");
        var dtype = RecurrentOps.CommonDType(op, gi, weightHh, h0, c0, biasIh, biasHh, weightHr);
        (gi, weightHh, h0, c0) = (gi.To(dtype), weightHh.To(dtype), h0.To(dtype), c0.To(dtype));
        (biasIh, biasHh, weightHr) = (biasIh?.To(dtype), biasHh?.To(dtype), weightHr?.To(dtype));
        var inputs = RecurrentOps.Inputs([gi, weightHh, h0, c0], biasIh, biasHh, out int bIh, out int bHh);
        if (weightHr is not null) inputs = [.. inputs, weightHr];
        bool track = Tracks(inputs);
        var (weight, projection) = (RecurrentOps.Dense(weightHh), weightHr is null ? null : RecurrentOps.Dense(weightHr));
        // Without a graph only the current step's gates (and o∘tanh c) are needed, so one step's buffer is reused.
        var gates = Tensor.Empty([track ? steps : 1, n, 4 * hidden], dtype);
        var cells = projection is null ? null : Tensor.Empty([track ? steps : 1, n, hidden], dtype);
        var y = Tensor.Empty([steps * n * (size + hidden)], dtype);
        if (dtype == DType.Float32) Forward<float>(gi, weight, h0, c0, biasIh, biasHh, projection, reverse, track, gates, cells, y);
        else Forward<double>(gi, weight, h0, c0, biasIh, biasHh, projection, reverse, track, gates, cells, y);
        if (!track)
        {
            gates.Dispose();
            cells?.Dispose();
            return y;
        }
        var fn = new LstmSequence
        {
            _gates = gates, _cells = cells, _out = y, _weight = weight, _projection = projection, _reverse = reverse,
            _biasIh = bIh, _biasHh = bHh, _proj = weightHr is null ? -1 : inputs.Length - 1,
        };
        return fn.Record(y, inputs);
    }

    /// <summary>The h sequence (L, N, P) and the c sequence (L, N, H) of the op's output (views).</summary>
    public static (Tensor H, Tensor C) Split(Tensor y, int steps, int n, int size, int hidden) =>
        (y.Narrow(0, 0, steps * n * size).Reshape(steps, n, size), y.Narrow(0, steps * n * size, steps * n * hidden).Reshape(steps, n, hidden));

    private static void Forward<T>(Tensor gi, Tensor weight, Tensor h0, Tensor c0, Tensor? biasIh, Tensor? biasHh, Tensor? projection, bool reverse,
        bool track, Tensor gates, Tensor? cells, Tensor y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = c0.Dims[1], size = h0.Dims[1], step4 = n * 4 * hidden, step = n * hidden, stepP = n * size;
        var g = RowMatrix<T>.Of(gates);
        var x = RowMatrix<T>.Of(RecurrentOps.Dense(gi));
        var (w, wr, m) = (RowMatrix<T>.Of(weight), RowMatrix<T>.Of(projection), RowMatrix<T>.Of(cells));
        var (bIh, bHh) = (RecurrentOps.Bias<T>(biasIh), RecurrentOps.Bias<T>(biasHh));
        var (hs, cs) = Halves<T>(y, steps * stepP, size, hidden);
        var hPrev = RowMatrix<T>.Of(RecurrentOps.Dense(h0));
        var cPrev = RowMatrix<T>.Of(RecurrentOps.Dense(c0));
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s, saved = track ? t : 0;
            var gt = g.Shift(saved * step4);
            RowGemm.Run(false, true, n, 4 * hidden, size, hPrev, w, T.Zero, gt);
            var (ht, ct) = (hs.Shift(t * stepP), cs.Shift(t * step));
            var mt = wr.IsEmpty ? ht : m.Shift(saved * step);
            LstmKernel.Forward(n, hidden, gt, x.Shift(t * step4), bIh, bHh, cPrev, gt, ct, mt);
            if (!wr.IsEmpty) RowGemm.Run(false, true, n, size, hidden, mt, wr, T.Zero, ht);
            (hPrev, cPrev) = (ht, ct);
        }
    }

    /// <summary>Rows of the h part (P wide) and of the c part (H wide) of a flat output or gradient.</summary>
    private static (RowMatrix<T> H, RowMatrix<T> C) Halves<T>(Tensor flat, int hLength, int size, int hidden) where T : unmanaged
    {
        var all = RowMatrix<T>.Of(flat);
        return (all with { Stride = size }, all with { Offset = all.Offset + hLength, Stride = hidden });
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        if (GradMode.IsEnabled) return DifferentiableBackward(g);
        var (gi, w, h0, c0) = (Inputs[0], Inputs[1], Inputs[2], Inputs[3]);
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = c0.Dims[1], size = h0.Dims[1];
        var dz = Tensor.Empty([steps, n, 4 * hidden], g.DType);
        var dh = Tensor.Zeros([n, size], g.DType);
        var dc = Tensor.Zeros([n, hidden], g.DType);
        // An empty batch leaves every gradient zero (or empty).
        var dw = w.RequiresGrad ? Tensor.Allocate([4 * hidden, size], g.DType, zero: n == 0) : null;
        var dwr = _proj >= 0 && Inputs[_proj].RequiresGrad ? Tensor.Allocate([size, hidden], g.DType, zero: n == 0) : null;
        if (n > 0 && g.DType == DType.Float32) KernelBackward<float>(RecurrentOps.Dense(g), dz, dh, dc, dw, dwr);
        else if (n > 0) KernelBackward<double>(RecurrentOps.Dense(g), dz, dh, dc, dw, dwr);
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dz : null;
        grads[1] = dw;
        grads[2] = h0.RequiresGrad ? dh : null;
        grads[3] = c0.RequiresGrad ? dc : null;
        RecurrentOps.BiasGrads(grads, Inputs, dz, dz, _biasIh, _biasHh);
        if (_proj >= 0) grads[_proj] = dwr;
        return grads;
    }

    private void KernelBackward<T>(Tensor g, Tensor dzAll, Tensor dhCarry, Tensor dcCarry, Tensor? dw, Tensor? dwr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var h0 = RowMatrix<T>.Of(RecurrentOps.Dense(Inputs[2]));
        var c0 = RowMatrix<T>.Of(RecurrentOps.Dense(Inputs[3]));
        int steps = dzAll.Dims[0], n = dzAll.Dims[1], hidden = dcCarry.Dims[1], size = dhCarry.Dims[1];
        int step4 = n * 4 * hidden, step = n * hidden, stepP = n * size;
        var (gates, w, wr) = (RowMatrix<T>.Of(_gates!), RowMatrix<T>.Of(_weight!), RowMatrix<T>.Of(_projection));
        var (hs, cs) = Halves<T>(_out!, steps * stepP, size, hidden);
        var (dz, dh, dc) = (RowMatrix<T>.Of(dzAll), RowMatrix<T>.Of(dhCarry), RowMatrix<T>.Of(dcCarry));
        var dhSpan = dhCarry.Span<T>();
        var dcSpan = dcCarry.Span<T>();
        var gSpan = g.Span<T>();
        // With a projection the kernel takes dm = dh·W_hr, and dW_hr needs every step's dh.
        var dm = wr.IsEmpty ? dh : RowMatrix<T>.Of(Tensor.Empty([n, hidden], g.DType));
        var dhAll = dwr is null ? null : Tensor.Empty([steps, n, size], g.DType);
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = _reverse ? steps - 1 - s : s, prev = _reverse ? t + 1 : t - 1;
            TensorPrimitives.Add(dhSpan, gSpan.Slice(t * stepP, stepP), dhSpan);
            TensorPrimitives.Add(dcSpan, gSpan.Slice(steps * stepP + t * step, step), dcSpan);
            if (!wr.IsEmpty) RowGemm.Run(false, false, n, hidden, size, dh, wr, T.Zero, dm);
            if (dhAll is not null) dhSpan.CopyTo(dhAll.Span<T>().Slice(t * stepP, stepP));
            var cPrev = s == 0 ? c0 : cs.Shift(prev * step);
            LstmKernel.Backward(n, hidden, gates.Shift(t * step4), cs.Shift(t * step), cPrev, dm, dc, dz.Shift(t * step4));
            if (s > 0 || Inputs[2].RequiresGrad)
                RowGemm.Run(false, false, n, size, 4 * hidden, dz.Shift(t * step4), w, T.Zero, dh);
        }
        if (dhAll is not null) RowGemm.Run(true, false, size, hidden, steps * n, RowMatrix<T>.Of(dhAll), RowMatrix<T>.Of(_cells!), T.Zero, RowMatrix<T>.Of(dwr!));
        if (dw is null) return;
        // dW_hh = Σ_t dz_tᵀ·h_prev(t): every step but the first takes its h_prev from the output, in one GEMM.
        var dW = RowMatrix<T>.Of(dw);
        int first = _reverse ? steps - 1 : 0;
        var (dzRest, hRest) = _reverse ? (dz, hs.Shift(stepP)) : (dz.Shift(step4), hs);
        RowGemm.Run(true, false, 4 * hidden, size, (steps - 1) * n, dzRest, hRest, T.Zero, dW);
        RowGemm.Run(true, false, 4 * hidden, size, n, dz.Shift(first * step4), h0, T.One, dW);
    }

    /// <summary>The VJP in tensor ops: the forward recurrence recomputed from the inputs, then backpropagation through it.</summary>
    private Tensor?[] DifferentiableBackward(Tensor g)
    {
        var (gi, w, h0, c0) = (Inputs[0], Inputs[1], Inputs[2], Inputs[3]);
        var wr = _proj >= 0 ? Inputs[_proj] : null;
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = c0.Dims[1], size = h0.Dims[1];
        Tensor? bias = _biasIh >= 0 ? Inputs[_biasIh] : null;
        if (_biasHh >= 0) bias = bias is null ? Inputs[_biasHh] : bias + Inputs[_biasHh];
        var (z, m, hPrev, cPrev) = (new Tensor[steps], new Tensor[steps], new Tensor[steps], new Tensor[steps]);
        var (h, c) = (h0, c0);
        for (int s = 0; s < steps; s++)
        {
            int t = _reverse ? steps - 1 - s : s;
            z[t] = gi.Select(0, t) + h.MatMul(w.T);
            if (bias is not null) z[t] += bias;
            (hPrev[t], cPrev[t]) = (h, c);
            (m[t], c) = LstmMath.Step(z[t], c);
            h = wr is null ? m[t] : m[t].MatMul(wr.T);
        }
        var (gh, gc) = Split(g, steps, n, size, hidden);
        var dz = new Tensor[steps];
        Tensor? dh = null, dc = null, dw = null, dwr = null;
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = _reverse ? steps - 1 - s : s;
            var dht = dh is null ? gh.Select(0, t) : gh.Select(0, t) + dh;
            var dct = dc is null ? gc.Select(0, t) : gc.Select(0, t) + dc;
            if (wr is not null)
            {
                var dwrt = dht.T.MatMul(m[t]);
                dwr = dwr is null ? dwrt : dwr + dwrt;
                dht = dht.MatMul(wr);
            }
            (dz[t], dc) = LstmMath.Vjp(z[t], cPrev[t], dht, dct);
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
        if (wr is not null) grads[_proj] = wr.RequiresGrad ? dwr : null;
        return grads;
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (w, gates) = (Inputs[1], _gates!);
        var wr = _proj >= 0 ? Inputs[_proj] : null;
        var dwr = _proj >= 0 ? t[_proj] : null;
        int steps = gates.Dims[0], n = gates.Dims[1], hidden = Inputs[3].Dims[1], size = Inputs[2].Dims[1];
        var (hs, cs) = Split(_out!, steps, n, size, hidden);
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
            var c = cs.Select(0, k);
            (dh, dc) = LstmMath.Tangent(gates.Select(0, k), c, cPrev, dz, dc);
            if (wr is not null)
            {
                dh = dh.MatMul(wr.T);
                if (dwr is not null) dh += _cells!.Select(0, k).MatMul(dwr.T);
            }
            (dhs[k], dcs[k]) = (dh, dc);
            (hPrev, cPrev) = (hs.Select(0, k), c);
        }
        return Tensor.Cat([Tensor.Stack(dhs, 0).Reshape(-1), Tensor.Stack(dcs, 0).Reshape(-1)], 0);
    }

    internal override void Release()
    {
        base.Release();
        _gates = null;
        _cells = null;
        _out = null;
        _weight = null;
        _projection = null;
    }
}
