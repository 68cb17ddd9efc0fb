using System.Buffers.Binary;
using System.Text;
using Nabla.IO;
using Xunit;

namespace Nabla.Tests.IO;

/// <summary>
/// Hostile and corrupt safetensors files, crafted at run time: every one fails with an <see cref="InvalidDataException"/>
/// that names the file and the defect, validated as the format's reference implementation (the Rust crate) does.
/// </summary>
public sealed class SafetensorsHostileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-st-hostile").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(byte[] header, int dataBytes, string name = "bad.safetensors")
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string header, int dataBytes) => Write(Encoding.UTF8.GetBytes(header), dataBytes);

    private static void AssertCorrupt(string path, params string[] problems)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, ex.Message);
        foreach (var p in problems) Assert.Contains(p, ex.Message);
    }

    [Fact]
    public void InvalidUtf8HeaderIsCorruptNotInvalidOperation()
    {
        // {"a\xFF":{...}}: the tensor name holds a byte that is not UTF-8.
        var header = Encoding.UTF8.GetBytes("{\"a?\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        header[3] = 0xFF;
        AssertCorrupt(Write(header, 4), "not valid UTF-8", "offset 3");
    }

    [Fact]
    public void DuplicateKeyIsAnErrorNamingTheKey()
    {
        AssertCorrupt(Write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
            "names 'a' twice");
        AssertCorrupt(Write("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0), "__metadata__ names 'k' twice");
        AssertCorrupt(Write("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "'a' gives dtype twice");
    }

    [Theory]
    [InlineData("[0,4e30]", "[0, 4e30]")]
    [InlineData("[0,-4]", "[0, -4]")]
    [InlineData("[0,1.5]", "[0, 1.5]")]
    [InlineData("[0,\"4\"]", "[0, \"4\"]")]
    [InlineData("[0]", "[0]")]
    [InlineData("[4,0]", "[4, 0]")]
    public void InvalidDataOffsetsAreReportedAsWritten(string offsets, string reported)
    {
        AssertCorrupt(Write($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{offsets}}}}}", 4), $"invalid data_offsets {reported}");
    }

    [Theory]
    [InlineData("[-1]", "shape entry -1")]
    [InlineData("[3000000000]", "shape entry 3000000000")]
    [InlineData("[65536,65536]", "more than 2147483647 elements")]
    public void InvalidShapesAreReported(string shape, string problem)
    {
        AssertCorrupt(Write($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":[0,4]}}}}", 4), "'a'", problem);
    }

    [Fact]
    public void OffsetsMustTileTheBuffer()
    {
        // Overlap, hole, and coverage short of the file's end, each as the reference crate rejects them.
        AssertCorrupt(Write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 6), "'b' starts at byte 2, expected 4");
        AssertCorrupt(Write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12), "'b' starts at byte 8, expected 4");
        AssertCorrupt(Write("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12), "cover 4 data bytes but the file has 12");
    }

    [Fact]
    public void TrailingJsonAndNonObjectHeadersAreCorrupt()
    {
        AssertCorrupt(Write("{} {}", 0), "not valid JSON");
        AssertCorrupt(Write("[1,2]", 0), "not a JSON object");
        AssertCorrupt(Write("{\"a\":[1]}", 0), "'a' needs dtype, shape and data_offsets");
    }

    [Fact]
    public void HeaderOverTheReferenceLimitFailsBeforeItIsRead()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 100_000_001);
        string path = Path.Combine(_dir, "huge-header.safetensors");
        File.WriteAllBytes(path, bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertCorrupt(path, "header length 100000001 exceeds the format's limit of 100000000 bytes");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void HundredMegabyteHeaderOfEmptyTensorsLoadsInBoundedMemory()
    {
        // The probe's file: a header just under the reference limit listing ~1.68M empty tensors.
        var sb = new StringBuilder(100_000_000);
        sb.Append('{');
        int count = 0;
        while (sb.Length < 99_999_900)
        {
            if (count > 0) sb.Append(',');
            sb.Append("\"t").Append(count++).Append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        sb.Append('}');
        var header = Encoding.ASCII.GetBytes(sb.ToString());
        sb.Clear();
        Assert.True(header.Length <= 100_000_000 && count > 1_600_000);
        string path = Write(header, 0, "many.safetensors");
        header = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = Safetensors.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(count, loaded.Count);
        Assert.Equal([0], loaded["t1234"].Dims);
        Assert.Equal(DType.Float32, loaded["t1234"].DType);
        // Before: 1.85 GB (and 15 s). Now the header itself plus about 300 bytes per tensor (name, shape and handle).
        Assert.True(allocated < 800_000_000L, $"loading allocated {allocated} bytes");
    }
}
