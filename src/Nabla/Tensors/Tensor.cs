using Nabla.Autograd;

namespace Nabla;

/// <summary>
/// An n-dimensional array with autograd support, like <c>torch.Tensor</c>. A tensor is a view: a storage buffer
/// plus shape, strides (in elements) and an offset, so reshapes, transposes, slices and broadcasts share memory.
/// </summary>
/// <remarks>
/// Correctness never depends on <see cref="Dispose"/>: an undisposed tensor is collected by the GC. Disposing returns
/// the buffer to a pool once no other view uses it, which keeps steady training loops free of allocations.
/// </remarks>
public sealed partial class Tensor : IDisposable
{
    internal Storage Storage;
    internal int[] Dims;
    internal int[] Strides;
    internal int Offset;
    private bool _disposed;
    private bool _requiresGrad;

    /// <summary>A handle that owns one reference to <paramref name="storage"/>, registered with the current <see cref="TensorScope"/>.</summary>
    private Tensor(Storage storage, int[] dims, int[] strides, int offset, bool owning)
    {
        Storage = storage;
        Dims = dims;
        Strides = strides;
        Offset = offset;
        if (owning) TensorScope.Register(this);
        else _disposed = true;
    }

    /// <summary>A dense tensor over freshly allocated <paramref name="storage"/>, which it owns.</summary>
    internal Tensor(Storage storage, int[] dims) : this(storage, dims, ContiguousStrides(dims), 0, owning: true) { }

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    internal TensorScope? Scope { get; set; }

    /// <summary>
    /// A transient view for use inside a kernel: it holds no reference to the storage, is never registered with a
    /// scope, and disposing it does nothing, so it must not outlive the tensor it was taken from.
    /// </summary>
    internal Tensor Borrow(int[] dims, int[] strides, int offset) => new(Storage, dims, strides, offset, owning: false);

    /// <summary>This freshly made dense tensor under a new shape: the result takes over its storage reference.</summary>
    internal Tensor MoveToShape(int[] dims)
    {
        var y = NewView(dims, ContiguousStrides(dims), Offset);
        Dispose();
        return y;
    }

    /// <summary>The element type.</summary>
    public DType DType => Storage.DType;

    /// <summary>The sizes of the dimensions.</summary>
    public Shape Shape => new(Dims, noCopy: true);

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Number of elements.</summary>
    public int NumElements => Shape.Numel(Dims);

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => Dims[NormalizeDim(dim, Rank, "Size")];

    /// <summary>Element strides of each dimension (a copy).</summary>
    public int[] GetStrides() => (int[])Strides.Clone();

    /// <summary>True when elements are laid out row-major without gaps, so the data is one span.</summary>
    public bool IsContiguous
    {
        get
        {
            int expected = 1;
            for (int i = Dims.Length - 1; i >= 0; i--)
            {
                if (Dims[i] == 1) continue;
                if (Strides[i] != expected) return false;
                expected *= Dims[i];
            }
            return true;
        }
    }

    /// <summary>
    /// Whether gradients flow to this tensor. Setting it is allowed on leaves only, as in PyTorch; only
    /// floating-point tensors can require gradients.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
                throw new InvalidOperationException("RequiresGrad: cannot turn off gradients of a non-leaf tensor; use Detach().");
            if (value && !DType.IsFloatingPoint())
                throw new InvalidOperationException($"RequiresGrad: only floating-point tensors can require gradients, not {DType}.");
            _requiresGrad = value;
        }
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for fluent creation.</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>The accumulated gradient after <see cref="Backward"/>, or null.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>The function that produced this tensor in the autograd graph, or null for leaves.</summary>
    internal Function? GradFn { get; set; }

    /// <summary>True for tensors created by the user rather than by a recorded op.</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>Name of the op that produced this tensor (e.g. <c>"Mul"</c>), or null for leaves.</summary>
    public string? GradFnName => GradFn?.Name;

    /// <summary>The forward-mode tangent carried by this dual tensor, or null.</summary>
    internal Tensor? TangentValue { get; set; }

    /// <summary>Sets <see cref="Grad"/> to null, as PyTorch's <c>zero_grad(set_to_none=True)</c>.</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>A tensor sharing this one's data, cut from the autograd graph and without a tangent.</summary>
    public Tensor Detach() => NewView(Dims, Strides, Offset);

    internal Tensor NewView(int[] dims, int[] strides, int offset)
    {
        Storage.AddRef();
        return new Tensor(Storage, dims, strides, offset, owning: true);
    }

    /// <summary>Returns the buffer to the pool once no other view uses it. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Storage.Release();
    }

    internal static int[] ContiguousStrides(ReadOnlySpan<int> dims)
    {
        var s = new int[dims.Length];
        int acc = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= Math.Max(dims[i], 1);
        }
        return s;
    }

    internal static int NormalizeDim(int dim, int rank, string op)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dimension {dim} is out of range for a tensor of rank {rank} (expected -{r}..{r - 1}).");
        return dim < 0 ? dim + r : dim;
    }

    /// <summary>The storage as a typed array (element <see cref="Offset"/> is the first one of this view).</summary>
    internal T[] Buffer<T>() where T : unmanaged => ((Storage<T>)Storage).Data;

    /// <summary>The elements as one span; valid only for contiguous tensors.</summary>
    internal Span<T> Span<T>() where T : unmanaged
    {
        System.Diagnostics.Debug.Assert(IsContiguous);
        return ((Storage<T>)Storage).Data.AsSpan(Offset, NumElements);
    }

    internal void CheckDType<T>(string op) where T : unmanaged
    {
        if (DType != DTypes.Of<T>())
            throw new InvalidOperationException($"{op}: expected a {DTypes.Of<T>()} tensor, got {DType}.");
    }
}
