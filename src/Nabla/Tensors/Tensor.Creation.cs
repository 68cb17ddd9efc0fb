namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Reseeds <see cref="Generator.Default"/>, like <c>torch.manual_seed</c>.</summary>
    public static void ManualSeed(long seed)
    {
        lock (Generator.Default) Generator.Default.ManualSeed(seed);
    }

    /// <summary>An uninitialised tensor (contents unspecified) of the given shape and dtype.</summary>
    public static Tensor Empty(ReadOnlySpan<int> shape, DType dtype = DType.Float32) => Allocate(shape, dtype, zero: false);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params ReadOnlySpan<int> shape) => Allocate(shape, DType.Float32, zero: true);

    /// <summary>A tensor of zeros of the given dtype.</summary>
    public static Tensor Zeros(ReadOnlySpan<int> shape, DType dtype) => Allocate(shape, dtype, zero: true);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params ReadOnlySpan<int> shape) => Full(shape, 1.0);

    /// <summary>A tensor of ones of the given dtype.</summary>
    public static Tensor Ones(ReadOnlySpan<int> shape, DType dtype) => Full(shape, 1.0, dtype);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(ReadOnlySpan<int> shape, double value, DType dtype = DType.Float32)
    {
        var t = Allocate(shape, dtype, zero: false);
        int n = t.NumElements;
        switch (dtype)
        {
            case DType.Float32: t.Buffer<float>().AsSpan(0, n).Fill((float)value); break;
            case DType.Float64: t.Buffer<double>().AsSpan(0, n).Fill(value); break;
            case DType.Int64: t.Buffer<long>().AsSpan(0, n).Fill((long)value); break;
            case DType.Int32: t.Buffer<int>().AsSpan(0, n).Fill((int)value); break;
            default: t.Buffer<bool>().AsSpan(0, n).Fill(value != 0); break;
        }
        return t;
    }

    /// <summary>A 0-dimensional tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32) => Full([], value, dtype);

    /// <summary>Zeros with the shape and dtype of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => Zeros(like.Dims, like.DType);

    /// <summary>Ones with the shape and dtype of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like) => Ones(like.Dims, like.DType);

    /// <summary><paramref name="value"/> with the shape and dtype of <paramref name="like"/>.</summary>
    public static Tensor FullLike(Tensor like, double value) => Full(like.Dims, value, like.DType);

    /// <summary>Uniform [0, 1) samples with the shape and dtype of <paramref name="like"/>.</summary>
    public static Tensor RandLike(Tensor like, Generator? generator = null) => Rand(like.Dims, like.DType, generator);

    /// <summary>Standard normal samples with the shape and dtype of <paramref name="like"/>.</summary>
    public static Tensor RandnLike(Tensor like, Generator? generator = null) => Randn(like.Dims, like.DType, generator);

    /// <summary>A tensor with the given elements (copied), shaped as <paramref name="shape"/> or 1-D when none is given.</summary>
    public static Tensor FromArray<T>(T[] data, params ReadOnlySpan<int> shape) where T : unmanaged
    {
        int[] dims = shape.Length == 0 ? [data.Length] : shape.ToArray();
        if (Shape.Numel(dims) != data.Length)
            throw new ArgumentException($"FromArray: {data.Length} elements cannot have shape {Shape.Format(dims)}.");
        return FromSpan<T>(data, dims);
    }

    /// <summary>A tensor with the elements of <paramref name="data"/> (copied), shaped as <paramref name="shape"/>.</summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> shape) where T : unmanaged
    {
        if (Shape.Numel(shape) != data.Length)
            throw new ArgumentException($"FromSpan: {data.Length} elements cannot have shape {Shape.Format(shape)}.");
        var storage = Storage<T>.Allocate(data.Length, zero: false);
        data.CopyTo(storage.Data);
        return new Tensor(storage, shape.ToArray());
    }

    /// <summary>A 2-D tensor from a rectangular array (copied).</summary>
    public static Tensor FromArray<T>(T[,] data) where T : unmanaged
    {
        int r = data.GetLength(0), c = data.GetLength(1);
        var flat = new T[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) flat[i * c + j] = data[i, j];
        return FromArray(flat, r, c);
    }

    /// <summary>
    /// Values <c>start, start+step, ...</c> below <paramref name="end"/> (above it for a negative step), like
    /// <c>torch.arange</c>. For an integer <paramref name="dtype"/> the three arguments are truncated to integers
    /// first, as PyTorch converts them. Non-finite bounds, a zero or NaN step, a step whose sign points away from
    /// <paramref name="end"/> and a result too large for a tensor throw <see cref="ArgumentException"/>.
    /// </summary>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Int64)
    {
        if (dtype == DType.Bool) throw new ArgumentException("Arange: not implemented for Bool tensors.");
        if (!double.IsFinite(start) || !double.IsFinite(end))
            throw new ArgumentException($"Arange: unsupported range {start} -> {end}; start and end must be finite.");
        if (!dtype.IsFloatingPoint())
        {
            if (!double.IsFinite(step))
                throw new ArgumentException($"Arange: step {step} cannot be converted to {dtype}.");
            (start, end, step) = (Math.Truncate(start), Math.Truncate(end), Math.Truncate(step));
        }
        if (!(step > 0 || step < 0))
            throw new ArgumentException($"Arange: step must be nonzero, got {step}" + (dtype.IsFloatingPoint() ? "." : $" after truncation to {dtype}."));
        if (Math.Sign(end - start) == -Math.Sign(step))
            throw new ArgumentException($"Arange: step {step} cannot go from {start} to {end} (its sign is inconsistent with the bounds).");
        double size = Math.Ceiling((end - start) / step);
        if (size > Array.MaxLength)
            throw new ArgumentException($"Arange: {start} -> {end} with step {step} has {size} elements, more than a tensor can hold.");
        var t = Allocate([(int)size], dtype, zero: false);
        Fill(t, i => start + i * step);
        return t;
    }

    /// <summary>Integers <c>0 .. end-1</c> as int64.</summary>
    public static Tensor Arange(int end) => Arange(0, end);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive, like <c>torch.linspace</c>.</summary>
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"Linspace: number of steps must be non-negative, got {steps}.");
        var t = Allocate([steps], dtype, zero: false);
        if (steps == 1)
        {
            // One value is start, whatever end is (even NaN or infinite), as in PyTorch.
            Fill(t, _ => start);
            return t;
        }
        double step = (end - start) / (steps - 1);
        // PyTorch fills the second half from the end so that the last value is exactly `end`.
        int half = steps / 2;
        Fill(t, i => i < half ? start + i * step : end - (steps - 1 - i) * step);
        return t;
    }

    /// <summary>An <paramref name="n"/>×<paramref name="m"/> identity matrix (m defaults to n).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32)
    {
        int cols = m ?? n;
        var t = Allocate([n, cols], dtype, zero: false);
        Fill(t, i => i / cols == i % cols ? 1 : 0);
        return t;
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(params ReadOnlySpan<int> shape) => Rand(shape, DType.Float32);

    /// <summary>Uniform samples in [0, 1) of the given dtype, from <paramref name="generator"/> or the default one.</summary>
    public static Tensor Rand(ReadOnlySpan<int> shape, DType dtype, Generator? generator = null) =>
        Sample(shape, dtype, generator, g => g.NextDouble());

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(params ReadOnlySpan<int> shape) => Randn(shape, DType.Float32);

    /// <summary>Standard normal samples of the given dtype, from <paramref name="generator"/> or the default one.</summary>
    public static Tensor Randn(ReadOnlySpan<int> shape, DType dtype, Generator? generator = null) =>
        Sample(shape, dtype, generator, g => g.NextNormal());

    /// <summary>Uniform integers in [<paramref name="low"/>, <paramref name="high"/>), int64 by default.</summary>
    public static Tensor Randint(long low, long high, ReadOnlySpan<int> shape, DType dtype = DType.Int64, Generator? generator = null) =>
        Sample(shape, dtype, generator, g => g.NextInt64(low, high));

    private static Tensor Sample(ReadOnlySpan<int> shape, DType dtype, Generator? generator, Func<Generator, double> next)
    {
        var t = Allocate(shape, dtype, zero: false);
        var g = generator ?? Generator.Default;
        lock (g) Fill(t, _ => next(g));
        return t;
    }

    internal static Tensor Allocate(ReadOnlySpan<int> shape, DType dtype, bool zero)
    {
        int[] dims = new Shape(shape).ToArray();
        int n = Shape.Numel(dims);
        Storage s = dtype switch
        {
            DType.Float32 => Storage<float>.Allocate(n, zero),
            DType.Float64 => Storage<double>.Allocate(n, zero),
            DType.Int64 => Storage<long>.Allocate(n, zero),
            DType.Int32 => Storage<int>.Allocate(n, zero),
            _ => Storage<bool>.Allocate(n, zero),
        };
        return new Tensor(s, dims);
    }

    /// <summary>Fills a fresh dense tensor sequentially from a function of the flat index.</summary>
    private static void Fill(Tensor t, Func<int, double> value)
    {
        int n = t.NumElements;
        switch (t.DType)
        {
            case DType.Float32: { var d = t.Buffer<float>(); for (int i = 0; i < n; i++) d[i] = (float)value(i); break; }
            case DType.Float64: { var d = t.Buffer<double>(); for (int i = 0; i < n; i++) d[i] = value(i); break; }
            case DType.Int64: { var d = t.Buffer<long>(); for (int i = 0; i < n; i++) d[i] = (long)value(i); break; }
            case DType.Int32: { var d = t.Buffer<int>(); for (int i = 0; i < n; i++) d[i] = (int)value(i); break; }
            default: { var d = t.Buffer<bool>(); for (int i = 0; i < n; i++) d[i] = value(i) != 0; break; }
        }
    }
}
