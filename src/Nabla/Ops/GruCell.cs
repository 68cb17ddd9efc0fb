using System.Numerics;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// One fused GRU step: from the input projection gi = x·W_ihᵀ (N, 3H), the recurrent projection gh = h·W_hhᵀ (N, 3H),
/// the biases b_ih, b_hh (3H) (either may be absent) and h_prev (N, H), one pass computes r and z, n =
/// tanh(gi_n + b_in + r∘(gh_n + b_hn)) and h' = n + z∘(h_prev − n) (N, H). The gates r, z, n and gh_n + b_hn are saved
/// for the backward pass; with a graph being built for higher derivatives the VJP recomputes them from differentiable ops.
/// </summary>
internal sealed class GruCell : Function
{
    private Tensor? _saved;
    private int _biasIh = -1, _biasHh = -1;

    public override string Name => "GruCell";

    public static Tensor Apply(Tensor gi, Tensor gh, Tensor hPrev, Tensor? biasIh, Tensor? biasHh)
    {
        const string op = "GruCell";
        int n = hPrev.Rank == 2 ? hPrev.Dims[0] : -1, hidden = hPrev.Rank == 2 ? hPrev.Dims[1] : -1;
        if (n < 0 || !gi.Dims.AsSpan().SequenceEqual([n, 3 * hidden]) || !gh.Dims.AsSpan().SequenceEqual([n, 3 * hidden])
            || !RecurrentOps.IsBias(biasIh, 3 * hidden) || !RecurrentOps.IsBias(biasHh, 3 * hidden))
            throw new ArgumentException($"{op}: gi {gi.Shape}, gh {gh.Shape}, h_prev {hPrev.Shape}, biases {RecurrentOps.Format(biasIh)} and "
                + $"{RecurrentOps.Format(biasHh)} do not fit (N, 3H), (N, 3H), (N, H) and (3H).");
        var dtype = RecurrentOps.CommonDType(op, gi, gh, hPrev, biasIh, biasHh);
        (gi, gh, hPrev) = (gi.To(dtype), gh.To(dtype), hPrev.To(dtype));
        (biasIh, biasHh) = (biasIh?.To(dtype), biasHh?.To(dtype));
        var saved = Tensor.Empty([n, 4 * hidden], dtype);
        var h = Tensor.Empty([n, hidden], dtype);
        if (dtype == DType.Float32) Forward<float>(gi, gh, hPrev, biasIh, biasHh, saved, h);
        else Forward<double>(gi, gh, hPrev, biasIh, biasHh, saved, h);
        var inputs = RecurrentOps.Inputs([gi, gh, hPrev], biasIh, biasHh, out int bIh, out int bHh);
        if (!Tracks(inputs))
        {
            saved.Dispose();
            return h;
        }
        return new GruCell { _saved = saved, _biasIh = bIh, _biasHh = bHh }.Record(h, inputs);
    }

    private static void Forward<T>(Tensor gi, Tensor gh, Tensor hPrev, Tensor? biasIh, Tensor? biasHh, Tensor saved, Tensor h)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GruKernel.Forward(hPrev.Dims[0], hPrev.Dims[1], RowMatrix<T>.Of(RecurrentOps.Dense(gh)), RowMatrix<T>.Of(RecurrentOps.Dense(gi)),
            RecurrentOps.Bias<T>(biasIh), RecurrentOps.Bias<T>(biasHh), RowMatrix<T>.Of(RecurrentOps.Dense(hPrev)), RowMatrix<T>.Of(saved), RowMatrix<T>.Of(h));

    internal override Tensor?[] Backward(Tensor g)
    {
        var (gi, gh, hPrev) = (Inputs[0], Inputs[1], Inputs[2]);
        Tensor dgi, dgh, dhPrev;
        if (GradMode.IsEnabled)
        {
            (dgi, dgh, dhPrev) = GruMath.Vjp(_biasIh >= 0 ? gi + Inputs[_biasIh] : gi, _biasHh >= 0 ? gh + Inputs[_biasHh] : gh, hPrev, g);
        }
        else
        {
            int n = hPrev.Dims[0], hidden = hPrev.Dims[1];
            dgi = Tensor.Empty([n, 3 * hidden], g.DType);
            dgh = Tensor.Empty([n, 3 * hidden], g.DType);
            dhPrev = g.DenseCopy();
            if (g.DType == DType.Float32) KernelBackward<float>(n, hidden, hPrev, dhPrev, dgi, dgh);
            else KernelBackward<double>(n, hidden, hPrev, dhPrev, dgi, dgh);
        }
        var grads = new Tensor?[Inputs.Length];
        grads[0] = gi.RequiresGrad ? dgi : null;
        grads[1] = gh.RequiresGrad ? dgh : null;
        grads[2] = hPrev.RequiresGrad ? dhPrev : null;
        RecurrentOps.BiasGrads(grads, Inputs, dgi, dgh, _biasIh, _biasHh);
        return grads;
    }

