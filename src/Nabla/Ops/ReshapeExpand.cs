using Nabla.Autograd;

namespace Nabla.Ops;

/// <summary>Reshape: a view when the strides allow it, otherwise a dense copy reshaped (as <c>torch.reshape</c>).</summary>
internal sealed class Reshape : Function
{
    private int[] _outDims = [];

    public override string Name => "Reshape";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> shape)
    {
        var dims = InferShape(shape, x.NumElements, x.Dims, "Reshape");
        var strides = ViewShapes.ViewStrides(x.Dims, x.Strides, dims);
        Tensor y;
        if (strides is not null) y = x.NewView(dims, strides, x.Offset);
        else
        {
            var dense = x.DenseCopy();
            y = dense.MoveToShape(dims);
        }
        return Tracks(x) ? new Reshape { _outDims = dims }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [g.Reshape(Inputs[0].Dims)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Reshape(_outDims);

    /// <summary>Resolves a single -1 entry and checks the element count.</summary>
    public static int[] InferShape(ReadOnlySpan<int> shape, int numel, ReadOnlySpan<int> from, string op)
    {
        var dims = shape.ToArray();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be -1, got {Shape.Format(shape)}.");
                infer = i;
            }
            else if (dims[i] < 0) throw new ArgumentException($"{op}: invalid dimension {dims[i]} in {Shape.Format(shape)}.");
            else known *= dims[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ArgumentException($"{op}: shape {Shape.Format(shape)} is invalid for input of shape {Shape.Format(from)} ({numel} elements).");
            dims[infer] = (int)(numel / known);
        }
        else if (known != numel)
        {
            throw new ArgumentException($"{op}: shape {Shape.Format(shape)} is invalid for input of shape {Shape.Format(from)} ({numel} elements).");
        }
        return dims;
    }
}

/// <summary>Broadcast view to a larger shape (stride 0 along expanded dims), as <c>torch.expand</c>; -1 keeps a size.</summary>
internal sealed class Expand : Function
{
    private int[] _outDims = [];

    public override string Name => "Expand";

    public static Tensor Apply(Tensor x, ReadOnlySpan<int> shape)
    {
        int lead = shape.Length - x.Rank;
        if (lead < 0)
            throw new ArgumentException($"Expand: cannot expand shape {x.Shape} to fewer dimensions {Shape.Format(shape)}.");
        var dims = new int[shape.Length];
        var strides = new int[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            int src = i - lead;
            int want = shape[i];
            if (src < 0)
            {
                if (want < 0) throw new ArgumentException($"Expand: -1 is not allowed for the new leading dimension {i} in {Shape.Format(shape)}.");
                dims[i] = want;
                continue;
            }
            int have = x.Dims[src];
            if (want == -1) want = have;
            if (have != want && have != 1)
                throw new ArgumentException($"Expand: shape {x.Shape} cannot be expanded to {Shape.Format(shape)} (dimension {i}: {have} vs {want}).");
            dims[i] = want;
            strides[i] = have == want ? x.Strides[src] : 0;
        }
        var y = x.NewView(dims, strides, x.Offset);
        return Tracks(x) ? new Expand { _outDims = dims }.Record(y, x) : y;
    }

    internal override Tensor?[] Backward(Tensor g) => [BinaryOps.SumTo(g, Inputs[0].Dims)];

    internal override Tensor Jvp(Tensor?[] t) => t[0]!.Expand(_outDims);
}
