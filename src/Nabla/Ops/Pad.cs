using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Places the input into a larger tensor filled with a constant, at a strided region (per dimension a start and a
/// step). Serves constant padding (<c>F.pad</c>) and, with zero fill, the gradients of slicing and selecting.
/// </summary>
internal sealed class Pad : Function
{
    private int[] _outDims = [], _starts = [], _steps = [];

    public override string Name => "Pad";

    public static Tensor Apply(Tensor x, int[] outDims, int[] starts, int[] steps, double value)
    {
        var y = Tensor.Full(outDims, value, x.DType);
        int offset = 0;
        var strides = new int[x.Rank];
        var dense = Tensor.ContiguousStrides(outDims);
        for (int d = 0; d < x.Rank; d++)
        {
            if (x.Dims[d] > 0) offset += starts[d] * dense[d];
            strides[d] = dense[d] * steps[d];
        }
        JoinKernel.Assign(y.Borrow(x.Dims, strides, offset), x);
        return Tracks(x) ? new Pad { _outDims = outDims, _starts = starts, _steps = steps }.Record(y, x) : y;
    }

    /// <summary>Zeros of <paramref name="outDims"/> with <paramref name="x"/> written at a strided range of one dimension.</summary>
    public static Tensor Embed(Tensor x, int[] outDims, int dim, int start, int step)
    {
        var starts = new int[outDims.Length];
        var steps = new int[outDims.Length];
        Array.Fill(steps, 1);
        starts[dim] = start;
        steps[dim] = step;
        return Apply(x, outDims, starts, steps, 0);
    }

    /// <summary>Constant padding with PyTorch's <c>F.pad</c> convention: pairs (before, after) from the last dimension back; negative amounts crop.</summary>
    public static Tensor Constant(Tensor x, ReadOnlySpan<int> pad, double value)
    {
        if (pad.Length % 2 != 0 || pad.Length / 2 > x.Rank)
            throw new ArgumentException($"Pad: padding {Shape.Format(pad)} must have an even length of at most twice the rank of input shape {x.Shape}.");
        var outDims = (int[])x.Dims.Clone();
        var starts = new int[x.Rank];
        var steps = new int[x.Rank];
        Array.Fill(steps, 1);
        var source = x;
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = x.Rank - 1 - k, before = pad[2 * k], after = pad[2 * k + 1];
            int size = x.Dims[d] + before + after;
            if (size < 0)
                throw new ArgumentException($"Pad: padding {Shape.Format(pad)} gives a negative size {size} in dimension {d} for input shape {x.Shape}.");
            int cropStart = Math.Max(-before, 0), kept = x.Dims[d] - cropStart - Math.Max(-after, 0);
            if (cropStart > 0 || kept < x.Dims[d]) source = Slice.Apply(source, d, cropStart, Math.Max(kept, 0), 1);
            starts[d] = Math.Max(before, 0);
            outDims[d] = size;
        }
        return Apply(source, outDims, starts, steps, value);
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var x = Inputs[0];
        for (int d = 0; d < _outDims.Length; d++)
            if (x.Dims[d] != _outDims[d] || _steps[d] != 1) g = Slice.Apply(g, d, _starts[d], x.Dims[d], _steps[d]);
        return [g];
    }

    internal override Tensor Jvp(Tensor?[] t) => Apply(t[0]!, _outDims, _starts, _steps, 0);
}
