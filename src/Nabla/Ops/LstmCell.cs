using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// One fused LSTM step: from the input projection gi = x·W_ihᵀ (N, 4H), the recurrent projection gh = h·W_hhᵀ (N, 4H),
/// the biases b_ih, b_hh (4H) (either may be absent) and c_prev (N, H), one pass computes the gates i, f, g, o of
/// z = gi + gh + b_ih + b_hh, c' = f∘c_prev + i∘g and h' = o∘tanh(c'). The output (2, N, H) holds h' and c'
/// (<c>Select(0, 0)</c> and <c>Select(0, 1)</c>). Only the activated gates are saved for the backward pass; with a graph
/// being built for higher derivatives the VJP recomputes them from differentiable ops.
/// </summary>
internal sealed class LstmCell : Function
{
    private Tensor? _gates;
    private Tensor? _state;
    private int _biasIh = -1, _biasHh = -1;

    public override string Name => "LstmCell";

    public static Tensor Apply(Tensor gi, Tensor gh, Tensor cPrev, Tensor? biasIh, Tensor? biasHh)
    {
        const string op = "LstmCell";
        int n = cPrev.Rank == 2 ? cPrev.Dims[0] : -1, hidden = cPrev.Rank == 2 ? cPrev.Dims[1] : -1;
        if (n < 0 || !Fits(gi, n, 4 * hidden) || !Fits(gh, n, 4 * hidden) || !RecurrentOps.IsBias(biasIh, 4 * hidden) || !RecurrentOps.IsBias(biasHh, 4 * hidden))
            throw new ArgumentException($"{op}: gi {gi.Shape}, gh {gh.Shape}, c_prev {cPrev.Shape}, biases {RecurrentOps.Format(biasIh)} and "
                + $"{RecurrentOps.Format(biasHh)} do not fit (N, 4H), (N, 4H), (N, H) and (4H).");
        var dtype = RecurrentOps.CommonDType(op, gi, gh, cPrev, biasIh, biasHh);
        (gi, gh, cPrev) = (gi.To(dtype), gh.To(dtype), cPrev.To(dtype));
        (biasIh, biasHh) = (biasIh?.To(dtype), biasHh?.To(dtype));
        var gates = Tensor.Empty([n, 4 * hidden], dtype);
        var state = Tensor.Empty([2, n, hidden], dtype);
        if (dtype == DType.Float32) Forward<float>(gi, gh, cPrev, biasIh, biasHh, gates, state);
        else Forward<double>(gi, gh, cPrev, biasIh, biasHh, gates, state);
        var inputs = RecurrentOps.Inputs([gi, gh, cPrev], biasIh, biasHh, out int bIh, out int bHh);
        if (!Tracks(inputs))
        {
            gates.Dispose();
            return state;
        }
        return new LstmCell { _gates = gates, _state = state, _biasIh = bIh, _biasHh = bHh }.Record(state, inputs);
    }

    private static bool Fits(Tensor t, int rows, int cols) => t.Rank == 2 && t.Dims[0] == rows && t.Dims[1] == cols;

