using Nabla.Autograd;

namespace Nabla.Ops;

/// <summary>
/// Normalisation over <c>dims</c> followed by an optional affine map: y = (x − mean) / √(var + eps) · w + b with the
/// biased variance. The statistics are part of the function, so the gradient flows through them in one closed form
/// instead of a graph of five reductions. Weight and bias arrive already shaped to broadcast against x.
/// </summary>
internal abstract class NormFunction : Function
{
    private int[] _dims = [];
    private double _eps;
    private bool _hasWeight, _hasBias;
    private Tensor? _xhat, _invStd;

    /// <summary>Runs the forward pass untracked and records <paramref name="fn"/> when any input needs it.</summary>
    protected static Tensor Run(NormFunction fn, Tensor x, Tensor? weight, Tensor? bias, int[] dims, double eps, out Tensor mean, out Tensor var)
    {
        Tensor y, xhat, invStd;
        using (GradMode.NoGrad())
        using (ForwardAD.Suspend())
        {
            mean = x.Mean(dims, keepDim: true);
            var = x.Var(dims, correction: 0, keepDim: true);
            invStd = (var + eps).Rsqrt();
            xhat = (x - mean) * invStd;
            y = xhat;
            if (weight is not null) y = y * weight;
            if (bias is not null) y = y + bias;
        }
        var inputs = new List<Tensor>(3) { x };
        if (weight is not null) inputs.Add(weight);
        if (bias is not null) inputs.Add(bias);
        if (!Tracks(inputs.ToArray())) return y;
        fn._dims = dims;
        fn._eps = eps;
        fn._hasWeight = weight is not null;
        fn._hasBias = bias is not null;
        fn._xhat = xhat;
        fn._invStd = invStd;
        return fn.Record(y, [.. inputs]);
    }

    private Tensor? Weight => _hasWeight ? Inputs[1] : null;

    private Tensor? Bias => _hasBias ? Inputs[_hasWeight ? 2 : 1] : null;

    /// <summary>
    /// x̂ and 1/σ: the saved ones, or recomputed from x with recorded ops while a backward pass builds a graph
    /// (createGraph), so that second derivatives see the dependence of the statistics on x.
    /// </summary>
    private (Tensor Xhat, Tensor InvStd) Normalized()
    {
        var x = Inputs[0];
        if (!GradMode.IsEnabled || !x.RequiresGrad) return (_xhat!, _invStd!);
        var invStd = (x.Var(_dims, correction: 0, keepDim: true) + _eps).Rsqrt();
        return ((x - x.Mean(_dims, keepDim: true)) * invStd, invStd);
    }

    /// <summary>The Jacobian of x ↦ x̂ is symmetric: (1/σ)(v − mean(v) − x̂·mean(v·x̂)), used by both modes.</summary>
    private Tensor Project(Tensor v, Tensor xhat, Tensor invStd) =>
        invStd * (v - v.Mean(_dims, keepDim: true) - xhat * (v * xhat).Mean(_dims, keepDim: true));

    internal override Tensor?[] Backward(Tensor g)
    {
        var (xhat, invStd) = Normalized();
        var weight = Weight;
        var bias = Bias;
        var grads = new List<Tensor?>(3)
        {
            Inputs[0].RequiresGrad ? Project(weight is null ? g : g * weight, xhat, invStd) : null,
        };
        if (weight is not null) grads.Add(weight.RequiresGrad ? BinaryOps.SumTo(g * xhat, weight.Dims) : null);
        if (bias is not null) grads.Add(bias.RequiresGrad ? BinaryOps.SumTo(g, bias.Dims) : null);
        return [.. grads];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var xhat = _xhat!;
        var weight = Weight;
        Tensor? r = null;
        if (t[0] is { } tx)
        {
            var txhat = Project(tx, xhat, _invStd!);
            r = weight is null ? txhat : txhat * weight;
        }
        if (weight is not null && t[1] is { } tw) r = r is null ? xhat * tw : r + xhat * tw;
        if (_hasBias && t[^1] is { } tb) r = r is null ? tb.Expand(xhat.Dims).Contiguous() : r + tb;
        return r!;
    }

    internal override void Release()
    {
        base.Release();
        _xhat = null;
        _invStd = null;
    }
}

/// <summary>Batch normalisation with batch statistics (training mode): statistics over every dim but the channel dim 1.</summary>
internal sealed class BatchNorm : NormFunction
{
    public override string Name => "BatchNorm";

    /// <summary>x of shape (N, C, ...); weight and bias of shape (1, C, 1, ...). Returns y and the batch mean and biased variance (keepDim).</summary>
    public static Tensor Apply(Tensor x, Tensor? weight, Tensor? bias, double eps, out Tensor mean, out Tensor var)
    {
        var dims = new int[x.Rank - 1];
        dims[0] = 0;
        for (int i = 2; i < x.Rank; i++) dims[i - 1] = i;
        return Run(new BatchNorm(), x, weight, bias, dims, eps, out mean, out var);
    }
}
