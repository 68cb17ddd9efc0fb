using Nabla.Autograd;

namespace Nabla.Ops;

/// <summary>
/// Every <c>step</c>-th element of <c>length</c> along one dimension starting at <c>start</c> (narrow and Python-style
/// slicing); a view. Arguments are already normalised and in range.
/// </summary>
internal sealed class Slice : Function
{
    private int _dim, _start, _length, _step;

    public override string Name => "Slice";

    public static Tensor Apply(Tensor x, int dim, int start, int length, int step)
    {
        var dims = (int[])x.Dims.Clone();
        var strides = (int[])x.Strides.Clone();
        dims[dim] = length;
        strides[dim] *= step;
        int offset = x.Offset + (length == 0 ? 0 : start * x.Strides[dim]);
        var y = x.NewView(dims, strides, offset);
        return Tracks(x) ? new Slice { _dim = dim, _start = start, _length = length, _step = step }.Record(y, x) : y;
    }

    /// <summary>Resolves Python slice bounds (negative from the end, clamped) to (start, length) for a positive step.</summary>
    public static (int Start, int Length) Resolve(int size, int? start, int? end, int step, string op)
    {
        if (step <= 0) throw new ArgumentException($"{op}: slice step must be positive, got {step}.");
        int s = Clamp(start ?? 0, size), e = Clamp(end ?? size, size);
        int length = e > s ? (e - s + step - 1) / step : 0;
        return (length == 0 ? Math.Min(s, size) : s, length);
    }

    private static int Clamp(int i, int size) => Math.Clamp(i < 0 ? i + size : i, 0, size);

    internal override Tensor?[] Backward(Tensor g) => [Pad.Embed(g, Inputs[0].Dims, _dim, _start, _step)];

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!, _dim, _start, _length, _step);
}

/// <summary>One index along a dimension, removing that dimension, as <c>torch.select</c>; a view.</summary>
internal sealed class Select : Function
{
    private int _dim, _index;

    public override string Name => "Select";

    public static Tensor Apply(Tensor x, int dim, int index)
    {
        if (x.Rank == 0) throw new ArgumentException("Select: cannot select from a 0-d tensor.");
        int d = Tensor.NormalizeDim(dim, x.Rank, "Select");
        int size = x.Dims[d];
        if (index < -size || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), $"Select: index {index} is out of bounds for dimension {d} with size {size} (input shape {x.Shape}).");
        int i = index < 0 ? index + size : index;
        var dims = new int[x.Rank - 1];
        var strides = new int[x.Rank - 1];
        for (int k = 0, j = 0; k < x.Rank; k++)
        {
            if (k == d) continue;
            dims[j] = x.Dims[k];
            strides[j++] = x.Strides[k];
        }
        var y = x.NewView(dims, strides, x.Offset + i * x.Strides[d]);
        return Tracks(x) ? new Select { _dim = d, _index = i }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [Pad.Embed(g.Unsqueeze(_dim), Inputs[0].Dims, _dim, _index, 1)];

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!, _dim, _index);
}

/// <summary>Reverses the order of elements along dimensions, as <c>torch.flip</c> (a copy, as in PyTorch).</summary>
internal sealed class Flip : Function
{
    private int[] _dims = [];

    public override string Name => "Flip";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> dims)
    {
        var strides = (int[])x.Strides.Clone();
        var flipped = new bool[Math.Max(x.Rank, 1)];
        int offset = x.Offset;
        foreach (int dim in dims)
        {
            int d = Tensor.NormalizeDim(dim, x.Rank, "Flip");
            if (flipped[d]) throw new ArgumentException($"Flip: dimension {dim} appears more than once in {Shape.Format(dims)}.");
            flipped[d] = true;
            if (x.Rank == 0 || x.Dims[d] == 0) continue;
            offset += (x.Dims[d] - 1) * strides[d];
            strides[d] = -strides[d];
        }
        // A negative-stride view read out densely is the flipped copy.
        var view = x.Borrow(x.Dims, strides, offset);
        var y = view.DenseCopy();
        return Tracks(x) ? new Flip { _dims = dims.ToArray() }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [g.Flip(_dims)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Flip(_dims);
}

/// <summary>Tiles the tensor <c>sizes[i]</c> times along each dimension, as <c>torch.Tensor.repeat</c> (a copy).</summary>
internal sealed class Repeat : Function
{
    private int[] _sizes = [];

    public override string Name => "Repeat";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> sizes)
    {
        if (sizes.Length < x.Rank)
            throw new ArgumentException($"Repeat: {sizes.Length} repeat counts {Shape.Format(sizes)} are fewer than the dimensions of input shape {x.Shape}.");
        int r = sizes.Length, lead = r - x.Rank;
        // Viewed as (r0, d0, r1, d1, ...) with zero strides on the repeat axes, a dense copy is the tiling.
        var tiled = new int[2 * r];
        var strides = new int[2 * r];
        var outDims = new int[r];
        for (int i = 0; i < r; i++)
        {
            if (sizes[i] < 0) throw new ArgumentException($"Repeat: repeat counts must be non-negative, got {Shape.Format(sizes)}.");
            int size = i < lead ? 1 : x.Dims[i - lead];
            tiled[2 * i] = sizes[i];
            tiled[2 * i + 1] = size;
            strides[2 * i + 1] = i < lead ? 0 : x.Strides[i - lead];
            outDims[i] = sizes[i] * size;
        }
        var y = x.Borrow(tiled, strides, x.Offset).DenseCopy().MoveToShape(outDims);
        return Tracks(x) ? new Repeat { _sizes = sizes.ToArray() }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var x = Inputs[0];
        int r = _sizes.Length, lead = r - x.Rank;
        var tiled = new int[2 * r];
        var repeatAxes = new int[r];
        for (int i = 0; i < r; i++)
        {
            tiled[2 * i] = _sizes[i];
            tiled[2 * i + 1] = i < lead ? 1 : x.Dims[i - lead];
            repeatAxes[i] = 2 * i;
        }
        return [g.Reshape(tiled).Sum(repeatAxes).Reshape(x.Dims)];
    }

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Repeat(_sizes);
}
