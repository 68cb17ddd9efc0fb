namespace Nabla.Data;

/// <summary>
/// An in-memory image classification dataset kept as raw bytes (one byte per pixel, (N, C, H, W) order) and converted
/// per batch (dividing by 255 as torchvision's ToTensor does), so a 60,000-image set costs 47 MB rather than four times that. Inputs are float32 in [0, 1] (byte / 255),
/// or, when created with <c>raw: true</c>, int32 byte values 0–255 (Nabla has no uint8 dtype; see
/// <see cref="Transforms.ToFloat"/>). Targets are int64 class indices.
/// </summary>
public abstract class ImageDataset : IDataset
{
    private readonly byte[] _pixels;
    private readonly long[] _labels;
    private readonly int _imageSize;
    private Tensor? _inputs, _targets;

    /// <summary>Wraps <paramref name="pixels"/> ((N, C, H, W) bytes) and <paramref name="labels"/> (N).</summary>
    protected ImageDataset(byte[] pixels, long[] labels, int channels, int height, int width, bool raw)
    {
        _imageSize = channels * height * width;
        if ((long)labels.Length * _imageSize != pixels.Length)
            throw new ArgumentException($"{GetType().Name}: {pixels.Length} pixel bytes do not make {labels.Length} images of ({channels}, {height}, {width}).");
        _pixels = pixels;
        _labels = labels;
        (Channels, Height, Width, Raw) = (channels, height, width, raw);
    }

    /// <summary>Channels per image.</summary>
    public int Channels { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Whether inputs are int32 byte values instead of float32 in [0, 1].</summary>
    public bool Raw { get; }

    /// <summary>The pixel bytes, (N, C, H, W) row-major.</summary>
    public ReadOnlyMemory<byte> RawPixels => _pixels;

    /// <summary>The labels, (N).</summary>
    public ReadOnlyMemory<long> Labels => _labels;

    /// <inheritdoc/>
    public int Count => _labels.Length;

    /// <summary>All inputs as one (N, C, H, W) tensor, built on first use and kept (outside any <see cref="TensorScope"/>).</summary>
    public Tensor Inputs
    {
        get
        {
            if (_inputs is null)
                using (TensorScope.Suspend()) _inputs = Convert(0, Count, null);
            return _inputs;
        }
    }

    /// <summary>All targets as one int64 (N) tensor, built on first use and kept.</summary>
    public Tensor Targets
    {
        get
        {
            if (_targets is null)
                using (TensorScope.Suspend()) _targets = Tensor.FromArray(_labels);
            return _targets;
        }
    }

    /// <inheritdoc/>
    public (Tensor Input, Tensor Target) Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return (Convert(index, 1, null).Squeeze(0), Tensor.FromSpan<long>([_labels[index]], []));
    }

    /// <inheritdoc/>
    public (Tensor Inputs, Tensor Targets) GetBatch(ReadOnlySpan<int> indices)
    {
        var targets = Tensor.Empty([indices.Length], DType.Int64);
        var t = targets.Buffer<long>();
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"{GetType().Name}.GetBatch: index {indices[i]} is out of range for {Count} examples.");
            t[i] = _labels[indices[i]];
        }
        return (Convert(0, indices.Length, indices.ToArray()), targets);
    }

    /// <summary>Converts <paramref name="count"/> images (those at <paramref name="indices"/>, or from <paramref name="start"/> on) to a tensor.</summary>
    private Tensor Convert(int start, int count, int[]? indices)
    {
        var result = Tensor.Empty([count, Channels, Height, Width], Raw ? DType.Int32 : DType.Float32);
        int size = _imageSize;
        if (Raw)
        {
            var dst = result.Buffer<int>();
            for (int i = 0; i < count; i++)
            {
                var src = _pixels.AsSpan((indices is null ? start + i : indices[i]) * size, size);
                for (int k = 0; k < size; k++) dst[i * size + k] = src[k];
            }
        }
        else
        {
            var dst = result.Buffer<float>();
            for (int i = 0; i < count; i++)
            {
                var src = _pixels.AsSpan((indices is null ? start + i : indices[i]) * size, size);
                var d = dst.AsSpan(i * size, size);
                for (int k = 0; k < size; k++) d[k] = src[k] / 255f;
            }
        }
        return result;
    }
}
