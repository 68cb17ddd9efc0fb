namespace Nabla.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf, Zalando Research, MIT licence): 60,000 training and 10,000 test grey
/// 28×28 images of 10 clothing classes. Inputs (N, 1, 28, 28), targets int64 (N). Files are found as described on
/// <see cref="DatasetSource"/>; the Debian package <c>dataset-fashion-mnist</c> installs them in
/// <see cref="DebianDirectory"/>. Downloads are verified with the MD5 sums published in the Fashion-MNIST README (and
/// used by torchvision); Zalando publishes no SHA-256. The Debian files are recompressed, so their bytes (and hashes)
/// differ from the official archives; files found locally are validated by their IDX headers instead.
/// </summary>
public sealed class FashionMnist : ImageDataset
{
    /// <summary>The dataset's directory name under <c>root</c>, <c>$NABLA_DATA</c> and the cache.</summary>
    public const string Name = "fashion-mnist";

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the four gzip IDX files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    private const string GitHub = "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/";
    private const string S3 = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Training images, training labels, test images, test labels, with their official URLs and MD5 sums.</summary>
    public static IReadOnlyList<DataResource> Resources { get; } =
    [
        Resource("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        Resource("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        Resource("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        Resource("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    ];

    private static DataResource Resource(string file, string md5) => new(file, [GitHub + file, S3 + file], Checksum.Md5(md5));

    /// <summary>Loads the training (<paramref name="train"/>) or test split.</summary>
    /// <param name="train">True for the 60,000 training images, false for the 10,000 test images.</param>
    /// <param name="root">A directory holding the IDX files (gzip or not), searched first.</param>
    /// <param name="raw">Int32 byte values instead of float32 in [0, 1].</param>
    /// <param name="source">Search and download settings (default <see cref="DatasetSource.Default"/>).</param>
    public FashionMnist(bool train = true, string? root = null, bool raw = false, DatasetSource? source = null)
        : this(IdxImages.Locate(Name, train, root, DebianDirectory, source, Resources,
            "Pass root, set NABLA_DATA, or install the Debian package dataset-fashion-mnist."), raw) { }

    private FashionMnist((byte[] Pixels, long[] Labels) data, bool raw) : base(data.Pixels, data.Labels, 1, 28, 28, raw) { }
}
