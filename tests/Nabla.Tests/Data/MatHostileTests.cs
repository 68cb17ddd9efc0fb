using System.Buffers.Binary;
using System.IO.Compression;
using Nabla.Data;
using Xunit;
using static Nabla.Tests.Data.DataTestUtil;
using static Nabla.Tests.Data.HostileFileTests;

namespace Nabla.Tests.Data;

/// <summary>
/// Hostile and corrupt MAT-files (and SVHN files), built element by element at run time: bad values, elements running
/// past their matrix, lying dimensions and zlib bombs. Each fails with an <see cref="InvalidDataException"/> naming the
/// file and the defect, without allocating what the file declares.
/// </summary>
public class MatHostileTests
{
    private const int MiInt8 = 1, MiUInt8 = 2, MiInt32 = 5, MiUInt32 = 6, MiDouble = 9, MiMatrix = 14, MiCompressed = 15;
    private const byte UInt8Class = 9, DoubleClass = 6;

    private static byte[] Element(int type, byte[] data, long? declared = null)
    {
        // Compressed elements are not padded; every other element is, to 8 bytes.
        var bytes = new byte[8 + (type == MiCompressed ? data.Length : (data.Length + 7) & ~7)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, type);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(declared ?? data.Length));
        data.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] Ints(params int[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>The flags, dimensions and name sub-elements of a matrix (its data sub-element is appended by the caller).</summary>
    private static byte[] MatrixHead(string name, byte cls, params int[] dims) =>
        [.. Element(MiUInt32, [cls, 0, 0, 0, 0, 0, 0, 0]), .. Element(MiInt32, Ints(dims)), .. Element(MiInt8, System.Text.Encoding.ASCII.GetBytes(name))];

    private static byte[] Matrix(string name, byte cls, int[] dims, int dataType, byte[] data) =>
        Element(MiMatrix, [.. MatrixHead(name, cls, dims), .. Element(dataType, data)]);

    private static byte[] Compressed(byte[] element, int zeros = 0)
    {
        var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(element);
            var chunk = new byte[1 << 20];
            for (int left = zeros; left > 0; left -= chunk.Length) z.Write(chunk, 0, Math.Min(left, chunk.Length));
        }
        return Element(MiCompressed, packed.ToArray());
    }

    private static string WriteMat(params byte[][] elements)
    {
        var header = new byte[128];
        "MATLAB 5.0 MAT-file, crafted by Nabla's tests"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(124), 0x0100);
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        var path = Path.Combine(TempDir(), "hostile.mat");
        File.WriteAllBytes(path, [.. header, .. elements.SelectMany(e => e)]);
        return path;
    }

    private static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(300.0, "300")]
    [InlineData(2.5, "2.5")]
    [InlineData(-1.0, "-1")]
    public void UInt8VariableStoredAsAnUnrepresentableDoubleIsRejected(double value, string shown)
    {
        var path = WriteMat(Matrix("X", UInt8Class, [1, 2], MiDouble, Doubles(7, value)));
        Fails(path, () => MatFile.Read(path), 1 << 20, $"variable 'X' of class UInt8 stores {shown} at index 1");
    }

    [Fact]
    public void NarrowStorageThatFitsStillConverts()
    {
        var path = WriteMat(Matrix("X", UInt8Class, [1, 2], MiDouble, Doubles(7, 255)), Matrix("y", DoubleClass, [2, 1], MiUInt8, [3, 10]));
        var vars = MatFile.Read(path);
        Assert.Equal(new byte[] { 7, 255 }, (byte[])vars["X"].Data);
        Assert.Equal([3.0, 10.0], (double[])vars["y"].Data);
    }

    [Fact]
    public void DataElementRunningPastTheMatrixIsASizeMismatch()
    {
        // A small-format data tag (1 byte, held in the tag's second word) whose second word lies past the matrix's end.
        byte[] head = MatrixHead("X", UInt8Class, 1, 1);
        var smallTag = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(smallTag, (1u << 16) | MiUInt8);
        byte[] body = [.. head, .. smallTag];
        var path = WriteMat([.. Element(MiMatrix, body)]);
        Fails(path, () => MatFile.Read(path), 1 << 20, "size mismatch", "data of 'X' needs 1 bytes but its matrix element has 0 left");

        // A regular data tag declaring more bytes than the matrix holds.
        path = WriteMat(Element(MiMatrix, [.. head, .. Element(MiUInt8, [5], declared: 1000)]));
        Fails(path, () => MatFile.Read(path), 1 << 20, "size mismatch", "declares 1000 bytes but its matrix element has 8 left");
    }

    [Fact]
    public void NegativeAndWrappingDimensionsAreRejected()
    {
        var path = WriteMat(Matrix("X", UInt8Class, [-1, -1], MiUInt8, [5]));
        Fails(path, () => MatFile.Read(path), 1 << 20, "variable 'X' of dims [-1, -1] has a negative dimension");
        // 65536^4 wraps to 0 in 64 bits: it must not pass for an empty array.
        path = WriteMat(Matrix("X", UInt8Class, [65536, 65536, 65536, 65536], MiUInt8, []));
        Fails(path, () => MatFile.Read(path), 1 << 20, "dims [65536, 65536, 65536, 65536]", "more values than an array can hold");
    }

    [Fact]
    public void DuplicateVariableIsRejected()
    {
        var x = Matrix("X", UInt8Class, [1, 1], MiUInt8, [5]);
        var path = WriteMat(x, x);
        Fails(path, () => MatFile.Read(path), 1 << 20, "variable 'X' appears twice");
    }

    [Fact]
    public void CompressedElementDeclaringMoreThanItCanInflateToFailsBeforeAllocating()
    {
        // A 2 GB uint8 matrix declared by a compressed element of a few kilobytes: no zlib stream inflates that far.
        const int Rows = 40_000, Cols = 50_000;
        byte[] head = MatrixHead("X", UInt8Class, Rows, Cols);
        var dataTag = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(dataTag, MiUInt8);
        BinaryPrimitives.WriteUInt32LittleEndian(dataTag.AsSpan(4), (uint)Rows * Cols);
        var matrixTag = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(matrixTag, MiMatrix);
        BinaryPrimitives.WriteUInt32LittleEndian(matrixTag.AsSpan(4), (uint)(head.Length + 8 + Rows * Cols));
        var path = WriteMat(Compressed([.. matrixTag, .. head, .. dataTag], zeros: 1 << 20));
        Fails(path, () => MatFile.Read(path), 4 << 20, "declares a 2000000", "more than it can inflate to");
    }

    [Fact]
    public void CompressedElementInflatingPastItsTagIsABomb()
    {
        // A 16-byte matrix, then 64 MB more zeros in the same zlib stream: reading stops at the tag's size.
        var path = WriteMat(Compressed(Matrix("X", UInt8Class, [4, 4], MiUInt8, new byte[16]), zeros: 64 << 20));
        Assert.True(new FileInfo(path).Length < 100_000);
        Fails(path, () => MatFile.Read(path), 1 << 20, "inflates to more than the", "bytes its matrix tag declares");
    }

    [Fact]
    public void VariablesAreCheckedAgainstTheCallersLimitBeforeAllocating()
    {
        var one = Compressed(Matrix("a", UInt8Class, [1024, 1024], MiUInt8, new byte[1 << 20]));
        var two = Compressed(Matrix("b", UInt8Class, [1024, 1024], MiUInt8, new byte[1 << 20]));
        var path = WriteMat(one, two);
        Assert.Equal(2, MatFile.Read(path).Count);
        Fails(path, () => MatFile.Read(path, maxBytes: 1_500_000), 3 << 20, "variable 'b' of dims [1024, 1024] needs 1048576 bytes",
            "more than the 451424 left of the 1500000-byte limit");
    }

    [Fact]
    public void DecompressedVariableIsHeldOnce()
    {
        const int N = 8192;
        var path = WriteMat(Compressed(Matrix("X", UInt8Class, [N, N], MiUInt8, new byte[N * N])));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var x = MatFile.Read(path)["X"];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(N * N, x.Data.Length);
        // The old reader held the inflated element and then a converted copy: twice the 64 MB.
        Assert.True(allocated < N * N + (4 << 20), $"allocated {allocated} bytes for a {N * N}-byte variable");
    }

    [Fact]
    public void SvhnBombIsCappedByWhatTheSplitCanNeed()
    {
        // 30,000 all-black images (92 MB of zeros, a 90 KB file) in a test split that has 26,032.
        const int N = 30_000;
        var x = Matrix("X", UInt8Class, [32, 32, 3, N], MiUInt8, new byte[3072 * N]);
        var y = Matrix("y", DoubleClass, [N, 1], MiUInt8, Enumerable.Repeat((byte)1, N).ToArray());
        var path = WriteMat(Compressed(x), Compressed(y));
        Assert.True(new FileInfo(path).Length < 1_000_000);
        Fails(path, () => Svhn.Read(path, Svhn.SplitSizes["test"]), 4 << 20, "variable 'X' of dims [32, 32, 3, 30000] needs 92160000 bytes", "limit");
        var (pixels, labels) = Svhn.Read(path, Svhn.SplitSizes["train"]);
        Assert.Equal(N, labels.Length);
        Assert.Equal(3072L * N, pixels.Length);
    }
}
