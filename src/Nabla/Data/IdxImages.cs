namespace Nabla.Data;

/// <summary>
/// Loads an MNIST-style pair of IDX files (uint8 images (N, H, W), uint8 labels (N) in [0, classes)) and checks they
/// agree.
/// </summary>
internal static class IdxImages
{
    public static (byte[] Pixels, long[] Labels) Load(string imagesPath, string labelsPath, int height, int width, int classes)
    {
        var images = IdxReader.Read(imagesPath);
        if (images.Type != IdxType.UInt8 || images.Dims.Length != 3 || images.Dims[1] != height || images.Dims[2] != width)
            throw new InvalidDataException($"{imagesPath}: expected uint8 images of shape [N, {height}, {width}], found {images.Type} [{string.Join(", ", images.Dims)}].");
        var labels = IdxReader.Read(labelsPath);
        if (labels.Type != IdxType.UInt8 || labels.Dims.Length != 1)
            throw new InvalidDataException($"{labelsPath}: expected uint8 labels of shape [N], found {labels.Type} [{string.Join(", ", labels.Dims)}].");
        if (labels.Dims[0] != images.Dims[0])
            throw new InvalidDataException($"{labelsPath}: size mismatch: {labels.Dims[0]} labels for the {images.Dims[0]} images of {imagesPath}.");
        var bytes = labels.Bytes;
        var result = new long[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= classes) throw new InvalidDataException($"{labelsPath}: label {bytes[i]} of example {i} is outside 0–{classes - 1}.");
            result[i] = bytes[i];
        }
        return (images.Bytes, result);
    }

    public static (byte[] Pixels, long[] Labels) Locate(string name, bool train, string? root, string? systemDirectory,
        DatasetSource? source, IReadOnlyList<DataResource> resources, string hint)
    {
        var src = source ?? DatasetSource.Default;
        int first = train ? 0 : 2;
        string images = src.Locate(name, root, systemDirectory, resources[first], hint);
        string labels = src.Locate(name, root, systemDirectory, resources[first + 1], hint);
        return Load(images, labels, 28, 28, classes: 10);
    }
}
