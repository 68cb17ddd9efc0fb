using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Nabla.Autograd;

namespace Nabla.IO;

/// <summary>
/// The CRC-32C checksums of a <see cref="TrainingCheckpoint"/>, kept in its safetensors metadata so the file stays a
/// plain safetensors file: <c>crc32c.{tensor}</c> covers each tensor's data bytes, and <c>crc32c</c> covers the rest
/// of the header (every other metadata entry and each tensor's name, dtype and shape), so a flipped bit anywhere is caught.
/// </summary>
internal static class CheckpointChecksums
{
    private const string HeaderKey = "crc32c";
    private const string TensorPrefix = "crc32c.";

    public static void Add(IReadOnlyDictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        foreach (var (name, t) in tensors) metadata[TensorPrefix + name] = Hex(Of(t));
        metadata[HeaderKey] = Hex(OfHeader(tensors, metadata));
    }

    /// <summary>Raises <see cref="InvalidDataException"/> naming <paramref name="path"/> and the first corrupt part.</summary>
    public static void Verify(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(HeaderKey, out var storedHeader))
            throw Corrupt(path, "the header has no checksum ('crc32c' metadata entry)");
        uint header = OfHeader(tensors, metadata);
        if (storedHeader != Hex(header))
            throw Corrupt(path, $"the header (metadata, tensor names, dtypes or shapes) is corrupt: its CRC-32C is {Hex(header)}, the file stores '{storedHeader}'");
        foreach (var (name, t) in tensors)
        {
            if (!metadata.TryGetValue(TensorPrefix + name, out var stored))
                throw Corrupt(path, $"tensor '{name}' has no checksum");
            uint actual = Of(t);
            if (stored != Hex(actual))
                throw Corrupt(path, $"the data of tensor '{name}' is corrupt: its CRC-32C is {Hex(actual)}, the file stores '{stored}'");
        }
    }

    private static InvalidDataException Corrupt(string path, string problem) => new($"TrainingCheckpoint.Load: '{path}': {problem}.");

    private static string Hex(uint crc) => crc.ToString("x8", CultureInfo.InvariantCulture);

    private static uint OfHeader(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var text = new StringBuilder();
        foreach (var key in metadata.Keys.Where(k => k != HeaderKey).Order(StringComparer.Ordinal))
            text.Append(key).Append('=').Append(metadata[key]).Append('\n');
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal))
            text.Append(name).Append(':').Append(Safetensors.DTypeCode(tensors[name].DType)).Append(tensors[name].Shape.ToString()).Append('\n');
        return Crc32C.Compute(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The CRC-32C of the bytes safetensors stores for <paramref name="t"/> (its elements in row-major order).</summary>
    private static uint Of(Tensor t)
    {
        using var _ = GradMode.NoGrad();
        var dense = t.IsContiguous ? t : t.DenseCopy();
        try
        {
            return dense.DType switch
            {
                DType.Float32 => Crc32C.Compute(MemoryMarshal.AsBytes(dense.Span<float>())),
                DType.Float64 => Crc32C.Compute(MemoryMarshal.AsBytes(dense.Span<double>())),
                DType.Int64 => Crc32C.Compute(MemoryMarshal.AsBytes(dense.Span<long>())),
                DType.Int32 => Crc32C.Compute(MemoryMarshal.AsBytes(dense.Span<int>())),
                _ => Crc32C.Compute(MemoryMarshal.AsBytes(dense.Span<bool>())),
            };
        }
        finally
        {
            if (!ReferenceEquals(dense, t)) dense.Dispose();
        }
    }
}
