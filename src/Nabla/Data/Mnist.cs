namespace Nabla.Data;

/// <summary>
/// MNIST handwritten digits (LeCun, Cortes &amp; Burges): 60,000 training and 10,000 test grey 28×28 images, labels
/// 0–9. Inputs (N, 1, 28, 28), targets int64 (N). Files are found as described on <see cref="DatasetSource"/> and
/// downloaded from the ossci-datasets mirror PyTorch uses, verified with torchvision's published MD5 sums (no
/// SHA-256 is published).
/// </summary>
public sealed class Mnist : ImageDataset
{
    /// <summary>The dataset's directory name under <c>root</c>, <c>$NABLA_DATA</c> and the cache.</summary>
    public const string Name = "mnist";

    private const string Mirror = "https://ossci-datasets.s3.amazonaws.com/mnist/";

    /// <summary>Training images, training labels, test images, test labels, with their URLs and MD5 sums.</summary>
    public static IReadOnlyList<DataResource> Resources { get; } =
    [
        Resource("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        Resource("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        Resource("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        Resource("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    ];

    private static DataResource Resource(string file, string md5) => new(file, [Mirror + file], Checksum.Md5(md5));

    /// <summary>Loads the training (<paramref name="train"/>) or test split.</summary>
    /// <param name="train">True for the 60,000 training images, false for the 10,000 test images.</param>
    /// <param name="root">A directory holding the IDX files (gzip or not), searched first.</param>
    /// <param name="raw">Int32 byte values instead of float32 in [0, 1].</param>
    /// <param name="source">Search and download settings (default <see cref="DatasetSource.Default"/>).</param>
    public Mnist(bool train = true, string? root = null, bool raw = false, DatasetSource? source = null)
        : this(IdxImages.Locate(Name, train, root, null, source, Resources,
            "Pass root or set NABLA_DATA to a directory holding the four MNIST IDX files."), raw) { }

    private Mnist((byte[] Pixels, long[] Labels) data, bool raw) : base(data.Pixels, data.Labels, 1, 28, 28, raw) { }
}
