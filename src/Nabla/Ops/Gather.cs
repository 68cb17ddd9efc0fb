using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Shape and dtype checks shared by gather and scatter.</summary>
internal static class IndexChecks
{
    /// <summary>Checks that <paramref name="index"/> is int64, has the input's rank and fits it outside <paramref name="dim"/>; returns the normalised dim.</summary>
    public static int Check(Tensor input, int dim, Tensor index, string op)
    {
        int d = Tensor.NormalizeDim(dim, input.Rank, op);
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op}: index must be an Int64 tensor, got {index.DType}.");
        if (Math.Max(index.Rank, 1) != Math.Max(input.Rank, 1))
            throw new ArgumentException($"{op}: index shape {index.Shape} must have the same number of dimensions as input shape {input.Shape}.");
        for (int i = 0; i < index.Rank; i++)
            if (i != d && index.Dims[i] > input.Dims[i])
                throw new ArgumentException($"{op}: index shape {index.Shape} does not fit input shape {input.Shape} in dimension {i}.");
        return d;
    }

    /// <summary>Checks a scatter source: same dtype as the destination and at least the index's size in every dimension.</summary>
    public static void CheckSource(Tensor self, Tensor index, Tensor src, string op)
    {
        if (src.DType != self.DType)
            throw new ArgumentException($"{op}: source dtype {src.DType} does not match input dtype {self.DType}.");
        if (Math.Max(src.Rank, 1) != Math.Max(index.Rank, 1))
            throw new ArgumentException($"{op}: source shape {src.Shape} must have the same number of dimensions as index shape {index.Shape}.");
        for (int i = 0; i < index.Rank; i++)
            if (index.Dims[i] > src.Dims[i])
                throw new ArgumentException($"{op}: index shape {index.Shape} does not fit source shape {src.Shape} in dimension {i}.");
    }
}

/// <summary>Picks elements along a dimension by an index tensor of the output's shape, as <c>torch.gather</c>.</summary>
internal sealed class Gather : Function
{
    private int _dim;
    private Tensor? _index;

    public override string Name => "Gather";

    public static Tensor Apply(Tensor x, int dim, Tensor index)
    {
        int d = IndexChecks.Check(x, dim, index, "Gather");
        var y = IndexKernel.Gather(x, d, index);
        return Tracks(x) ? new Gather { _dim = d, _index = index }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [Tensor.ZerosLike(Inputs[0]).ScatterAdd(_dim, _index!, g)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Gather(_dim, _index!);

    internal override void Release()
    {
        _index = null;
        base.Release();
    }
}

/// <summary>
/// Out-of-place <c>torch.scatter</c>: a copy of the input with source elements written at index positions. With
/// duplicate indices the last write wins (PyTorch leaves this unspecified).
/// </summary>
internal sealed class Scatter : Function
{
    private int _dim;
    private Tensor? _index;

    public override string Name => "Scatter";

    public static Tensor Apply(Tensor self, int dim, Tensor index, Tensor src)
    {
        int d = IndexChecks.Check(self, dim, index, "Scatter");
        IndexChecks.CheckSource(self, index, src, "Scatter");
        var y = IndexKernel.Scatter(self, d, index, src, add: false, "Scatter");
        return Tracks(self, src) ? new Scatter { _dim = d, _index = index }.Record(y, self, src) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (self, src) = (Inputs[0], Inputs[1]);
        return
        [
            self.RequiresGrad ? g.Scatter(_dim, _index!, Tensor.ZerosLike(src)) : null,
            src.RequiresGrad ? Embed(g.Gather(_dim, _index!), src) : null,
        ];
    }

    internal override Tensor Jvp(Tensor?[] t) =>
        (t[0] ?? Tensor.ZerosLike(Inputs[0])).Scatter(_dim, _index!, t[1] ?? Tensor.ZerosLike(Inputs[1]));

    /// <summary>A gradient of the index's shape zero-padded to the (possibly larger) source shape.</summary>
    internal static Tensor Embed(Tensor g, Tensor src)
    {
        if (g.Dims.AsSpan().SequenceEqual(src.Dims)) return g;
        return Pad.Apply(g, src.Dims, new int[src.Rank], Enumerable.Repeat(1, src.Rank).ToArray(), 0);
    }

    internal override void Release()
    {
        _index = null;
        base.Release();
    }
}

/// <summary>Out-of-place <c>torch.scatter_add</c>: a copy of the input with source elements added at index positions.</summary>
internal sealed class ScatterAdd : Function
{
    private int _dim;
    private Tensor? _index;

    public override string Name => "ScatterAdd";

    public static Tensor Apply(Tensor self, int dim, Tensor index, Tensor src)
    {
        int d = IndexChecks.Check(self, dim, index, "ScatterAdd");
        IndexChecks.CheckSource(self, index, src, "ScatterAdd");
        var y = IndexKernel.Scatter(self, d, index, src, add: true, "ScatterAdd");
        return Tracks(self, src) ? new ScatterAdd { _dim = d, _index = index }.Record(y, self, src) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (self, src) = (Inputs[0], Inputs[1]);
        return [self.RequiresGrad ? g : null, src.RequiresGrad ? Scatter.Embed(g.Gather(_dim, _index!), src) : null];
    }

    internal override Tensor Jvp(Tensor?[] t) =>
        (t[0] ?? Tensor.ZerosLike(Inputs[0])).ScatterAdd(_dim, _index!, t[1] ?? Tensor.ZerosLike(Inputs[1]));

    internal override void Release()
    {
        _index = null;
        base.Release();
    }
}
