using System.Numerics;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Layer normalisation over the last <c>normalizedRank</c> dims of each sample with optional elementwise weight and
/// bias of the normalised shape, as one node: <see cref="LayerNormKernel"/> makes y and keeps only the per-row mean
/// and 1/σ besides the input; the VJP is the fused row kernel, or the same closed form in differentiable ops (with
/// the statistics recomputed from x) while a graph is built for higher derivatives.
/// </summary>
internal sealed class LayerNorm : Function
{
    private int[] _dims = [];
    private double _eps;
    private bool _hasWeight, _hasBias;
    private Tensor? _mean, _rstd;

    public override string Name => "LayerNorm";

    /// <summary>Weight and bias have the normalised shape (the last dims of x).</summary>
    public static Tensor Apply(Tensor x, int normalizedRank, Tensor? weight, Tensor? bias, double eps)
    {
        var dims = new int[normalizedRank];
        for (int i = 0; i < normalizedRank; i++) dims[i] = x.Rank - normalizedRank + i;
        var dtype = x.DType;
        if (weight is not null) dtype = DTypes.Promote(dtype, weight.DType);
        if (bias is not null) dtype = DTypes.Promote(dtype, bias.DType);
        if (!dtype.IsFloatingPoint()) dtype = DType.Float32;
        x = x.To(dtype);
        weight = weight?.To(dtype);
        bias = bias?.To(dtype);
        var (y, mean, rstd) = x.DType == DType.Float32
            ? Forward<float>(x, normalizedRank, weight, bias, eps)
            : Forward<double>(x, normalizedRank, weight, bias, eps);
        Tensor[] inputs = [x, .. weight is null ? Array.Empty<Tensor>() : [weight], .. bias is null ? Array.Empty<Tensor>() : [bias]];
        if (!Tracks(inputs)) return y;
        var fn = new LayerNorm { _dims = dims, _eps = eps, _hasWeight = weight is not null, _hasBias = bias is not null, _mean = mean, _rstd = rstd };
        return fn.Record(y, inputs);
    }

    private static (Tensor Y, Tensor Mean, Tensor Rstd) Forward<T>(Tensor x, int normalizedRank, Tensor? weight, Tensor? bias, double eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (rows, d) = RowsAndWidth(x, normalizedRank);
        var dense = x.Contiguous();
        var w = weight?.Contiguous();
        var b = bias?.Contiguous();
        var y = Tensor.Empty(x.Dims, x.DType);
        var mean = Tensor.Empty([rows], x.DType);
        var rstd = Tensor.Empty([rows], x.DType);
        LayerNormKernel.Forward(dense.Buffer<T>(), dense.Offset, w?.Buffer<T>() ?? [], w?.Offset ?? 0, b?.Buffer<T>() ?? [], b?.Offset ?? 0,
            w is not null, b is not null, T.CreateTruncating(eps), rows, d, y.Buffer<T>(), mean.Buffer<T>(), rstd.Buffer<T>());
        return (y, mean, rstd);
    }

    private static (int Rows, int Width) RowsAndWidth(Tensor x, int normalizedRank)
    {
        // Rows counted from the leading dims, not numel / width: an empty normalised shape still has one (empty) row
        // per sample, whose statistics the forward-mode rule reshapes to the sample dims.
        int rows = 1, d = 1;
        for (int i = 0; i < x.Rank - normalizedRank; i++) rows *= x.Dims[i];
        for (int i = x.Rank - normalizedRank; i < x.Rank; i++) d *= x.Dims[i];
        return (rows, d);
    }

    private Tensor? Weight => _hasWeight ? Inputs[1] : null;

    private Tensor? Bias => _hasBias ? Inputs[_hasWeight ? 2 : 1] : null;

    internal override Tensor?[] Backward(Tensor g)
    {
        if (GradMode.IsEnabled) return ComposedBackward(g);
        var (x, weight, bias) = (Inputs[0], Weight, Bias);
        return x.DType == DType.Float32 ? FusedBackward<float>(g, x, weight, bias) : FusedBackward<double>(g, x, weight, bias);
    }

    private Tensor?[] FusedBackward<T>(Tensor g, Tensor x, Tensor? weight, Tensor? bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (rows, d) = RowsAndWidth(x, _dims.Length);
        var xd = x.Contiguous();
        var gd = g.Contiguous();
        var w = weight?.Contiguous();
        var dx = x.RequiresGrad ? Tensor.Empty(x.Dims, x.DType) : null;
        var dw = weight is { RequiresGrad: true } ? Tensor.Empty(weight.Dims, x.DType) : null;
        var db = bias is { RequiresGrad: true } ? Tensor.Empty(bias.Dims, x.DType) : null;
        LayerNormKernel.Backward(xd.Buffer<T>(), xd.Offset, gd.Buffer<T>(), gd.Offset, w?.Buffer<T>() ?? [], w?.Offset ?? 0, w is not null,
            _mean!.Buffer<T>(), _rstd!.Buffer<T>(), rows, d, dx?.Buffer<T>(), dw?.Buffer<T>(), db?.Buffer<T>());
        var grads = new List<Tensor?>(3) { dx };
        if (weight is not null) grads.Add(dw);
        if (bias is not null) grads.Add(db);
        return [.. grads];
    }

    /// <summary>x̂ and 1/σ recomputed from x with recorded ops, so second derivatives see the statistics' dependence on x.</summary>
    private (Tensor Xhat, Tensor InvStd) Normalized()
    {
        var x = Inputs[0];
        var invStd = (x.Var(_dims, correction: 0, keepDim: true) + _eps).Rsqrt();
        return ((x - x.Mean(_dims, keepDim: true)) * invStd, invStd);
    }

    /// <summary>The Jacobian of x ↦ x̂ is symmetric: (1/σ)(v − mean(v) − x̂·mean(v·x̂)), used by both modes.</summary>
    private Tensor Project(Tensor v, Tensor xhat, Tensor invStd) =>
        invStd * (v - v.Mean(_dims, keepDim: true) - xhat * (v * xhat).Mean(_dims, keepDim: true));

    private Tensor?[] ComposedBackward(Tensor g)
    {
        var (xhat, invStd) = Normalized();
        var (weight, bias) = (Weight, Bias);
        var grads = new List<Tensor?>(3) { Inputs[0].RequiresGrad ? Project(weight is null ? g : g * weight, xhat, invStd) : null };
        if (weight is not null) grads.Add(weight.RequiresGrad ? BinaryOps.SumTo(g * xhat, weight.Dims) : null);
        if (bias is not null) grads.Add(bias.RequiresGrad ? BinaryOps.SumTo(g, bias.Dims) : null);
        return [.. grads];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var x = Inputs[0];
        var statDims = (int[])x.Dims.Clone();
        foreach (int d in _dims) statDims[d] = 1;
        var invStd = _rstd!.Reshape(statDims);
        var xhat = (x.Detach() - _mean!.Reshape(statDims)) * invStd;
        var weight = Weight;
        Tensor? r = null;
        if (t[0] is { } tx)
        {
            var txhat = Project(tx, xhat, invStd);
            r = weight is null ? txhat : txhat * weight;
        }
        if (weight is not null && t[1] is { } tw) r = r is null ? xhat * tw : r + xhat * tw;
        if (_hasBias && t[^1] is { } tb) r = r is null ? tb.Expand(xhat.Dims).Contiguous() : r + tb;
        return r ?? Tensor.Zeros(x.Dims, x.DType);
    }

    internal override void Release()
    {
        base.Release();
        _mean = null;
        _rstd = null;
    }
}
