using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Nabla.IO;

/// <summary>
/// Parses and validates a safetensors JSON header the way the format's reference implementation (the Rust
/// <c>safetensors</c> crate) does: valid UTF-8, one JSON object, dtype × shape matching each tensor's
/// <c>data_offsets</c> span, and spans that tile the data buffer from 0 to its end with no holes or overlaps. It also
/// rejects what the reference lets a JSON map silently drop: a key given twice. The header is read with a streaming
/// reader, so memory stays a small multiple of the (bounded) header size however many tensors it lists.
/// </summary>
internal static class SafetensorsHeader
{
    internal const string MetadataKey = "__metadata__";

    /// <summary>One tensor's header entry; <c>Index</c> is its position in the header.</summary>
    internal readonly record struct Entry(string Name, DType DType, int[] Shape, long Begin, long End, int Index);

    /// <summary>The entries sorted by data offset (so the data can be read front to back), and the metadata map.</summary>
    public static List<Entry> Parse(string path, byte[] header, long dataLength, out Dictionary<string, string> metadata)
    {
        if (!Utf8.IsValid(header)) throw Safetensors.Corrupt(path, $"the header is not valid UTF-8 (first invalid byte at offset {FirstInvalidUtf8(header)})");
        // A syntax pass first, so malformed JSON is reported as such rather than as the first odd value met; it also
        // counts the top-level keys, so the collections below are allocated once at their final size.
        var syntax = new Utf8JsonReader(header);
        int keys = 0;
        try
        {
            while (syntax.Read())
                if (syntax.TokenType == JsonTokenType.PropertyName && syntax.CurrentDepth == 1) keys++;
        }
        catch (JsonException ex)
        {
            throw Safetensors.Corrupt(path, "the header is not valid JSON: " + ex.Message);
        }
        metadata = [];
        var entries = new List<Entry>(keys);
        var seen = new HashSet<string>(keys, StringComparer.Ordinal);
        var dims = new List<int>();
        var reader = new Utf8JsonReader(header);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Safetensors.Corrupt(path, "the header is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!seen.Add(name)) throw Safetensors.Corrupt(path, $"the header names '{name}' twice");
                reader.Read();
                if (name == MetadataKey) ReadMetadata(path, ref reader, metadata);
                else entries.Add(ReadEntry(path, ref reader, name, entries.Count, dims));
            }
            // Trailing content after the object (other than the spaces writers pad with) makes Read throw.
            while (reader.Read()) { }
        }
        catch (JsonException ex)
        {
            throw Safetensors.Corrupt(path, "the header is not valid JSON: " + ex.Message);
        }
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var e in entries)
        {
            if (e.Begin != expected) throw Safetensors.Corrupt(path, $"tensor '{e.Name}' starts at byte {e.Begin}, expected {expected} (the data must have no holes or overlaps)");
            expected = e.End;
        }
        if (expected != dataLength) throw Safetensors.Corrupt(path, $"the tensors cover {expected} data bytes but the file has {dataLength} (truncated or trailing bytes)");
        return entries;
    }

    private static void ReadMetadata(string path, ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Safetensors.Corrupt(path, $"{MetadataKey} is not an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String) throw Safetensors.Corrupt(path, $"{MetadataKey} value '{key}' is not a string");
            if (!metadata.TryAdd(key, reader.GetString()!)) throw Safetensors.Corrupt(path, $"{MetadataKey} names '{key}' twice");
        }
    }

    private static Entry ReadEntry(string path, ref Utf8JsonReader reader, string name, int index, List<int> dims)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Missing(path, name);
        DType? dtype = null;
        int[]? shape = null;
        (long Begin, long End)? offsets = null;
        // Field names and dtype codes are matched as bytes: a header may list millions of tensors.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isDType = reader.ValueTextEquals("dtype"u8), isShape = reader.ValueTextEquals("shape"u8),
                isOffsets = reader.ValueTextEquals("data_offsets"u8);
            if ((isDType && dtype is not null) || (isShape && shape is not null) || (isOffsets && offsets is not null))
                throw Safetensors.Corrupt(path, $"tensor '{name}' gives {reader.GetString()} twice");
            reader.Read();
            if (isDType)
            {
                if (reader.TokenType != JsonTokenType.String) throw Missing(path, name);
                dtype = ParseDType(ref reader) ?? throw Safetensors.Corrupt(path, $"tensor '{name}' has unsupported dtype '{reader.GetString()}'");
            }
            else if (isShape) shape = ReadShape(path, ref reader, name, dims);
            else if (isOffsets) offsets = ReadOffsets(path, ref reader, name);
            else reader.Skip();
        }
        if (dtype is not { } dt || shape is null || offsets is not { } span) throw Missing(path, name);
        var (begin, end) = span;
        if (!Shape.TryNumel(shape, out long numel))
            throw Safetensors.Corrupt(path, $"tensor '{name}' of shape [{string.Join(", ", shape)}] has more than {int.MaxValue} elements");
        long bytes = numel * Safetensors.ElementSize(dt);
        if (end - begin != bytes)
            throw Safetensors.Corrupt(path, $"tensor '{name}' of dtype {Safetensors.DTypeCode(dt)} and shape [{string.Join(", ", shape)}] needs {bytes} bytes but data_offsets [{begin}, {end}] span {end - begin}");
        return new Entry(name, dt, shape, begin, end, index);
    }

    private static DType? ParseDType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("F32"u8) ? DType.Float32
        : reader.ValueTextEquals("F64"u8) ? DType.Float64
        : reader.ValueTextEquals("I64"u8) ? DType.Int64
        : reader.ValueTextEquals("I32"u8) ? DType.Int32
        : reader.ValueTextEquals("BOOL"u8) ? DType.Bool
        : null;

    private static int[] ReadShape(string path, ref Utf8JsonReader reader, string name, List<int> dims)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Missing(path, name);
        dims.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int d) || d < 0)
                throw Safetensors.Corrupt(path, $"tensor '{name}' has shape entry {Raw(ref reader)}, not a size in [0, {int.MaxValue}]");
            dims.Add(d);
        }
        return [.. dims];
    }

    private static (long Begin, long End) ReadOffsets(string path, ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Missing(path, name);
        var start = reader;
        Span<long> values = stackalloc long[2];
        int count = 0;
        bool valid = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long v) && v >= 0 && count < 2) values[count] = v;
            else valid = false;
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject) reader.Skip();
            count++;
        }
        if (valid && count == 2 && values[1] >= values[0]) return (values[0], values[1]);
        // Report the offsets as written (a value like 4e30 has no long to show).
        var raw = new List<string>();
        while (start.Read() && start.TokenType != JsonTokenType.EndArray) raw.Add(Raw(ref start));
        throw Safetensors.Corrupt(path, $"tensor '{name}' has invalid data_offsets [{string.Join(", ", raw)}] (need [begin, end], integers with 0 <= begin <= end < 2^63)");
    }

    /// <summary>The current token's JSON text (for arrays and objects, just the bracket), for messages.</summary>
    private static string Raw(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
        {
            string bracket = reader.TokenType == JsonTokenType.StartArray ? "[...]" : "{...}";
            reader.Skip();
            return bracket;
        }
        string text = Encoding.UTF8.GetString(reader.ValueSpan);
        return reader.TokenType == JsonTokenType.String ? $"\"{text}\"" : text;
    }

    private static InvalidDataException Missing(string path, string name) =>
        Safetensors.Corrupt(path, $"tensor '{name}' needs dtype, shape and data_offsets [begin, end]");

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int pos = 0;
        while (pos < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[pos..], out _, out int consumed) != System.Buffers.OperationStatus.Done) return pos;
            pos += consumed;
        }
        return pos;
    }
}
