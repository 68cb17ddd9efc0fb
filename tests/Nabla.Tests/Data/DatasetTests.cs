using System.Net;
using Nabla.Data;
using Xunit;
using static Nabla.Tests.Data.DataTestUtil;

namespace Nabla.Tests.Data;

public class DatasetTests
{
    [Fact]
    public void Mnist_FromRootScalesToUnitRange()
    {
        var ds = new Mnist(train: true, root: Fixture("mnist"), source: Offline());
        Assert.Equal(3, ds.Count);
        Assert.Equal([3, 1, 28, 28], ds.Inputs.Dims);
        Assert.Equal(DType.Float32, ds.Inputs.DType);
        Assert.Equal([1L, 4, 7], ds.Targets.ToArray<long>());
        var x = ds.Inputs.ToArray<float>();
        Assert.Equal(MnistPixel(2, 5, 11) / 255f, x[(2 * 28 + 5) * 28 + 11]);
        var (input, target) = ds.Get(1);
        Assert.Equal([1, 28, 28], input.Dims);
        Assert.Equal(0, target.Rank);
        Assert.Equal(MnistLabel(1), target.Item<long>());
        Assert.Equal(MnistPixel(1, 27, 3) / 255f, input.ToArray<float>()[27 * 28 + 3]);
    }

    [Fact]
    public void Mnist_RawTestSplitAndBatchOrder()
    {
        var ds = new Mnist(train: false, root: Fixture("mnist"), raw: true, source: Offline());
        Assert.Equal(2, ds.Count);
        var (x, y) = ds.GetBatch([1, 0, 1]);
        Assert.Equal([3, 1, 28, 28], x.Dims);
        Assert.Equal(DType.Int32, x.DType);
        Assert.Equal([(long)MnistLabel(4), MnistLabel(3), MnistLabel(4)], y.ToArray<long>());
        var v = x.ToArray<int>();
        Assert.Equal(MnistPixel(4, 10, 20), v[10 * 28 + 20]);
        Assert.Equal(MnistPixel(3, 10, 20), v[784 + 10 * 28 + 20]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.GetBatch([2]));
    }

    [Fact]
    public void Missing_FilesListSearchedPathsAndHowToProvideThem()
    {
        var root = TempDir();
        var source = Offline();
        var e = Assert.Throws<FileNotFoundException>(() => new Mnist(train: false, root: root, source: source));
        Assert.Contains(Path.Combine(root, "t10k-images-idx3-ubyte.gz"), e.Message);
        Assert.Contains(Path.Combine(root, "mnist", "t10k-images-idx3-ubyte.gz"), e.Message);
        Assert.Contains(Path.Combine(source.CacheDirectory("mnist"), "t10k-images-idx3-ubyte.gz"), e.Message);
        Assert.Contains("downloading is off", e.Message);
        Assert.Contains("NABLA_DATA", e.Message);
        Assert.Contains(FashionMnist.DebianDirectory, string.Join(", ", source.SearchDirectories(FashionMnist.Name, null, FashionMnist.DebianDirectory)));
    }

