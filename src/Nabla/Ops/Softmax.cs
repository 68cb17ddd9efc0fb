using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>softmax(x) = exp(x − max) / Σ exp(x − max) along one dim, as one fused kernel (<c>torch.softmax</c>).</summary>
internal sealed class Softmax : Function
{
    private int _dim;
    private Tensor? _output;

    public override string Name => "Softmax";

    public static Tensor Apply(Tensor x, int dim)
    {
        int d = Tensor.NormalizeDim(dim, x.Rank, "Softmax");
        if (x.Rank == 0) d = 0;
        ReductionCommon.RequireFloat(x, "Softmax");
        var y = SoftmaxKernel.Run(x, d, log: false, "Softmax");
        return Tracks(x) ? new Softmax { _dim = d, _output = y }.Record(y, x) : y;
    }

    /// <summary>y ∘ (v − Σ v ∘ y): the Jacobian of softmax is symmetric, so this serves as VJP and JVP.</summary>
    private Tensor Project(Tensor v) => _output! * (v - (v * _output!).Sum(_dim, keepDim: true));

    internal override Tensor?[] Backward(Tensor g) => [Project(g)];

    internal override Tensor Jvp(Tensor?[] t) => Project(t[0]!);

    internal override void Release()
    {
        base.Release();
        _output = null;
    }
}

/// <summary>log-softmax(x) = x − max − log Σ exp(x − max) along one dim, as one fused kernel (<c>torch.log_softmax</c>).</summary>
internal sealed class LogSoftmax : Function
{
    private int _dim;
    private Tensor? _output;

    public override string Name => "LogSoftmax";

    public static Tensor Apply(Tensor x, int dim)
    {
        int d = Tensor.NormalizeDim(dim, x.Rank, "LogSoftmax");
        if (x.Rank == 0) d = 0;
        ReductionCommon.RequireFloat(x, "LogSoftmax");
        var y = SoftmaxKernel.Run(x, d, log: true, "LogSoftmax");
        return Tracks(x) ? new LogSoftmax { _dim = d, _output = y }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [g - _output!.Exp() * g.Sum(_dim, keepDim: true)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]! - (_output!.Exp() * t[0]!).Sum(_dim, keepDim: true);

    internal override void Release()
    {
        base.Release();
        _output = null;
    }
}
