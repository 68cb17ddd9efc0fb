namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>The same data with a new shape (one entry may be -1); a view when the strides allow it, otherwise a dense copy, like <c>torch.reshape</c>.</summary>
    public Tensor Reshape(params ReadOnlySpan<int> shape) => Ops.Reshape.Apply(this, shape);

    /// <summary>A broadcast view with size-1 dimensions repeated to <paramref name="shape"/> (-1 keeps a size).</summary>
    public Tensor Expand(params ReadOnlySpan<int> shape) => Ops.Expand.Apply(this, shape);

    /// <summary>A broadcast view with the shape of <paramref name="other"/>, like <c>torch.Tensor.expand_as</c>.</summary>
    public Tensor ExpandAs(Tensor other) => Ops.Expand.Apply(this, other.Dims);

    /// <summary>
    /// A view with a new shape (one entry may be -1), like <c>torch.Tensor.view</c>. Never copies: throws when the
    /// strides cannot express the new shape (use <see cref="Reshape"/> then).
    /// </summary>
    public Tensor View(params ReadOnlySpan<int> shape) => Ops.View.Apply(this, shape);

    /// <summary>A view with the shape of <paramref name="other"/>, like <c>torch.Tensor.view_as</c>.</summary>
    public Tensor ViewAs(Tensor other) => Ops.View.Apply(this, other.Dims, "ViewAs");

    /// <summary>A view with the dimensions reordered: output dimension i is input dimension <c>dims[i]</c>.</summary>
    public Tensor Permute(params ReadOnlySpan<int> dims) => Ops.Permute.Apply(this, dims);

    /// <summary>A view with dimensions <paramref name="dim0"/> and <paramref name="dim1"/> swapped.</summary>
    public Tensor Transpose(int dim0, int dim1) => Ops.Permute.Apply(this, Ops.Permute.Swap(Rank, dim0, dim1, "Transpose"), "Transpose");

    /// <summary>The transpose of a matrix (a view); 0-d and 1-d tensors are returned as views unchanged. Rank above 2 is an error (use <see cref="MT"/>).</summary>
    public Tensor T => Rank <= 2
        ? Ops.Permute.Apply(this, Rank == 2 ? [1, 0] : Rank == 1 ? [0] : [], "T")
        : throw new InvalidOperationException($"T: expects a tensor of rank at most 2, got shape {Shape}; use MT or Permute for batches.");

    /// <summary>The batch transpose of the last two dimensions (N, ..., R, C) → (N, ..., C, R), like <c>torch.Tensor.mT</c>; a view.</summary>
    public Tensor MT => Rank >= 2
        ? Ops.Permute.Apply(this, Ops.Permute.Swap(Rank, -2, -1, "MT"), "MT")
        : throw new InvalidOperationException($"MT: expects a tensor of rank at least 2, got shape {Shape}.");

    /// <summary>A view without the size-1 dimensions.</summary>
    public Tensor Squeeze() => Ops.Squeeze.Apply(this, null);

    /// <summary>A view without dimension <paramref name="dim"/> when its size is 1 (otherwise the same shape).</summary>
    public Tensor Squeeze(int dim) => Ops.Squeeze.Apply(this, dim);

    /// <summary>A view with a size-1 dimension inserted at <paramref name="dim"/> (-1 appends).</summary>
    public Tensor Unsqueeze(int dim) => Ops.Unsqueeze.Apply(this, dim);

    /// <summary>Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one, like <c>torch.flatten</c> (a view when possible).</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = NormalizeDim(startDim, Rank, "Flatten"), e = NormalizeDim(endDim, Rank, "Flatten");
        if (s > e) throw new ArgumentException($"Flatten: startDim {startDim} comes after endDim {endDim} for input shape {Shape}.");
        var dims = new int[Rank - (e - s)];
        for (int i = 0, j = 0; i < Rank; i++)
        {
            if (i > s && i <= e) dims[j - 1] *= Dims[i];
            else dims[j++] = Dims[i];
        }
        return Reshape(dims);
    }

    /// <summary>Splits dimension <paramref name="dim"/> into <paramref name="sizes"/> (one may be -1), like <c>torch.unflatten</c>; a view.</summary>
    public Tensor Unflatten(int dim, params ReadOnlySpan<int> sizes)
    {
        int d = NormalizeDim(dim, Rank, "Unflatten");
        var inner = Ops.Reshape.InferShape(sizes, Dims[d], [Dims[d]], "Unflatten");
        return Ops.View.Apply(this, [.. Dims.AsSpan(0, d), .. inner, .. Dims.AsSpan(d + 1)], "Unflatten");
    }

    /// <summary>The view of <paramref name="length"/> elements of <paramref name="dim"/> from <paramref name="start"/> (negative counts from the end), like <c>torch.narrow</c>.</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = NormalizeDim(dim, Rank, "Narrow");
        int size = Dims[d], s = start < 0 ? start + size : start;
        if (s < 0 || s > size || length < 0 || s + length > size)
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: start {start} and length {length} are out of range for dimension {d} with size {size} (input shape {Shape}).");
        return Ops.Slice.Apply(this, d, s, length, 1);
    }

    /// <summary>
    /// The view <c>x[..., start:end:step, ...]</c> along <paramref name="dim"/> with Python slice rules: null bounds
    /// mean the ends, negative bounds count from the end, out-of-range bounds are clamped; <paramref name="step"/> must be positive.
    /// </summary>
    public Tensor Slice(int dim, int? start = null, int? end = null, int step = 1)
    {
        int d = NormalizeDim(dim, Rank, "Slice");
        var (s, length) = Ops.Slice.Resolve(Dims[d], start, end, step, "Slice");
        return Ops.Slice.Apply(this, d, s, length, step);
    }

    /// <summary>The view at <paramref name="index"/> (negative counts from the end) of <paramref name="dim"/>, which is removed, like <c>torch.select</c>.</summary>
    public Tensor Select(int dim, int index) => Ops.Select.Apply(this, dim, index);

    /// <summary>A copy with the element order reversed along <paramref name="dims"/>, like <c>torch.flip</c>.</summary>
    public Tensor Flip(params ReadOnlySpan<int> dims) => Ops.Flip.Apply(this, dims);

    /// <summary>A copy tiled <c>sizes[i]</c> times along each dimension (extra leading counts add dimensions), like <c>torch.Tensor.repeat</c>.</summary>
    public Tensor Repeat(params ReadOnlySpan<int> sizes) => Ops.Repeat.Apply(this, sizes);
}
