using System.Numerics;
using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// One Elman RNN layer direction over a whole sequence as a single op: h_t = act(gi_t + h_{t−1}·W_hhᵀ + b_ih + b_hh)
/// with act tanh or relu. Inputs: gi = x·W_ihᵀ (L, N, H) without bias, W_hh (H, H), h0 (N, H), b_ih and b_hh (H) or
/// absent; output (L, N, H); with <c>reverse</c> the recurrence runs from t = L − 1 down to 0. The output is the only
/// saved tensor. The backward pass is backpropagation through time with one GEMM per step and a single GEMM for
/// W_hh's gradient; with a graph being built for higher derivatives it runs in differentiable tensor ops instead.
/// </summary>
internal sealed class RnnSequence : Function
{
    private Tensor? _out;
    private Tensor? _weight;
    private bool _relu, _reverse;
    private int _biasIh = -1, _biasHh = -1;

    public override string Name => "RnnSequence";

    public static Tensor Apply(Tensor gi, Tensor weightHh, Tensor h0, Tensor? biasIh, Tensor? biasHh, bool relu, bool reverse)
    {
        const string op = "RnnSequence";
        int steps = gi.Rank == 3 ? gi.Dims[0] : -1, n = h0.Rank == 2 ? h0.Dims[0] : -1, hidden = weightHh.Rank == 2 ? weightHh.Dims[1] : -1;
        if (steps < 1 || n < 0 || hidden < 1 || !gi.Dims.AsSpan(1).SequenceEqual([n, hidden]) || !weightHh.Dims.AsSpan().SequenceEqual([hidden, hidden])
            || h0.Dims[1] != hidden || !RecurrentOps.IsBias(biasIh, hidden) || !RecurrentOps.IsBias(biasHh, hidden))
            throw new ArgumentException($"{op}: gi {gi.Shape}, weight_hh {weightHh.Shape}, h0 {h0.Shape}, biases {RecurrentOps.Format(biasIh)} and "
                + $"{RecurrentOps.Format(biasHh)} do not fit (L ≥ 1, N, H), (H, H), (N, H) and (H).");
        var dtype = RecurrentOps.CommonDType(op, gi, weightHh, h0, biasIh, biasHh);
        (gi, weightHh, h0) = (gi.To(dtype), weightHh.To(dtype), h0.To(dtype));
        (biasIh, biasHh) = (biasIh?.To(dtype), biasHh?.To(dtype));
        var inputs = RecurrentOps.Inputs([gi, weightHh, h0], biasIh, biasHh, out int bIh, out int bHh);
        var weight = RecurrentOps.Dense(weightHh);
        var y = Tensor.Empty([steps, n, hidden], dtype);
        if (dtype == DType.Float32) Forward<float>(gi, weight, h0, biasIh, biasHh, relu, reverse, y);
        else Forward<double>(gi, weight, h0, biasIh, biasHh, relu, reverse, y);
        if (!Tracks(inputs)) return y;
        return new RnnSequence { _out = y, _weight = weight, _relu = relu, _reverse = reverse, _biasIh = bIh, _biasHh = bHh }.Record(y, inputs);
    }

