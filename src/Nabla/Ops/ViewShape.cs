using Nabla.Autograd;

namespace Nabla.Ops;

/// <summary>Shape logic shared by the view ops: stride computation for re-shaping views.</summary>
internal static class ViewShapes
{
    /// <summary>
    /// Strides that let a tensor with <paramref name="oldDims"/>/<paramref name="oldStrides"/> be seen with
    /// <paramref name="newDims"/> without copying, or null when no such strides exist (PyTorch's computeStride).
    /// </summary>
    public static int[]? ViewStrides(int[] oldDims, int[] oldStrides, int[] newDims)
    {
        int numel = Shape.Numel(oldDims);
        if (oldDims.Length == 0 || numel == 0)
            return oldDims.AsSpan().SequenceEqual(newDims) ? (int[])oldStrides.Clone() : Tensor.ContiguousStrides(newDims);
        var newStrides = new int[newDims.Length];
        int viewD = newDims.Length - 1;
        long chunkBaseStride = oldStrides[^1], tensorNumel = 1, viewNumel = 1;
        for (int tensorD = oldDims.Length - 1; tensorD >= 0; tensorD--)
        {
            tensorNumel *= oldDims[tensorD];
            // A chunk ends where the next outer dimension does not continue this one's memory run.
            if (tensorD == 0 || (oldDims[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride))
            {
                while (viewD >= 0 && (viewNumel < tensorNumel || newDims[viewD] == 1))
                {
                    newStrides[viewD] = (int)(viewNumel * chunkBaseStride);
                    viewNumel *= newDims[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0)
                {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }
}

/// <summary>A view with a new shape over the same strides, as <c>torch.view</c>; fails when the strides do not allow it.</summary>
internal sealed class View : Function
{
    private int[] _outDims = [];

    public override string Name => "View";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> shape, string op = "View")
    {
        var dims = Reshape.InferShape(shape, x.NumElements, x.Dims, op);
        var strides = ViewShapes.ViewStrides(x.Dims, x.Strides, dims) ?? throw new ArgumentException(
            $"{op}: view shape {Shape.Format(dims)} is not compatible with input shape {x.Shape} and strides {Shape.Format(x.Strides)} " +
            "(at least one dimension spans across two contiguous subspaces); use Reshape instead.");
        var y = x.NewView(dims, strides, x.Offset);
        return Tracks(x) ? new View { _outDims = dims }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [g.Reshape(Inputs[0].Dims)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Reshape(_outDims);
}

/// <summary>Removes size-1 dimensions (all of them, or one), as <c>torch.squeeze</c>; a view.</summary>
internal sealed class Squeeze : Function
{
    private int[] _outDims = [];

    public override string Name => "Squeeze";

    public static Tensor Apply(Tensor x, int? dim)
    {
        int? only = dim is { } d ? Tensor.NormalizeDim(d, x.Rank, "Squeeze") : null;
        var dims = new List<int>();
        var strides = new List<int>();
        for (int i = 0; i < x.Rank; i++)
        {
            if (x.Dims[i] == 1 && (only is null || only == i)) continue;
            dims.Add(x.Dims[i]);
            strides.Add(x.Strides[i]);
        }
        var y = x.NewView(dims.ToArray(), strides.ToArray(), x.Offset);
        return Tracks(x) ? new Squeeze { _outDims = y.Dims }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [g.Reshape(Inputs[0].Dims)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Reshape(_outDims);
}

/// <summary>Inserts a size-1 dimension at <c>dim</c> (in the output's numbering), as <c>torch.unsqueeze</c>; a view.</summary>
internal sealed class Unsqueeze : Function
{
    private int _dim;

    public override string Name => "Unsqueeze";

    public static Tensor Apply(Tensor x, int dim)
    {
        int d = Tensor.NormalizeDim(dim, x.Rank + 1, "Unsqueeze");
        var dims = new int[x.Rank + 1];
        var strides = new int[x.Rank + 1];
        for (int i = 0, j = 0; i <= x.Rank; i++)
        {
            if (i == d)
            {
                dims[i] = 1;
                strides[i] = j < x.Rank ? x.Strides[j] * x.Dims[j] : 1;
                continue;
            }
            dims[i] = x.Dims[j];
            strides[i] = x.Strides[j++];
        }
        var y = x.NewView(dims, strides, x.Offset);
        return Tracks(x) ? new Unsqueeze { _dim = d }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [g.Squeeze(_dim)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Unsqueeze(_dim);
}

/// <summary>Reorders dimensions, as <c>torch.permute</c> (also transpose, <c>T</c> and <c>mT</c>); a view.</summary>
internal sealed class Permute : Function
{
    private int[] _perm = [];

    public override string Name => "Permute";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims, string op = "Permute")
    {
        if (dims.Length != x.Rank)
            throw new ArgumentException($"{op}: permutation {Shape.Format(dims)} has {dims.Length} entries but the input shape {x.Shape} has rank {x.Rank}.");
        var perm = new int[dims.Length];
        var seen = new bool[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            perm[i] = Tensor.NormalizeDim(dims[i], x.Rank, op);
            if (seen[perm[i]]) throw new ArgumentException($"{op}: dimension {dims[i]} repeats in permutation {Shape.Format(dims)}.");
            seen[perm[i]] = true;
        }
        var outDims = new int[perm.Length];
        var strides = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            outDims[i] = x.Dims[perm[i]];
            strides[i] = x.Strides[perm[i]];
        }
        var y = x.NewView(outDims, strides, x.Offset);
        return Tracks(x) ? new Permute { _perm = perm }.Record(y, x) : y;
    }

    /// <summary>The permutation of <paramref name="rank"/> dimensions that swaps <paramref name="d0"/> and <paramref name="d1"/>.</summary>
    public static int[] Swap(int rank, int d0, int d1, string op)
    {
        var perm = new int[rank];
        for (int i = 0; i < rank; i++) perm[i] = i;
        if (rank == 0)
        {
            Tensor.NormalizeDim(d0, rank, op);
            Tensor.NormalizeDim(d1, rank, op);
            return perm;
        }
        int a = Tensor.NormalizeDim(d0, rank, op), b = Tensor.NormalizeDim(d1, rank, op);
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return perm;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var inverse = new int[_perm.Length];
        for (int i = 0; i < _perm.Length; i++) inverse[_perm[i]] = i;
        return [g.Permute(inverse)];
    }

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Permute(_perm);
}
