using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Concatenation along an existing dimension, as <c>torch.cat</c>; the gradient narrows back to each input.</summary>
internal sealed class Cat : Function
{
    private int _dim;

    public override string Name => "Cat";

    public static Tensor Apply(Tensor[] tensors, int dim)
    {
        if (tensors.Length == 0) throw new ArgumentException("Cat: expected a non-empty list of tensors.");
        // As in PyTorch, 1-D empty tensors are skipped so that they can seed accumulating concatenations.
        var parts = tensors.Where(t => !(t.Rank == 1 && t.Dims[0] == 0)).ToArray();
        if (parts.Length == 0) parts = [tensors[0]];
        var first = parts[0];
        if (first.Rank == 0) throw new ArgumentException("Cat: zero-dimensional tensors cannot be concatenated.");
        int d = Tensor.NormalizeDim(dim, first.Rank, "Cat");
        var dtype = DTypes.ResultType(tensors);
        var outDims = (int[])first.Dims.Clone();
        outDims[d] = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            var t = parts[i];
            bool fits = t.Rank == first.Rank;
            for (int k = 0; fits && k < t.Rank; k++) fits = k == d || t.Dims[k] == first.Dims[k];
            if (!fits)
                throw new ArgumentException($"Cat: tensor {i} has shape {t.Shape}, which does not match shape {first.Shape} of tensor 0 outside dimension {d}.");
            outDims[d] += t.Dims[d];
            parts[i] = t.To(dtype);
        }
        var y = JoinKernel.Cat(parts, d, outDims);
        return Tracks(parts) ? new Cat { _dim = d }.Record(y, parts) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var grads = new Tensor?[Inputs.Length];
        int start = 0;
        for (int i = 0; i < Inputs.Length; i++)
        {
            int size = Inputs[i].Dims[_dim];
            if (Inputs[i].RequiresGrad) grads[i] = Slice.Apply(g, _dim, start, size, 1);
            start += size;
        }
        return grads;
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var parts = new Tensor[t.Length];
        for (int i = 0; i < t.Length; i++) parts[i] = t[i] ?? Tensor.ZerosLike(Inputs[i]);
        return Apply(parts, _dim);
    }
}
