using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Nabla.Autograd;

namespace Nabla.IO;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face; readable by <c>safetensors.torch.load_file</c>): an 8-byte
/// little-endian header length, a JSON header mapping each name to its dtype (<c>F32</c>, <c>F64</c>, <c>I64</c>,
/// <c>I32</c>, <c>BOOL</c>), shape and <c>data_offsets</c>, an optional <c>__metadata__</c> string map, then the raw
/// little-endian data with no holes. Writes are atomic: a crash never leaves a half-written file under the target name.
/// </summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>
    /// Saves <paramref name="tensors"/> to <paramref name="path"/> (names sorted ordinally, data in that order, header padded
    /// with spaces to a multiple of 8 bytes), with optional string <paramref name="metadata"/>.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Safetensors: big-endian machines are not supported.");
        var names = tensors.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
            if (name == MetadataKey) throw new ArgumentException($"Safetensors.Save: '{MetadataKey}' is reserved and cannot name a tensor.");
        var header = BuildHeader(names, tensors, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var name in names) WriteData(stream, tensors[name]);
        });
    }

    private static byte[] BuildHeader(string[] names, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                var t = tensors[name];
                long bytes = (long)t.NumElements * ElementSize(t.DType);
                json.WriteStartObject(name);
                json.WriteString("dtype", DTypeCode(t.DType));
                json.WriteStartArray("shape");
                foreach (int d in t.Dims) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        while (buffer.Length < padded) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteData(Stream stream, Tensor t)
    {
        using var _ = GradMode.NoGrad();
        var dense = t.IsContiguous ? t : t.DenseCopy();
        try
        {
            switch (t.DType)
            {
                case DType.Float32: stream.Write(MemoryMarshal.AsBytes(dense.Span<float>())); break;
                case DType.Float64: stream.Write(MemoryMarshal.AsBytes(dense.Span<double>())); break;
                case DType.Int64: stream.Write(MemoryMarshal.AsBytes(dense.Span<long>())); break;
                case DType.Int32: stream.Write(MemoryMarshal.AsBytes(dense.Span<int>())); break;
                default: stream.Write(MemoryMarshal.AsBytes(dense.Span<bool>())); break;
            }
        }
        finally
        {
            if (!ReferenceEquals(dense, t)) dense.Dispose();
        }
    }

    /// <summary>Loads every tensor of <paramref name="path"/> in header order; corrupt files raise <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static OrderedDictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>As <see cref="Load(string)"/>, also returning the <c>__metadata__</c> map (empty when absent).</summary>
    public static OrderedDictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long fileLength = stream.Length;
        if (fileLength < 8) throw Corrupt(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
            throw Corrupt(path, $"the header length {headerLength} exceeds the {fileLength - 8} bytes after it");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;
        var entries = ParseHeader(path, header, dataLength, out metadata);
        var result = new OrderedDictionary<string, Tensor>();
        foreach (var e in entries)
        {
            using (TensorScope.Suspend())
            {
                var t = Tensor.Empty(e.Shape, e.DType);
                stream.Position = dataStart + e.Begin;
                stream.ReadExactly(Bytes(t));
                result[e.Name] = t;
            }
        }
        return result;
    }

    private static Span<byte> Bytes(Tensor t) => t.DType switch
    {
        DType.Float32 => MemoryMarshal.AsBytes(t.Span<float>()),
        DType.Float64 => MemoryMarshal.AsBytes(t.Span<double>()),
        DType.Int64 => MemoryMarshal.AsBytes(t.Span<long>()),
        DType.Int32 => MemoryMarshal.AsBytes(t.Span<int>()),
        _ => MemoryMarshal.AsBytes(t.Span<bool>()),
    };

    private readonly record struct Entry(string Name, DType DType, int[] Shape, long Begin, long End);

    private static List<Entry> ParseHeader(string path, byte[] header, long dataLength, out Dictionary<string, string> metadata)
    {
        metadata = [];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException ex)
        {
            throw Corrupt(path, "the header is not valid JSON: " + ex.Message);
        }
        var entries = new List<Entry>();
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Corrupt(path, "the header is not a JSON object");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == MetadataKey)
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw Corrupt(path, "__metadata__ is not an object");
                    foreach (var m in prop.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()!
                            : throw Corrupt(path, $"__metadata__ value '{m.Name}' is not a string");
                    continue;
                }
                entries.Add(ParseEntry(path, prop));
            }
        }
        var byOffset = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expected = 0;
        foreach (var e in byOffset)
        {
            if (e.Begin != expected) throw Corrupt(path, $"tensor '{e.Name}' starts at byte {e.Begin}, expected {expected} (the data must have no holes or overlaps)");
            expected = e.End;
        }
        if (expected != dataLength) throw Corrupt(path, $"the tensors cover {expected} data bytes but the file has {dataLength} (truncated or trailing bytes)");
        return entries;
    }

    private static Entry ParseEntry(string path, JsonProperty prop)
    {
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object
            || !v.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array
            || !v.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
            throw Corrupt(path, $"tensor '{prop.Name}' needs dtype, shape and data_offsets [begin, end]");
        var dtype = ParseDType(dtypeEl.GetString()!) ?? throw Corrupt(path, $"tensor '{prop.Name}' has unsupported dtype '{dtypeEl.GetString()}'");
        var shape = new int[shapeEl.GetArrayLength()];
        int i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int n) || n < 0) throw Corrupt(path, $"tensor '{prop.Name}' has an invalid shape");
            shape[i++] = n;
        }
        if (!Shape.TryNumel(shape, out long numel)) throw Corrupt(path, $"tensor '{prop.Name}' has too many elements");
        var offsets = offEl.EnumerateArray().Select(o => o.ValueKind == JsonValueKind.Number && o.TryGetInt64(out long x) ? x : -1).ToArray();
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin) throw Corrupt(path, $"tensor '{prop.Name}' has invalid data_offsets [{begin}, {end}]");
        if (end - begin != numel * ElementSize(dtype))
            throw Corrupt(path, $"tensor '{prop.Name}' of dtype {DTypeCode(dtype)} and shape [{string.Join(", ", shape)}] needs {numel * ElementSize(dtype)} bytes but data_offsets span {end - begin}");
        return new Entry(prop.Name, dtype, shape, begin, end);
    }

    private static InvalidDataException Corrupt(string path, string problem) => new($"Safetensors.Load: '{path}': {problem}.");

    internal static string DTypeCode(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int64 => "I64",
        DType.Int32 => "I32",
        DType.Bool => "BOOL",
        _ => throw new ArgumentException($"Safetensors: unsupported dtype {dtype}."),
    };

    private static DType? ParseDType(string code) => code switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "I64" => DType.Int64,
        "I32" => DType.Int32,
        "BOOL" => DType.Bool,
        _ => null,
    };

    private static int ElementSize(DType dtype) => dtype switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        _ => 1,
    };
}