    [Fact]
    public void Download_ChecksumMismatchIsReportedAndLeavesNoFile()
    {
        var root = TempDir();
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) });
        var source = new DatasetSource { CacheRoot = TempDir(), Handler = handler };
        var e = Assert.Throws<FileNotFoundException>(() => new Mnist(train: false, root: root, source: source));
        Assert.Contains("Md5 mismatch", e.Message);
        Assert.Contains("9fb629c4189551a2d022fa330f9573f3", e.Message);
        Assert.Contains("https://ossci-datasets.s3.amazonaws.com/mnist/t10k-images-idx3-ubyte.gz", handler.Requests);
        Assert.Empty(Directory.GetFiles(root));
    }

    [Fact]
    public void Fetch_VerifiesAndMovesIntoPlace()
    {
        var file = Fixture("mnist", "train-labels-idx1-ubyte.gz");
        var bytes = File.ReadAllBytes(file);
        var sha = Checksum.Sha256(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)));
        var dir = TempDir();

        var local = Path.Combine(dir, "a", "labels.gz");
        new DatasetSource().Fetch([new Uri(file).AbsoluteUri], local, sha);
        Assert.Equal(bytes, File.ReadAllBytes(local));

        var calls = 0;
        var handler = new StubHandler(_ => ++calls == 1
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) });
        var remote = Path.Combine(dir, "labels.gz");
        new DatasetSource { Handler = handler }.Fetch(["https://mirror-one.invalid/x", "https://mirror-two.invalid/x"], remote,
            Checksum.Md5(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(bytes))));
        Assert.Equal(bytes, File.ReadAllBytes(remote));
        Assert.Equal(2, calls);
        Assert.Equal(2, Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length);

        var e = Assert.Throws<IOException>(() => new DatasetSource { Handler = handler }.Fetch(["https://m.invalid/y"], Path.Combine(dir, "bad"), Checksum.Sha256("00")));
        Assert.Contains("Sha256 mismatch", e.Message);
        Assert.False(File.Exists(Path.Combine(dir, "bad")));
    }

    [Fact]
    public void Cifar10_ExtractsArchiveFromRoot()
    {
        var root = TempDir();
        File.Copy(Fixture("cifar", "cifar-10-binary.tar.gz"), Path.Combine(root, "cifar-10-binary.tar.gz"));
        var train = new Cifar10(train: true, root: root, source: Offline());
        Assert.True(File.Exists(Path.Combine(root, "cifar-10-batches-bin", "data_batch_3.bin")));
        Assert.Equal(5, train.Count);
        Assert.Equal([5, 3, 32, 32], train.Inputs.Dims);
        Assert.Equal(Enumerable.Range(1, 5).Select(b => (long)CifarLabel(b, 0)).ToArray(), train.Targets.ToArray<long>());
        var x = train.Inputs.ToArray<float>();
        Assert.Equal(CifarPixel(4, 0, 2, 17, 30) / 255f, x[((3 * 3 + 2) * 32 + 17) * 32 + 30]);

        var test = new Cifar10(train: false, root: root, raw: true, source: Offline());
        Assert.Equal(2, test.Count);
        Assert.Equal(CifarPixel(0, 1, 1, 0, 5), test.Get(1).Input.ToArray<int>()[1024 + 5]);
    }

    [Fact]
    public void Svhn_RearrangesColumnMajorAndMapsTenToZero()
    {
        var test = new Svhn("test", root: Fixture("svhn"), source: Offline());
        Assert.Equal(3, test.Count);
        Assert.Equal([3, 3, 32, 32], test.Inputs.Dims);
        Assert.Equal([0L, 1, 9], test.Targets.ToArray<long>());
        var x = test.Inputs.ToArray<float>();
        for (int n = 0; n < 3; n++)
            for (int ch = 0; ch < 3; ch++)
                for (int row = 0; row < 32; row += 5)
                    for (int col = 0; col < 32; col += 3)
                        Assert.Equal(SvhnPixel(n, ch, row, col) / 255f, x[((n * 3 + ch) * 32 + row) * 32 + col]);

        var train = new Svhn("train", root: Fixture("svhn"), raw: true, source: Offline());
        Assert.Equal([3L, 0], train.Targets.ToArray<long>());
        Assert.Equal(SvhnPixel(1, 2, 31, 4), train.Inputs.ToArray<int>()[((1 * 3 + 2) * 32 + 31) * 32 + 4]);
        Assert.Contains("unknown split 'valid'", Assert.Throws<ArgumentException>(() => new Svhn("valid")).Message);
    }

    [Fact]
    public void Digits_LoadsEmbeddedData()
    {
        var ds = Digits.Load();
        Assert.Equal(1797, ds.Count);
        Assert.Equal([1797, 1, 8, 8], ds.Inputs.Dims);
        var x = ds.Inputs.ToArray<float>();
        // First row of digits.csv.gz: 0,0,5,13,9,1,0,0,... label 0.
        Assert.Equal([0f, 0, 5 / 16f, 13 / 16f, 9 / 16f, 1 / 16f, 0, 0], x[..8]);
        Assert.Equal(1f, x.Max());
        Assert.Equal(0f, x.Min());
        var y = ds.Targets.ToArray<long>();
        Assert.Equal(0, y[0]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), y.Distinct().Order());
    }

    [Fact]
    public void Digits_TrainTestSplitIsSeededAndPartitions()
    {
        var (train, test) = Digits.TrainTestSplit(0.25, seed: 3);
        Assert.Equal(1348, train.Count);
        Assert.Equal(449, test.Count);
        var (train2, test2) = Digits.TrainTestSplit(0.25, seed: 3);
        Assert.Equal(test.Inputs.ToArray<float>(), test2.Inputs.ToArray<float>());
        Assert.Equal(train.Targets.ToArray<long>(), train2.Targets.ToArray<long>());
        var (_, other) = Digits.TrainTestSplit(0.25, seed: 4);
        Assert.NotEqual(test.Targets.ToArray<long>(), other.Targets.ToArray<long>());
        var all = Digits.Load().Inputs.Sum().Item();
        Assert.Equal(all, train.Inputs.Sum().Item() + test.Inputs.Sum().Item(), 1e-2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Digits.TrainTestSplit(1.0));
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.AbsoluteUri);
            return Task.FromResult(respond(request));
        }
    }
}
