using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// One GRU layer direction over a whole sequence as a single op. Inputs: the input projections gi = x·W_ihᵀ
/// (L, N, 3H) of every step (without bias), W_hh (3H, H), h0 (N, H), b_ih and b_hh (3H) or absent; the output
/// (L, N, H) holds h_t of every step; with <c>reverse</c> the recurrence runs from t = L − 1 down to 0. Each step is
/// one GEMM h·W_hhᵀ and one <see cref="GruKernel"/> pass; r, z, n and gh_n + b_hn (L, N, 4H) are saved. The backward
/// pass is backpropagation through time with one GEMM per step for the state's gradient and a single GEMM over all
/// steps for W_hh's; with a graph being built for higher derivatives it runs in differentiable tensor ops instead.
/// </summary>
internal sealed class GruSequence : Function
{
    private Tensor? _saved;
    private Tensor? _out;
    private Tensor? _weight;
    private bool _reverse;
    private int _biasIh = -1, _biasHh = -1;

    public override string Name => "GruSequence";

    public static Tensor Apply(Tensor gi, Tensor weightHh, Tensor h0, Tensor? biasIh, Tensor? biasHh, bool reverse)
    {
        const string op = "GruSequence";
        int steps = gi.Rank == 3 ? gi.Dims[0] : -1, n = h0.Rank == 2 ? h0.Dims[0] : -1, hidden = weightHh.Rank == 2 ? weightHh.Dims[1] : -1;
        if (steps < 1 || n < 0 || hidden < 1 || !gi.Dims.AsSpan(1).SequenceEqual([n, 3 * hidden]) || !weightHh.Dims.AsSpan().SequenceEqual([3 * hidden, hidden])
            || h0.Dims[1] != hidden || !RecurrentOps.IsBias(biasIh, 3 * hidden) || !RecurrentOps.IsBias(biasHh, 3 * hidden))
            throw new ArgumentException($"{op}: gi {gi.Shape}, weight_hh {weightHh.Shape}, h0 {h0.Shape}, biases {RecurrentOps.Format(biasIh)} and "
                + $"{RecurrentOps.Format(biasHh)} do not fit (L ≥ 1, N, 3H), (3H, H), (N, H) and (3H).");
        var dtype = RecurrentOps.CommonDType(op, gi, weightHh, h0, biasIh, biasHh);
        (gi, weightHh, h0) = (gi.To(dtype), weightHh.To(dtype), h0.To(dtype));
        (biasIh, biasHh) = (biasIh?.To(dtype), biasHh?.To(dtype));
        var inputs = RecurrentOps.Inputs([gi, weightHh, h0], biasIh, biasHh, out int bIh, out int bHh);
        bool track = Tracks(inputs);
        var weight = RecurrentOps.Dense(weightHh);
        var saved = Tensor.Empty([track ? steps : 1, n, 4 * hidden], dtype);
        var y = Tensor.Empty([steps, n, hidden], dtype);
        if (dtype == DType.Float32) Forward<float>(gi, weight, h0, biasIh, biasHh, reverse, track, saved, y);
        else Forward<double>(gi, weight, h0, biasIh, biasHh, reverse, track, saved, y);
        if (!track)
        {
            saved.Dispose();
            return y;
        }
        var fn = new GruSequence { _saved = saved, _out = y, _weight = weight, _reverse = reverse, _biasIh = bIh, _biasHh = bHh };
        return fn.Record(y, inputs);
    }

