using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Fused scaled dot-product attention softmax(Q·Kᵀ·scale + mask)·V for Q (…, L, E), K (…, S, E), V (…, S, Ev):
/// one batched GEMM reading K through its transposed view, one in-place pass for scale, mask and softmax, one GEMM
/// with V. The attention weights P are kept for the VJP and JVP; with a graph being built for higher derivatives the
/// VJP recomputes P from differentiable ops so second derivatives see its dependence on Q, K and the mask. Unmasked
/// float32 attention (causal or not) runs both passes in <see cref="FusedAttentionKernel"/> where the hardware allows.
/// </summary>
internal sealed class Attention : Function
{
    private double _scale;
    private bool _causal;
    private Tensor? _keep;
    private bool _additive;
    private Tensor? _weights;
    private int[] _outDims = [];

    public override string Name => "Attention";

    public static Tensor Apply(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal, double? scale) =>
        Run(q, k, v, mask, causal, scale).Output;

    /// <summary>The attention output (…, L, Ev) and the weights P (…, L, S) (the latter without autograd).</summary>
    public static (Tensor Output, Tensor Weights) Run(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal, double? scale)
    {
        Validate(q, k, v, mask, causal);
        double sc = scale ?? 1 / Math.Sqrt(q.Dims[^1]);
        Tensor scores, y;
        Tensor? dense = null;
        var fusedBatch = mask is null ? FusedBatch(q, k, v) : null;
        if (fusedBatch is not null)
        {
            (y, scores) = FusedAttentionKernel.Forward(q, k, v, fusedBatch, (float)sc, causal);
        }
        else
        {
            using var noGrad = GradMode.NoGrad();
            using var noTangents = ForwardAD.Suspend();
            scores = q.MatMul(k.MT);
            if (mask is not null)
            {
                try
                {
                    dense = mask.Detach().Expand(scores.Dims).Contiguous();
                }
                catch (ArgumentException)
                {
                    throw new ArgumentException($"ScaledDotProductAttention: mask {mask.Shape} cannot be broadcast to the attention shape {scores.Shape}.");
                }
            }
            AttentionKernel.ScaleMaskSoftmax(scores, sc, dense, causal);
            y = scores.MatMul(v);
        }
        bool additive = mask is not null && mask.DType != DType.Bool;
        Tensor[] inputs = additive ? [q, k, v, mask!] : [q, k, v];
        if (!Tracks(inputs)) return (y, scores);
        var fn = new Attention { _scale = sc, _causal = causal, _keep = additive ? null : mask, _additive = additive, _weights = scores, _outDims = y.Dims };
        return (fn.Record(y, inputs), scores);
    }

    /// <summary>
    /// The batch dims when the fused float32 kernel can run the unmasked op: Q, K and V it supports, and V adding no
    /// batch dims of its own (the weights keep the batch shape of Q·Kᵀ); null otherwise.
    /// </summary>
    private static int[]? FusedBatch(Tensor q, Tensor k, Tensor v)
    {
        if (!FusedAttentionKernel.Supports(q, k, v)) return null;
        var qk = Strided.BroadcastShapes(q.Dims.AsSpan(0, q.Rank - 2), k.Dims.AsSpan(0, k.Rank - 2), "ScaledDotProductAttention");
        var all = Strided.BroadcastShapes(qk, v.Dims.AsSpan(0, v.Rank - 2), "ScaledDotProductAttention");
        return qk.AsSpan().SequenceEqual(all) ? all : null;
    }

    private static void Validate(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal)
    {
        string shapes = $"query {q.Shape}, key {k.Shape}, value {v.Shape}";
        if (q.Rank < 2 || k.Rank < 2 || v.Rank < 2)
            throw new ArgumentException($"ScaledDotProductAttention: query, key and value need at least 2 dimensions (…, L, E), got {shapes}.");
        if (q.DType is not (DType.Float32 or DType.Float64) || k.DType != q.DType || v.DType != q.DType)
            throw new ArgumentException($"ScaledDotProductAttention: query, key and value must share one floating-point dtype, got {q.DType}, {k.DType}, {v.DType} ({shapes}).");
        if (k.Dims[^1] != q.Dims[^1])
            throw new ArgumentException($"ScaledDotProductAttention: query and key embedding sizes differ ({shapes}).");
        if (v.Dims[^2] != k.Dims[^2])
            throw new ArgumentException($"ScaledDotProductAttention: key and value sequence lengths differ ({shapes}).");
        if (mask is not null && causal)
            throw new ArgumentException($"ScaledDotProductAttention: give either attnMask {mask.Shape} or isCausal, not both.");
        if (mask is not null && mask.DType != DType.Bool && mask.DType != q.DType)
            throw new ArgumentException($"ScaledDotProductAttention: attnMask must be Bool or {q.DType} like the query, got {mask.DType} (mask {mask.Shape}).");
    }

