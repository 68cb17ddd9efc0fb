using Nabla.Data;
using Xunit;

namespace Nabla.Tests.Data;

/// <summary>
/// Reads the real Fashion-MNIST from the Debian package location. CI installs the package (.ci/run), so a missing
/// file is a failure, not a skip. Expected values read with /usr/bin/python3 + gzip from the package's files.
/// </summary>
public class FashionMnistRealDataTests
{
    private static void RequirePackage()
    {
        foreach (var r in FashionMnist.Resources)
            Assert.True(File.Exists(Path.Combine(FashionMnist.DebianDirectory, r.FileName)),
                $"{Path.Combine(FashionMnist.DebianDirectory, r.FileName)} is missing: install the Debian package with " +
                "`apt-get install -y dataset-fashion-mnist` (.ci/run does this).");
    }

    [Fact]
    public void TrainSplit()
    {
        RequirePackage();
        var ds = new FashionMnist(train: true, raw: true, source: new DatasetSource { Download = false });
        Assert.Equal(60000, ds.Count);
        var (x, y) = ds.Get(0);
        Assert.Equal([1, 28, 28], x.Dims);
        Assert.Equal(9, y.Item<long>());
        var pixels = x.ToArray<int>();
        Assert.Equal(76247, pixels.Sum());
        Assert.Equal([0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215, 218, 255, 77, 0],
            pixels[(14 * 28)..(15 * 28)]);
        var labels = ds.Labels.ToArray();
        Assert.Equal([9L, 0, 0, 3, 0, 2, 7, 2, 5, 5], labels[..10]);
        Assert.Equal(Enumerable.Repeat(6000, 10), labels.GroupBy(l => l).OrderBy(gr => gr.Key).Select(gr => gr.Count()));
    }

    [Fact]
    public void TestSplit()
    {
        RequirePackage();
        var ds = new FashionMnist(train: false, source: new DatasetSource { Download = false });
        Assert.Equal(10000, ds.Count);
        Assert.Equal([10000, 1, 28, 28], ds.Inputs.Dims);
        Assert.Equal([10000], ds.Targets.Dims);
        Assert.Equal(DType.Int64, ds.Targets.DType);
        Assert.Equal([9L, 2, 1, 1, 6, 1, 4, 6, 5, 7], ds.Targets.ToArray<long>()[..10]);
        Assert.Equal(0, ds.Targets.Min().Item<long>());
        Assert.Equal(9, ds.Targets.Max().Item<long>());
        var first = ds.Inputs.ToArray<float>();
        Assert.Equal(98 / 255f, first[14 * 28 + 12]);
        Assert.Equal(33456 / 255.0, first[..784].Sum(v => (double)v), 1e-3);
        Assert.Equal(0f, ds.Inputs.Min().Item<float>());
        Assert.Equal(1f, ds.Inputs.Max().Item<float>());
    }
}
