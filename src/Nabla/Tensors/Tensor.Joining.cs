namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Concatenates tensors along <paramref name="dim"/>; all must agree in the other dimensions, like <c>torch.cat</c>.
    /// Dtypes are promoted; 1-D empty tensors are skipped, as in PyTorch.
    /// </summary>
    public static Tensor Cat(Tensor[] tensors, int dim = 0) => Ops.Cat.Apply(tensors, dim);

    /// <summary>Stacks same-shape tensors along a new dimension <paramref name="dim"/>, like <c>torch.stack</c>.</summary>
    public static Tensor Stack(Tensor[] tensors, int dim = 0)
    {
        if (tensors.Length == 0) throw new ArgumentException("Stack: expected a non-empty list of tensors.");
        for (int i = 1; i < tensors.Length; i++)
            if (!tensors[i].Dims.AsSpan().SequenceEqual(tensors[0].Dims))
                throw new ArgumentException($"Stack: tensor {i} has shape {tensors[i].Shape}, but tensor 0 has shape {tensors[0].Shape}; all must be equal.");
        int d = NormalizeDim(dim, tensors[0].Rank + 1, "Stack");
        return Cat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
    }

    /// <summary>Views of consecutive pieces of <paramref name="splitSize"/> along <paramref name="dim"/> (the last may be smaller), like <c>torch.split</c>.</summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        int d = NormalizeDim(dim, Rank, "Split");
        int size = Dims[d];
        if (splitSize < 0 || (splitSize == 0 && size != 0))
            throw new ArgumentException($"Split: split size {splitSize} must be positive for dimension {d} of size {size}.");
        int count = splitSize == 0 ? 1 : Math.Max((size + splitSize - 1) / splitSize, 1);
        var sizes = new int[count];
        for (int i = 0; i < count; i++) sizes[i] = Math.Min(splitSize, size - i * splitSize);
        return Split(sizes, d);
    }

    /// <summary>Views of consecutive pieces with the given <paramref name="sizes"/> along <paramref name="dim"/>, which must sum to its size.</summary>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        int d = NormalizeDim(dim, Rank, "Split");
        if (sizes.Any(s => s < 0) || sizes.Sum() != Dims[d])
            throw new ArgumentException($"Split: sizes {Shape.Format(sizes)} must be non-negative and sum to {Dims[d]}, the size of dimension {d} of shape {Shape}.");
        var pieces = new Tensor[sizes.Length];
        for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++)
            pieces[i] = Ops.Slice.Apply(this, d, start, sizes[i], 1);
        return pieces;
    }

    /// <summary>Views of at most <paramref name="chunks"/> pieces of size ceil(n / chunks) along <paramref name="dim"/>, like <c>torch.chunk</c>.</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0) throw new ArgumentException($"Chunk: the number of chunks must be positive, got {chunks}.");
        int d = NormalizeDim(dim, Rank, "Chunk");
        int size = Dims[d];
        if (size == 0) return Split(new int[chunks], d);
        return Split((size + chunks - 1) / chunks, d);
    }

    /// <summary>Views of every slice along <paramref name="dim"/>, which is removed, like <c>torch.unbind</c>.</summary>
    public Tensor[] Unbind(int dim = 0)
    {
        int d = NormalizeDim(dim, Rank, "Unbind");
        var pieces = new Tensor[Dims[d]];
        for (int i = 0; i < pieces.Length; i++) pieces[i] = Select(d, i);
        return pieces;
    }

    /// <summary>
    /// Constant padding like <c>F.pad(x, pad, value=value)</c>: <paramref name="pad"/> holds (before, after) pairs
    /// starting from the last dimension, e.g. (left, right, top, bottom) for (N, C, H, W); negative amounts crop.
    /// </summary>
    public Tensor Pad(int[] pad, double value = 0) => Ops.Pad.Constant(this, pad, value);
}