    private static void Forward<T>(Tensor gi, Tensor gh, Tensor cPrev, Tensor? biasIh, Tensor? biasHh, Tensor gates, Tensor state)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = cPrev.Dims[0], hidden = cPrev.Dims[1];
        var s = RowMatrix<T>.Of(state);
        LstmKernel.Forward(n, hidden, RowMatrix<T>.Of(RecurrentOps.Dense(gh)), RowMatrix<T>.Of(RecurrentOps.Dense(gi)), RecurrentOps.Bias<T>(biasIh),
            RecurrentOps.Bias<T>(biasHh), RowMatrix<T>.Of(RecurrentOps.Dense(cPrev)), RowMatrix<T>.Of(gates), s.Shift(n * hidden), s);
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (gi, gh, cPrev) = (Inputs[0], Inputs[1], Inputs[2]);
        Tensor dz, dcPrev;
        if (GradMode.IsEnabled)
        {
            var z = gi + gh;
            if (_biasIh >= 0) z += Inputs[_biasIh];
            if (_biasHh >= 0) z += Inputs[_biasHh];
            (dz, dcPrev) = LstmMath.Vjp(z, cPrev, g.Select(0, 0), g.Select(0, 1));
        }
        else
        {
            int n = cPrev.Dims[0], hidden = cPrev.Dims[1];
            dz = Tensor.Empty([n, 4 * hidden], g.DType);
            dcPrev = g.Select(0, 1).DenseCopy();
            var dh = RecurrentOps.Dense(g.Select(0, 0));
            if (g.DType == DType.Float32) KernelBackward<float>(n, hidden, cPrev, dh, dcPrev, dz);
            else KernelBackward<double>(n, hidden, cPrev, dh, dcPrev, dz);
        }
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dz : null;
        grads[1] = gh.RequiresGrad ? dz : null;
        grads[2] = cPrev.RequiresGrad ? dcPrev : null;
        RecurrentOps.BiasGrads(grads, Inputs, dz, dz, _biasIh, _biasHh);
        return grads;
    }

    private void KernelBackward<T>(int n, int hidden, Tensor cPrev, Tensor dh, Tensor dc, Tensor dz) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        LstmKernel.Backward(n, hidden, RowMatrix<T>.Of(_gates!), RowMatrix<T>.Of(_state!).Shift(n * hidden), RowMatrix<T>.Of(RecurrentOps.Dense(cPrev)),
            RowMatrix<T>.Of(dh), RowMatrix<T>.Of(dc), RowMatrix<T>.Of(dz));

    internal override Tensor Jvp(Tensor?[] t)
    {
        var dz = BinaryOps.AddTangents(t[0], t[1]);
        if (_biasIh >= 0) dz = BinaryOps.AddTangents(dz, t[_biasIh]);
        if (_biasHh >= 0) dz = BinaryOps.AddTangents(dz, t[_biasHh]);
        var (dh, dc) = LstmMath.Tangent(_gates!, _state!.Select(0, 1), Inputs[2], dz, t[2]);
        return Tensor.Stack([dh, dc], 0);
    }

    internal override void Release()
    {
        base.Release();
        _gates = null;
        _state = null;
    }
}

/// <summary>The LSTM step in tensor ops: the differentiable forms the fused ops fall back on for higher derivatives, and their JVP.</summary>
internal static class LstmMath
{
    /// <summary>(h', c') from pre-activations z (N, 4H) and c_prev (N, H).</summary>
    public static (Tensor H, Tensor C) Step(Tensor z, Tensor cPrev)
    {
        var (i, f, g, o) = Gates(z);
        var c = f * cPrev + i * g;
        return (o * c.Tanh(), c);
    }

    /// <summary>The gradients of z and c_prev given those of h' and c', recomputing the gates from z.</summary>
    public static (Tensor Dz, Tensor DcPrev) Vjp(Tensor z, Tensor cPrev, Tensor dh, Tensor dc)
    {
        var (i, f, g, o) = Gates(z);
        var tc = (f * cPrev + i * g).Tanh();
        var dct = dc + dh * o * (1 - tc * tc);
        var dz = Tensor.Cat([dct * g * i * (1 - i), dct * cPrev * f * (1 - f), dct * i * (1 - g * g), dh * tc * o * (1 - o)], -1);
        return (dz, dct * f);
    }

    /// <summary>
    /// Tangents of h' and c' given the saved activated <paramref name="gates"/> (N, 4H), the new state <paramref name="c"/>,
    /// c_prev and the tangents of z and c_prev (null for zero).
    /// </summary>
    public static (Tensor Dh, Tensor Dc) Tangent(Tensor gates, Tensor c, Tensor cPrev, Tensor? dz, Tensor? dcPrev)
    {
        var gs = gates.Chunk(4, -1);
        var (i, f, g, o) = (gs[0], gs[1], gs[2], gs[3]);
        var tc = c.Tanh();
        var dc = dcPrev is null ? null : f * dcPrev;
        Tensor? dh = null;
        if (dz is not null)
        {
            var d = dz.Chunk(4, -1);
            dc = BinaryOps.AddTangents(dc, d[1] * f * (1 - f) * cPrev + d[0] * i * (1 - i) * g + i * (d[2] * (1 - g * g)));
            dh = d[3] * o * (1 - o) * tc;
        }
        dc ??= Tensor.ZerosLike(c);
        return (BinaryOps.AddTangents(dh, o * (1 - tc * tc) * dc)!, dc);
    }

    private static (Tensor I, Tensor F, Tensor G, Tensor O) Gates(Tensor z)
    {
        var gates = z.Chunk(4, -1);
        return (gates[0].Sigmoid(), gates[1].Sigmoid(), gates[2].Tanh(), gates[3].Sigmoid());
    }
}
