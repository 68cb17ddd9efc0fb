namespace Nabla.Data;

/// <summary>
/// SVHN, the Street View House Numbers cropped digits (Netzer et al., 2011; non-commercial use): 73,257 training,
/// 26,032 test and 531,131 extra colour 32×32 images, read from the <c>*_32x32.mat</c> files. MATLAB stores X as
/// (32, 32, 3, N) column-major; it is rearranged to inputs (N, 3, 32, 32). Label 10 (the digit 0) becomes 0, so
/// targets are int64 digits 0–9. Downloads are verified with torchvision's published MD5 sums.
/// </summary>
public sealed class Svhn : ImageDataset
{
    /// <summary>The dataset's directory name under <c>root</c>, <c>$NABLA_DATA</c> and the cache.</summary>
    public const string Name = "svhn";

    private const string Site = "http://ufldl.stanford.edu/housenumbers/";

    /// <summary>The file of each split with its official URL and MD5 sum.</summary>
    public static IReadOnlyDictionary<string, DataResource> Resources { get; } = new Dictionary<string, DataResource>
    {
        ["train"] = new("train_32x32.mat", [Site + "train_32x32.mat"], Checksum.Md5("e26dedcc434d2e4c54c9b2d4a06d8373")),
        ["test"] = new("test_32x32.mat", [Site + "test_32x32.mat"], Checksum.Md5("eb5a983be6a315427106f1b164d9cef3")),
        ["extra"] = new("extra_32x32.mat", [Site + "extra_32x32.mat"], Checksum.Md5("a93ce644f1a588dc4d68dda5feec44a7")),
    };

    /// <summary>Loads a split.</summary>
    /// <param name="split">"train", "test" or "extra".</param>
    /// <param name="root">A directory holding the <c>.mat</c> file, searched first.</param>
    /// <param name="raw">Int32 byte values instead of float32 in [0, 1].</param>
    /// <param name="source">Search and download settings (default <see cref="DatasetSource.Default"/>).</param>
    public Svhn(string split = "train", string? root = null, bool raw = false, DatasetSource? source = null)
        : this(Load(split, root, source ?? DatasetSource.Default), raw) { }

    private Svhn((byte[] Pixels, long[] Labels) data, bool raw) : base(data.Pixels, data.Labels, 3, 32, 32, raw) { }

    private static (byte[], long[]) Load(string split, string? root, DatasetSource source)
    {
        if (!Resources.TryGetValue(split, out var resource))
            throw new ArgumentException($"Svhn: unknown split '{split}'; expected train, test or extra.", nameof(split));
        return Read(source.Locate(Name, root, null, resource,
            "Pass root or set NABLA_DATA to a directory holding the SVHN *_32x32.mat files."), SplitSizes[split]);
    }

    /// <summary>Images in each published split: the most a file of that split can hold.</summary>
    internal static IReadOnlyDictionary<string, int> SplitSizes { get; } = new Dictionary<string, int>
    {
        ["train"] = 73_257,
        ["test"] = 26_032,
        ["extra"] = 531_131,
    };

    // X is 3,072 bytes per image and y a double per image; the slack covers any small extra variable.
    private const int BytesPerImage = 3 * 32 * 32 + sizeof(double);
    private const int Slack = 1 << 16;

    /// <summary>
    /// Reads an SVHN <c>.mat</c> file of at most <paramref name="maxImages"/> images into (N, 3, 32, 32) pixel bytes and
    /// labels 0–9; a file whose variables need more memory than that many images fails before they are allocated.
    /// </summary>
    internal static (byte[] Pixels, long[] Labels) Read(string path, int maxImages)
    {
        var vars = MatFile.Read(path, (long)maxImages * BytesPerImage + Slack);
        if (!vars.TryGetValue("X", out var x) || !vars.TryGetValue("y", out var y))
            throw new InvalidDataException($"{path}: an SVHN file needs variables X and y; found {string.Join(", ", vars.Keys)}.");
        if (x.Class != MatClass.UInt8 || x.Dims.Length != 4 || x.Dims[0] != 32 || x.Dims[1] != 32 || x.Dims[2] != 3)
            throw new InvalidDataException($"{path}: X must be uint8 of size [32, 32, 3, N]; found {x.Class} [{string.Join(", ", x.Dims)}].");
        int n = x.Dims[3];
        if (n > maxImages) throw new InvalidDataException($"{path}: X holds {n} images, more than the {maxImages} of this SVHN split.");
        if (y.Data.Length != n)
            throw new InvalidDataException($"{path}: size mismatch: y has {y.Data.Length} labels for {n} images.");
        var pixels = (byte[])x.Data;
        // Column-major X(row, col, channel, n) sits at row + 32·col + 1024·channel + 3072·n; (N, C, H, W) wants col
        // fastest. Each 32×32 plane is transposed in place, so X is held once.
        Span<byte> plane = stackalloc byte[1024];
        for (int p = 0; p < 3 * n; p++)
        {
            var d = pixels.AsSpan(p * 1024, 1024);
            d.CopyTo(plane);
            for (int row = 0; row < 32; row++)
                for (int col = 0; col < 32; col++) d[row * 32 + col] = plane[col * 32 + row];
        }
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            double v = y.GetDouble(i);
            if (v < 1 || v > 10 || v != Math.Floor(v)) throw new InvalidDataException($"{path}: label {v} of example {i} is outside SVHN's 1–10.");
            labels[i] = v == 10 ? 0 : (long)v;
        }
        return (pixels, labels);
    }
}