    /// <summary>P from differentiable ops, for higher-order graphs.</summary>
    internal static Tensor Weights(Tensor q, Tensor k, Tensor? mask, bool causal, double scale)
    {
        var s = q.MatMul(k.MT) * scale;
        if (mask is { DType: DType.Bool }) s = s.MaskedFill(mask.LogicalNot(), double.NegativeInfinity);
        else if (mask is not null) s = s + mask;
        if (causal) s = s.MaskedFill(CausalCut(s.Dims[^2], s.Dims[^1]), double.NegativeInfinity);
        return s.Softmax(-1);
    }

    /// <summary>The (L, S) Bool tensor that is true above the diagonal (positions a causal query may not see).</summary>
    internal static Tensor CausalCut(int l, int s)
    {
        var cut = new bool[l * s];
        for (int i = 0; i < l; i++)
            for (int j = i + 1; j < s; j++) cut[i * s + j] = true;
        return Tensor.FromArray(cut, l, s);
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (q, k, v) = (Inputs[0], Inputs[1], Inputs[2]);
        if (!GradMode.IsEnabled && !_additive && _keep is null && FusedBatch(q, k, v) is { } batch)
        {
            var (fq, fk, fv) = FusedAttentionKernel.Backward(q, k, v, g, _weights!, batch, (float)_scale, _causal);
            return
            [
                q.RequiresGrad ? BinaryOps.SumTo(fq, q.Dims) : null,
                k.RequiresGrad ? BinaryOps.SumTo(fk, k.Dims) : null,
                v.RequiresGrad ? BinaryOps.SumTo(fv, v.Dims) : null,
            ];
        }
        var p = GradMode.IsEnabled ? Weights(q, k, _additive ? Inputs[3] : _keep, _causal, _scale) : _weights!;
        var dv = v.RequiresGrad ? BinaryOps.SumTo(p.MT.MatMul(g), v.Dims) : null;
        if (!q.RequiresGrad && !k.RequiresGrad && !(_additive && Inputs[3].RequiresGrad)) return _additive ? [null, null, dv, null] : [null, null, dv];
        var dp = g.MatMul(v.MT);
        var ds = p * (dp - (dp * p).Sum(-1, keepDim: true));
        var dq = q.RequiresGrad ? BinaryOps.SumTo(ds.MatMul(k) * _scale, q.Dims) : null;
        var dk = k.RequiresGrad ? BinaryOps.SumTo(ds.MT.MatMul(q) * _scale, k.Dims) : null;
        if (!_additive) return [dq, dk, dv];
        return [dq, dk, dv, Inputs[3].RequiresGrad ? BinaryOps.SumTo(ds, Inputs[3].Dims) : null];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var (q, k, v) = (Inputs[0], Inputs[1], Inputs[2]);
        var p = _weights!;
        var ds = BinaryOps.AddTangents(t[0]?.MatMul(k.MT), t[1] is null ? null : q.MatMul(t[1]!.MT));
        if (ds is not null) ds *= _scale;
        if (_additive) ds = BinaryOps.AddTangents(ds, t[3]);
        Tensor? dout = t[2] is null ? null : p.MatMul(t[2]!);
        if (ds is not null) dout = BinaryOps.AddTangents(dout, (p * (ds - (p * ds).Sum(-1, keepDim: true))).MatMul(v));
        return dout ?? Tensor.Zeros(_outDims, q.DType);
    }

    internal override void Release()
    {
        base.Release();
        _keep = null;
        _weights = null;
    }
}