    private void KernelBackward<T>(int n, int hidden, Tensor hPrev, Tensor dh, Tensor dgi, Tensor dgh) where T : unmanaged, IFloatingPointIeee754<T> =>
        GruKernel.Backward(n, hidden, RowMatrix<T>.Of(_saved!), RowMatrix<T>.Of(RecurrentOps.Dense(hPrev)), RowMatrix<T>.Of(dh),
            RowMatrix<T>.Of(dgi), RowMatrix<T>.Of(dgh));

    internal override Tensor Jvp(Tensor?[] t)
    {
        var dgi = _biasIh >= 0 ? BinaryOps.AddTangents(t[0], t[_biasIh]) : t[0];
        var dgh = _biasHh >= 0 ? BinaryOps.AddTangents(t[1], t[_biasHh]) : t[1];
        return GruMath.Tangent(_saved!, Inputs[2], dgi, dgh, t[2]);
    }

    internal override void Release()
    {
        base.Release();
        _saved = null;
    }
}

/// <summary>The GRU step in tensor ops: the differentiable forms the fused ops fall back on for higher derivatives, and their JVP.</summary>
internal static class GruMath
{
    /// <summary>h' from gi and gh (N, 3H), biases included, and h_prev (N, H).</summary>
    public static Tensor Step(Tensor gi, Tensor gh, Tensor hPrev)
    {
        var (_, z, n) = Gates(gi, gh);
        return n + z * (hPrev - n);
    }

    /// <summary>The gradients of gi, gh (biases included) and of h_prev (the part that bypasses gh) given that of h'.</summary>
    public static (Tensor Dgi, Tensor Dgh, Tensor DhPrev) Vjp(Tensor gi, Tensor gh, Tensor hPrev, Tensor dh)
    {
        var (r, z, n) = Gates(gi, gh);
        var dnp = dh * (1 - z) * (1 - n * n);
        var drp = dnp * gh.Chunk(3, -1)[2] * r * (1 - r);
        var dzp = dh * (hPrev - n) * z * (1 - z);
        return (Tensor.Cat([drp, dzp, dnp], -1), Tensor.Cat([drp, dzp, dnp * r], -1), dh * z);
    }

    /// <summary>
    /// The tangent of h' given the saved r | z | n | gh_n + b_hn (N, 4H), h_prev and the tangents of gi, gh (biases
    /// included) and h_prev (null for zero).
    /// </summary>
    public static Tensor Tangent(Tensor saved, Tensor hPrev, Tensor? dgi, Tensor? dgh, Tensor? dhPrev)
    {
        var s = saved.Chunk(4, -1);
        var (r, z, n, ghn) = (s[0], s[1], s[2], s[3]);
        var a = dgi?.Chunk(3, -1);
        var b = dgh?.Chunk(3, -1);
        var ar = BinaryOps.AddTangents(a?[0], b?[0]);
        var az = BinaryOps.AddTangents(a?[1], b?[1]);
        var dnPre = a?[2];
        if (b is not null) dnPre = BinaryOps.AddTangents(dnPre, r * b[2]);
        if (ar is not null) dnPre = BinaryOps.AddTangents(dnPre, ar * r * (1 - r) * ghn);
        Tensor? dh = dnPre is null ? null : dnPre * (1 - n * n) * (1 - z);
        if (az is not null) dh = BinaryOps.AddTangents(dh, az * z * (1 - z) * (hPrev - n));
        if (dhPrev is not null) dh = BinaryOps.AddTangents(dh, z * dhPrev);
        return dh ?? Tensor.ZerosLike(n);
    }

    private static (Tensor R, Tensor Z, Tensor N) Gates(Tensor gi, Tensor gh)
    {
        var i = gi.Chunk(3, -1);
        var h = gh.Chunk(3, -1);
        var r = (i[0] + h[0]).Sigmoid();
        return (r, (i[1] + h[1]).Sigmoid(), (i[2] + r * h[2]).Tanh());
    }
}