    private static void Forward<T>(Tensor gi, Tensor weight, Tensor h0, Tensor? biasIh, Tensor? biasHh, bool relu, bool reverse, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = weight.Dims[1], step = n * hidden;
        var x = RowMatrix<T>.Of(RecurrentOps.Dense(gi));
        var w = RowMatrix<T>.Of(weight);
        var (bIh, bHh) = (RecurrentOps.Bias<T>(biasIh), RecurrentOps.Bias<T>(biasHh));
        var hs = RowMatrix<T>.Of(y);
        var hPrev = RowMatrix<T>.Of(RecurrentOps.Dense(h0));
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            var ht = hs.Shift(t * step);
            RowGemm.Run(false, true, n, hidden, hidden, hPrev, w, T.Zero, ht);
            RnnKernel.Forward(n, hidden, relu, x.Shift(t * step), bIh, bHh, ht);
            hPrev = ht;
        }
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        if (GradMode.IsEnabled) return DifferentiableBackward(g);
        var (gi, w, h0) = (Inputs[0], Inputs[1], Inputs[2]);
        int steps = gi.Dims[0], n = gi.Dims[1], hidden = w.Dims[1];
        var dz = Tensor.Empty([steps, n, hidden], g.DType);
        var dh = Tensor.Zeros([n, hidden], g.DType);
        // An empty batch leaves every gradient zero (or empty).
        var dw = w.RequiresGrad ? Tensor.Allocate([hidden, hidden], g.DType, zero: n == 0) : null;
        if (n > 0 && g.DType == DType.Float32) KernelBackward<float>(RecurrentOps.Dense(g), dz, dh, dw);
        else if (n > 0) KernelBackward<double>(RecurrentOps.Dense(g), dz, dh, dw);
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dz : null;
        grads[1] = dw;
        grads[2] = h0.RequiresGrad ? dh : null;
        RecurrentOps.BiasGrads(grads, Inputs, dz, dz, _biasIh, _biasHh);
        return grads;
    }

    private void KernelBackward<T>(Tensor g, Tensor dzAll, Tensor dhCarry, Tensor? dw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var h0 = RowMatrix<T>.Of(RecurrentOps.Dense(Inputs[2]));
        int steps = dzAll.Dims[0], n = dzAll.Dims[1], hidden = dhCarry.Dims[1], step = n * hidden;
        var (ys, w, dz, dh) = (RowMatrix<T>.Of(_out!), RowMatrix<T>.Of(_weight!), RowMatrix<T>.Of(dzAll), RowMatrix<T>.Of(dhCarry));
        var dhSpan = dhCarry.Span<T>();
        var gSpan = g.Span<T>();
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = _reverse ? steps - 1 - s : s;
            TensorPrimitives.Add(dhSpan, gSpan.Slice(t * step, step), dhSpan);
            RnnKernel.Backward(n, hidden, _relu, ys.Shift(t * step), dh, dz.Shift(t * step));
            if (s > 0 || Inputs[2].RequiresGrad)
                RowGemm.Run(false, false, n, hidden, hidden, dz.Shift(t * step), w, T.Zero, dh);
        }
        if (dw is null) return;
        // dW_hh = Σ_t dz_tᵀ·h_prev(t): every step but the first takes its h_prev from the output, in one GEMM.
        var dW = RowMatrix<T>.Of(dw);
        int first = _reverse ? steps - 1 : 0;
        var (dRest, hRest) = _reverse ? (dz, ys.Shift(step)) : (dz.Shift(step), ys);
        RowGemm.Run(true, false, hidden, hidden, (steps - 1) * n, dRest, hRest, T.Zero, dW);
        RowGemm.Run(true, false, hidden, hidden, n, dz.Shift(first * step), h0, T.One, dW);
    }

    /// <summary>The step's pre-activation gradient from its output h and the gradient of h, in tensor ops.</summary>
    private Tensor Local(Tensor h, Tensor dh) => _relu ? ReluBackward.Apply(dh, h) : dh * (1 - h * h);

    /// <summary>The VJP in tensor ops: the forward recurrence recomputed from the inputs, then backpropagation through it.</summary>
    private Tensor?[] DifferentiableBackward(Tensor g)
    {
        var (gi, w, h0) = (Inputs[0], Inputs[1], Inputs[2]);
        int steps = gi.Dims[0];
        Tensor? bias = _biasIh >= 0 ? Inputs[_biasIh] : null;
        if (_biasHh >= 0) bias = bias is null ? Inputs[_biasHh] : bias + Inputs[_biasHh];
        var (hs, hPrev) = (new Tensor[steps], new Tensor[steps]);
        var h = h0;
        for (int s = 0; s < steps; s++)
        {
            int t = _reverse ? steps - 1 - s : s;
            var z = gi.Select(0, t) + h.MatMul(w.T);
            if (bias is not null) z += bias;
            hPrev[t] = h;
            h = hs[t] = _relu ? z.Relu() : z.Tanh();
        }
        var dz = new Tensor[steps];
        Tensor? dh = null, dw = null;
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = _reverse ? steps - 1 - s : s;
            var gt = g.Select(0, t);
            dz[t] = Local(hs[t], dh is null ? gt : gt + dh);
            var dwt = dz[t].T.MatMul(hPrev[t]);
            dw = dw is null ? dwt : dw + dwt;
            dh = dz[t].MatMul(w);
        }
        var dgi = Tensor.Stack(dz, 0);
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dgi : null;
        grads[1] = w.RequiresGrad ? dw : null;
        grads[2] = h0.RequiresGrad ? dh : null;
        RecurrentOps.BiasGrads(grads, Inputs, dgi, dgi, _biasIh, _biasHh);
        return grads;
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (w, y) = (Inputs[1], _out!);
        int steps = y.Dims[0];
        Tensor? bias = _biasIh >= 0 ? t[_biasIh] : null;
        if (_biasHh >= 0) bias = BinaryOps.AddTangents(bias, t[_biasHh]);
        var dhs = new Tensor[steps];
        Tensor? dh = t[2];
        var hPrev = Inputs[2];
        for (int s = 0; s < steps; s++)
        {
            int k = _reverse ? steps - 1 - s : s;
            var dz = BinaryOps.AddTangents(t[0]?.Select(0, k), dh?.MatMul(w.T));
            if (t[1] is not null) dz = BinaryOps.AddTangents(dz, hPrev.MatMul(t[1]!.T));
            dz = BinaryOps.AddTangents(dz, bias);
            hPrev = y.Select(0, k);
            dh = dhs[k] = dz is null ? Tensor.ZerosLike(hPrev) : Local(hPrev, dz.Expand(hPrev.Dims));
        }
        return Tensor.Stack(dhs, 0);
    }

    internal override void Release()
    {
        base.Release();
        _out = null;
        _weight = null;
    }
}