    private static void Forward<T>(Tensor gi, Tensor weight, Tensor h0, Tensor? biasIh, Tensor? biasHh, bool reverse, bool track,
        Tensor saved, Tensor y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = weight.Dims[1], step3 = n * 3 * hidden, step = n * hidden;
        var sv = RowMatrix<T>.Of(saved);
        var x = RowMatrix<T>.Of(RecurrentOps.Dense(gi));
        var w = RowMatrix<T>.Of(weight);
        var (bIh, bHh) = (RecurrentOps.Bias<T>(biasIh), RecurrentOps.Bias<T>(biasHh));
        var hs = RowMatrix<T>.Of(y);
        var hPrev = RowMatrix<T>.Of(RecurrentOps.Dense(h0));
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            // gh lands in the first 3H columns of the step's saved rows, which the kernel then rewrites in place.
            var st = sv.Shift(track ? t * 4 * step : 0);
            RowGemm.Run(false, true, n, 3 * hidden, hidden, hPrev, w, T.Zero, st);
            var ht = hs.Shift(t * step);
            GruKernel.Forward(n, hidden, st, x.Shift(t * step3), bIh, bHh, hPrev, st, ht);
            hPrev = ht;
        }
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        if (GradMode.IsEnabled) return DifferentiableBackward(g);
        var (gi, w, h0) = (Inputs[0], Inputs[1], Inputs[2]);
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = w.Dims[1];
        var dgi = Tensor.Empty([steps, n, 3 * hidden], g.DType);
        var dgh = Tensor.Empty([steps, n, 3 * hidden], g.DType);
        var dh = Tensor.Zeros([n, hidden], g.DType);
        // An empty batch leaves every gradient zero (or empty).
        var dw = w.RequiresGrad ? Tensor.Allocate([3 * hidden, hidden], g.DType, zero: n == 0) : null;
        if (n > 0 && g.DType == DType.Float32) KernelBackward<float>(RecurrentOps.Dense(g), dgi, dgh, dh, dw);
        else if (n > 0) KernelBackward<double>(RecurrentOps.Dense(g), dgi, dgh, dh, dw);
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dgi : null;
        grads[1] = dw;
        grads[2] = h0.RequiresGrad ? dh : null;
        RecurrentOps.BiasGrads(grads, Inputs, dgi, dgh, _biasIh, _biasHh);
        return grads;
    }

    private void KernelBackward<T>(Tensor g, Tensor dgiAll, Tensor dghAll, Tensor dhCarry, Tensor? dw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var h0 = RowMatrix<T>.Of(RecurrentOps.Dense(Inputs[2]));
        int steps = dgiAll.Dims[0], n = dgiAll.Dims[1], hidden = dhCarry.Dims[1], step3 = n * 3 * hidden, step = n * hidden;
        var (saved, ys, w) = (RowMatrix<T>.Of(_saved!), RowMatrix<T>.Of(_out!), RowMatrix<T>.Of(_weight!));
        var (dgi, dgh, dh) = (RowMatrix<T>.Of(dgiAll), RowMatrix<T>.Of(dghAll), RowMatrix<T>.Of(dhCarry));
        var dhSpan = dhCarry.Span<T>();
        var gSpan = g.Span<T>();
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = _reverse ? steps - 1 - s : s, prev = _reverse ? t + 1 : t - 1;
            TensorPrimitives.Add(dhSpan, gSpan.Slice(t * step, step), dhSpan);
            var hPrev = s == 0 ? h0 : ys.Shift(prev * step);
            GruKernel.Backward(n, hidden, saved.Shift(t * 4 * step), hPrev, dh, dgi.Shift(t * step3), dgh.Shift(t * step3));
            if (s > 0 || Inputs[2].RequiresGrad)
                RowGemm.Run(false, false, n, hidden, 3 * hidden, dgh.Shift(t * step3), w, T.One, dh);
        }
        if (dw is null) return;
        // dW_hh = Σ_t dgh_tᵀ·h_prev(t): every step but the first takes its h_prev from the output, in one GEMM.
        var dW = RowMatrix<T>.Of(dw);
        int first = _reverse ? steps - 1 : 0;
        var (dRest, hRest) = _reverse ? (dgh, ys.Shift(step)) : (dgh.Shift(step3), ys);
        RowGemm.Run(true, false, 3 * hidden, hidden, (steps - 1) * n, dRest, hRest, T.Zero, dW);
        RowGemm.Run(true, false, 3 * hidden, hidden, n, dgh.Shift(first * step3), h0, T.One, dW);
    }

    /// <summary>The VJP in tensor ops: the forward recurrence recomputed from the inputs, then backpropagation through it.</summary>
    private Tensor?[] DifferentiableBackward(Tensor g)
    {
        var (gi, w, h0) = (Inputs[0], Inputs[1], Inputs[2]);
        int steps = gi.Dims[0];
        var (bIh, bHh) = (_biasIh >= 0 ? Inputs[_biasIh] : null, _biasHh >= 0 ? Inputs[_biasHh] : null);
        var (xs, hs, hPrev) = (new Tensor[steps], new Tensor[steps], new Tensor[steps]);
        var h = h0;
        for (int s = 0; s < steps; s++)
        {
            int t = _reverse ? steps - 1 - s : s;
            xs[t] = bIh is null ? gi.Select(0, t) : gi.Select(0, t) + bIh;
            hs[t] = bHh is null ? h.MatMul(w.T) : h.MatMul(w.T) + bHh;
            hPrev[t] = h;
            h = GruMath.Step(xs[t], hs[t], h);
        }
        var (dgi, dgh) = (new Tensor[steps], new Tensor[steps]);
        Tensor? dh = null, dw = null;
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = _reverse ? steps - 1 - s : s;
            var gt = g.Select(0, t);
            (dgi[t], dgh[t], var direct) = GruMath.Vjp(xs[t], hs[t], hPrev[t], dh is null ? gt : gt + dh);
            var dwt = dgh[t].T.MatMul(hPrev[t]);
            dw = dw is null ? dwt : dw + dwt;
            dh = direct + dgh[t].MatMul(w);
        }
        var (dgiAll, dghAll) = (Tensor.Stack(dgi, 0), Tensor.Stack(dgh, 0));
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dgiAll : null;
        grads[1] = w.RequiresGrad ? dw : null;
        grads[2] = h0.RequiresGrad ? dh : null;
        RecurrentOps.BiasGrads(grads, Inputs, dgiAll, dghAll, _biasIh, _biasHh);
        return grads;
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (w, y, saved) = (Inputs[1], _out!, _saved!);
        int steps = y.Dims[0];
        var dbIh = _biasIh >= 0 ? t[_biasIh] : null;
        var dbHh = _biasHh >= 0 ? t[_biasHh] : null;
        var dhs = new Tensor[steps];
        Tensor? dh = t[2];
        var hPrev = Inputs[2];
        for (int s = 0; s < steps; s++)
        {
            int k = _reverse ? steps - 1 - s : s;
            var dgi = BinaryOps.AddTangents(t[0]?.Select(0, k), dbIh);
            var dgh = BinaryOps.AddTangents(dh?.MatMul(w.T), dbHh);
            if (t[1] is not null) dgh = BinaryOps.AddTangents(dgh, hPrev.MatMul(t[1]!.T));
            dh = dhs[k] = GruMath.Tangent(saved.Select(0, k), hPrev, dgi, dgh, dh);
            hPrev = y.Select(0, k);
        }
        return Tensor.Stack(dhs, 0);
    }

    internal override void Release()
    {
        base.Release();
        _saved = null;
        _out = null;
        _weight = null;
    }
}
