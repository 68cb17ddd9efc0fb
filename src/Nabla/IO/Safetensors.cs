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
    private const string MetadataKey = SafetensorsHeader.MetadataKey;
    // The reference implementation's limit (the Rust crate's MAX_HEADER_SIZE); it bounds what parsing can cost.
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
        if (headerLength > MaxHeaderBytes)
            throw Corrupt(path, $"the header length {headerLength} exceeds the format's limit of {MaxHeaderBytes} bytes");
        if (headerLength > (ulong)(fileLength - 8))
            throw Corrupt(path, $"the header length {headerLength} exceeds the {fileLength - 8} bytes after it");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;
        var entries = SafetensorsHeader.Parse(path, header, dataLength, out metadata);
        // The spans tile the data in offset order, so one front-to-back pass reads every tensor without seeking.
        var tensors = new Tensor[entries.Count];
        var names = new string[entries.Count];
        using (TensorScope.Suspend())
        {
            foreach (var e in entries)
            {
                var t = e.End > e.Begin ? Tensor.Empty(e.Shape, e.DType) : EmptyTensor(e.Shape, e.DType);
                if (e.End > e.Begin) stream.ReadExactly(Bytes(t));
                tensors[e.Index] = t;
                names[e.Index] = e.Name;
            }
        }
        var result = new OrderedDictionary<string, Tensor>(tensors.Length);
        for (int i = 0; i < tensors.Length; i++) result.Add(names[i], tensors[i]);
        return result;
    }

    /// <summary>
    /// A tensor with no elements over a shared zero-length array: a header may list millions of them, and each
    /// <see cref="Tensor.Empty(ReadOnlySpan{int}, DType)"/> would rent a pooled buffer of 64 elements.
    /// </summary>
    private static Tensor EmptyTensor(int[] shape, DType dtype) => new(dtype switch
    {
        DType.Float32 => Storage<float>.Wrap([]),
        DType.Float64 => Storage<double>.Wrap([]),
        DType.Int64 => Storage<long>.Wrap([]),
        DType.Int32 => Storage<int>.Wrap([]),
        _ => Storage<bool>.Wrap([]),
    }, shape);

    private static Span<byte> Bytes(Tensor t) => t.DType switch
    {
        DType.Float32 => MemoryMarshal.AsBytes(t.Span<float>()),
        DType.Float64 => MemoryMarshal.AsBytes(t.Span<double>()),
        DType.Int64 => MemoryMarshal.AsBytes(t.Span<long>()),
        DType.Int32 => MemoryMarshal.AsBytes(t.Span<int>()),
        _ => MemoryMarshal.AsBytes(t.Span<bool>()),
    };

    internal static InvalidDataException Corrupt(string path, string problem) => new($"Safetensors.Load: '{path}': {problem}.");

    internal static string DTypeCode(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int64 => "I64",
        DType.Int32 => "I32",
        DType.Bool => "BOOL",
        _ => throw new ArgumentException($"Safetensors: unsupported dtype {dtype}."),
    };

    internal static int ElementSize(DType dtype) => dtype switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        _ => 1,
    };
}
