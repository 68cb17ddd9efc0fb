using Nabla.Data;
using Xunit;
using static Nabla.Tests.Data.DataTestUtil;

namespace Nabla.Tests.Data;

public class ReaderTests
{
    [Fact]
    public void Idx_ReadsGzipImages()
    {
        var d = IdxReader.Read(Fixture("mnist", "train-images-idx3-ubyte.gz"));
        Assert.Equal(IdxType.UInt8, d.Type);
        Assert.Equal([3, 28, 28], d.Dims);
        for (int i = 0; i < 3; i++)
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++) Assert.Equal(MnistPixel(i, r, c), d.Bytes[(i * 28 + r) * 28 + c]);
    }

    [Fact]
    public void Idx_ReadsRawLabels()
    {
        var d = IdxReader.Read(Fixture("mnist", "t10k-labels-idx1-ubyte"));
        Assert.Equal([2], d.Dims);
        Assert.Equal([(byte)MnistLabel(3), (byte)MnistLabel(4)], d.Bytes);
        Assert.Equal([MnistLabel(3), MnistLabel(4)], d.ToTensor().ToArray<int>());
    }

    [Fact]
    public void Idx_ReadsEveryElementType()
    {
        int[] k = [0, 1, 2, 3, 4, 5];
        Check("int8", IdxType.Int8, k.Select(v => 2 * v - 3.0));
        Check("int16", IdxType.Int16, k.Select(v => 1000 * v - 3000.0));
        Check("int32", IdxType.Int32, k.Select(v => 100000 * v - 300000.0));
        Check("float32", IdxType.Float32, k.Select(v => 1.5 * v - 3));
        Check("float64", IdxType.Float64, k.Select(v => 0.25 * v - 3));

        static void Check(string name, IdxType type, IEnumerable<double> expected)
        {
            var d = IdxReader.Read(Fixture("idx", name + ".idx"));
            Assert.Equal(type, d.Type);
            Assert.Equal([2, 3], d.Dims);
            var t = d.ToTensor();
            Assert.Equal(type switch { IdxType.Float32 => DType.Float32, IdxType.Float64 => DType.Float64, _ => DType.Int32 }, t.DType);
            Assert.Equal([2, 3], t.Dims);
            Assert.Equal(expected.ToArray(), t.To(DType.Float64).ToArray<double>());
            if (type != IdxType.UInt8) Assert.Throws<InvalidOperationException>(() => d.Bytes);
        }
    }

    [Fact]
    public void Idx_BadMagicNamesFile()
    {
        var path = Path.Combine(TempDir(), "bad.idx");
        File.WriteAllBytes(path, [1, 0, 8, 1, 0, 0, 0, 1, 7]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Idx_UnsupportedType()
    {
        var path = Path.Combine(TempDir(), "type.idx");
        File.WriteAllBytes(path, [0, 0, 0x0A, 1, 0, 0, 0, 1, 7]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains("unsupported IDX element type 0x0A", e.Message);
    }

    [Fact]
    public void Idx_TruncatedAndOversizedPayloads()
    {
        var bytes = File.ReadAllBytes(Fixture("mnist", "t10k-images-idx3-ubyte"));
        var dir = TempDir();
        var truncated = Path.Combine(dir, "short");
        File.WriteAllBytes(truncated, bytes[..^10]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(truncated));
        Assert.Contains(truncated, e.Message);
        Assert.Contains("truncated", e.Message);

        var longer = Path.Combine(dir, "long");
        File.WriteAllBytes(longer, [.. bytes, 1, 2]);
        e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(longer));
        Assert.Contains("size mismatch", e.Message);
    }

    [Fact]
    public void Idx_CorruptGzip()
    {
        var bytes = File.ReadAllBytes(Fixture("mnist", "train-images-idx3-ubyte.gz"));
        for (int i = 20; i < bytes.Length - 20; i++) bytes[i] ^= 0x5A;
        var path = Path.Combine(TempDir(), "corrupt.gz");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Cifar_ReadsRecordsInChwOrder()
    {
        var dir = TempDir();
        Cifar10.Extract(Fixture("cifar", "cifar-10-binary.tar.gz"), dir);
        Assert.Equal(["batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"],
            Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order().ToArray());
        var (pixels, labels) = CifarBinary.Read(Path.Combine(dir, "test_batch.bin"));
        Assert.Equal([(byte)CifarLabel(0, 0), (byte)CifarLabel(0, 1)], labels);
        Assert.Equal(2 * 3072, pixels.Length);
        for (int i = 0; i < 2; i++)
            for (int ch = 0; ch < 3; ch++)
                for (int r = 0; r < 32; r++)
                    for (int c = 0; c < 32; c++) Assert.Equal(CifarPixel(0, i, ch, r, c), pixels[((i * 3 + ch) * 32 + r) * 32 + c]);
    }

    [Fact]
    public void Cifar_SizeMismatchAndBadLabel()
    {
        var dir = TempDir();
        var path = Path.Combine(dir, "short.bin");
        File.WriteAllBytes(path, new byte[3072]);
        var e = Assert.Throws<InvalidDataException>(() => CifarBinary.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("size mismatch", e.Message);
        var bad = new byte[3073];
        bad[0] = 12;
        File.WriteAllBytes(path, bad);
        e = Assert.Throws<InvalidDataException>(() => CifarBinary.Read(path));
        Assert.Contains("label 12", e.Message);
    }

    [Fact]
    public void Mat_ReadsClassesColumnMajor()
    {
        var vars = MatFile.Read(Fixture("mat", "types.mat"));
        var a = vars["a"];
        Assert.Equal(MatClass.Double, a.Class);
        Assert.Equal([2, 3], a.Dims);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], (double[])a.Data);
        var counts = vars["counts"];
        Assert.Equal(MatClass.Int16, counts.Class);
        Assert.Equal([1, 3], counts.Dims);
        Assert.Equal(new short[] { -7, 300, 12 }, (short[])counts.Data);
        var scale = vars["scale"];
        Assert.Equal(MatClass.Single, scale.Class);
        Assert.Equal(0.5, scale.GetDouble(0));
    }

    [Fact]
    public void Mat_ReadsCompressedAndPlainSvhn()
    {
        var test = MatFile.Read(Fixture("svhn", "test_32x32.mat"));
        Assert.Equal([32, 32, 3, 3], test["X"].Dims);
        Assert.Equal(MatClass.UInt8, test["X"].Class);
        var x = (byte[])test["X"].Data;
        // Column-major: X(row, col, ch, n) at row + 32 col + 1024 ch + 3072 n.
        Assert.Equal(SvhnPixel(2, 1, 5, 9), x[5 + 32 * 9 + 1024 * 1 + 3072 * 2]);
        Assert.Equal([10.0, 1, 9], (double[])test["y"].Data);
        var train = MatFile.Read(Fixture("svhn", "train_32x32.mat"));
        Assert.Equal(new byte[] { 3, 10 }, (byte[])train["y"].Data);
    }

    [Fact]
    public void Mat_UnsupportedClassNamesVariable()
    {
        var path = Fixture("mat", "unsupported.mat");
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'label' has unsupported class char", e.Message);
    }

    [Fact]
    public void Mat_BadHeaderTruncationAndCorruption()
    {
        var dir = TempDir();
        var notMat = Path.Combine(dir, "zeros.mat");
        File.WriteAllBytes(notMat, new byte[200]);
        Assert.Contains("bad magic", Assert.Throws<InvalidDataException>(() => MatFile.Read(notMat)).Message);

        var tiny = Path.Combine(dir, "tiny.mat");
        File.WriteAllBytes(tiny, new byte[50]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => MatFile.Read(tiny)).Message);

        var plain = File.ReadAllBytes(Fixture("svhn", "train_32x32.mat"));
        var cut = Path.Combine(dir, "cut.mat");
        File.WriteAllBytes(cut, plain[..4000]);
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(cut));
        Assert.Contains(cut, e.Message);
        Assert.Contains("truncated", e.Message);

        var packed = File.ReadAllBytes(Fixture("svhn", "test_32x32.mat"));
        for (int i = 160; i < packed.Length; i++) packed[i] ^= 0x33;
        var corrupt = Path.Combine(dir, "corrupt.mat");
        File.WriteAllBytes(corrupt, packed);
        Assert.Contains(corrupt, Assert.Throws<InvalidDataException>(() => MatFile.Read(corrupt)).Message);
    }
}
