using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using Nabla.Data;
using Xunit;
using static Nabla.Tests.Data.DataTestUtil;

namespace Nabla.Tests.Data;

/// <summary>
/// Hostile and corrupt IDX, CIFAR and MNIST files, crafted at run time: each fails with an
/// <see cref="InvalidDataException"/> naming the file and the defect, and never allocates what a lying header declares.
/// </summary>
public class HostileFileTests
{
    private static string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(TempDir(), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] IdxHeader(byte type, params int[] dims)
    {
        var bytes = new byte[4 + 4 * dims.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        return bytes;
    }

    internal static InvalidDataException Fails(string path, Action read, long maxAllocated, params string[] problems)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(path, e.Message);
        foreach (var p in problems) Assert.Contains(p, e.Message);
        Assert.True(allocated < maxAllocated, $"allocated {allocated} bytes before failing: {e.Message}");
        return e;
    }

    [Fact]
    public void Idx_DimsWhoseProductWrapsToZeroAreRejected()
    {
        // [65536] × 4 is 2^64 values: the product used to wrap to 0 and the file "loaded" with no items.
        var path = WriteFile("wrap.idx", IdxHeader(0x08, 65536, 65536, 65536, 65536));
        Fails(path, () => IdxReader.Read(path), 1 << 20, "dims [65536, 65536, 65536, 65536]", "more UInt8 values than an array can hold");
    }

    [Fact]
    public void Idx_Int32DimsOverflowingTheByteCountNameTheFile()
    {
        // int32 [2^31 − 1]²: the byte count used to overflow into a bare OverflowException.
        var path = WriteFile("huge.idx", IdxHeader(0x0C, int.MaxValue, int.MaxValue));
        Fails(path, () => IdxReader.Read(path), 1 << 20, "dims [2147483647, 2147483647]", "more Int32 values than an array can hold");
    }

    [Fact]
    public void Idx_ZeroDimensionMakesAnEmptyFileWhateverTheOthers()
    {
        var d = IdxReader.Read(WriteFile("empty.idx", IdxHeader(0x08, 0, int.MaxValue, int.MaxValue)));
        Assert.Equal(0, d.Count);
    }

    [Fact]
    public void Idx_LengthIsCheckedAgainstTheFileBeforeAllocating()
    {
        // 60,000 × 28 × 28 declared, 10 bytes present: plain files fail before the 47 MB buffer exists...
        byte[] bytes = [.. IdxHeader(0x08, 60000, 28, 28), .. new byte[10]];
        var plain = WriteFile("short-images", bytes);
        Fails(plain, () => IdxReader.Read(plain), 1 << 20, "truncated", "47040000 bytes", "only 10 remain");
        // ...and gzip files grow their buffer only as data arrives.
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) z.Write(bytes);
        var packed = WriteFile("short-images.gz", gz.ToArray());
        Fails(packed, () => IdxReader.Read(packed), 4 << 20, "truncated", "only 10 remain");
    }

    [Fact]
    public void Mnist_LabelOutsideTheClassesIsRejected()
    {
        var dir = TempDir();
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte"), [.. IdxHeader(0x08, 3, 28, 28), .. new byte[3 * 784]]);
        var labels = Path.Combine(dir, "train-labels-idx1-ubyte");
        File.WriteAllBytes(labels, [.. IdxHeader(0x08, 3), 7, 200, 1]);
        Fails(labels, () => new Mnist(root: dir, source: Offline()), 1 << 20, "label 200 of example 1", "outside 0–9");
        Fails(labels, () => new FashionMnist(root: dir, source: Offline()), 1 << 20, "label 200 of example 1");
    }

    [Fact]
    public void Cifar_OversizedBatchFailsBeforeItIsRead()
    {
        var path = Path.Combine(TempDir(), "data_batch_1.bin");
        using (var f = File.Create(path)) f.SetLength((CifarBinary.RecordsPerBatch + 1L) * CifarBinary.RecordSize);
        Fails(path, () => CifarBinary.Read(path), 1 << 20, "more than a CIFAR-10 batch of 10000 records");
    }

    [Fact]
    public void Cifar_ArchiveMemberTooLargeForABatchIsRejected()
    {
        var archive = Path.Combine(TempDir(), "cifar-10-binary.tar.gz");
        using (var file = File.Create(archive))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Gnu))
        {
            var entry = new GnuTarEntry(TarEntryType.RegularFile, "cifar-10-batches-bin/data_batch_1.bin")
            {
                DataStream = new MemoryStream(new byte[CifarBinary.RecordsPerBatch * CifarBinary.RecordSize + 1]),
            };
            tar.WriteEntry(entry);
        }
        var dir = Path.Combine(TempDir(), "out");
        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Extract(archive, dir));
        Assert.Contains(archive, e.Message);
        Assert.Contains("data_batch_1.bin declares 30730001 bytes", e.Message);
        Assert.Empty(Directory.GetFiles(dir));
    }
}
