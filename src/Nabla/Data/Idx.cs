using System.Buffers.Binary;

namespace Nabla.Data;

/// <summary>Element types of an IDX file (the third byte of its magic number).</summary>
public enum IdxType : byte
{
    /// <summary>Unsigned byte (0x08), used by MNIST-style images and labels.</summary>
    UInt8 = 0x08,
    /// <summary>Signed byte (0x09).</summary>
    Int8 = 0x09,
    /// <summary>Big-endian 16-bit integer (0x0B).</summary>
    Int16 = 0x0B,
    /// <summary>Big-endian 32-bit integer (0x0C).</summary>
    Int32 = 0x0C,
    /// <summary>Big-endian IEEE single (0x0D).</summary>
    Float32 = 0x0D,
    /// <summary>Big-endian IEEE double (0x0E).</summary>
    Float64 = 0x0E,
}

/// <summary>The contents of one IDX file: its dimensions, element type and values (in native byte order).</summary>
public sealed class IdxData
{
    private readonly Array _values;

    internal IdxData(int[] dims, IdxType type, Array values)
    {
        Dims = dims;
        Type = type;
        _values = values;
    }

    /// <summary>The dimensions stored in the header, outermost first (e.g. [N, 28, 28] for an image file).</summary>
    public int[] Dims { get; }

    /// <summary>The element type.</summary>
    public IdxType Type { get; }

    /// <summary>Number of values.</summary>
    public int Count => _values.Length;

    /// <summary>The values of a <see cref="IdxType.UInt8"/> file, without a copy.</summary>
    public byte[] Bytes => Type == IdxType.UInt8 ? (byte[])_values : throw new InvalidOperationException($"IdxData.Bytes: the file holds {Type}, not UInt8.");

    /// <summary>
    /// The values as a tensor shaped <see cref="Dims"/>: integer types become <see cref="DType.Int32"/> (Nabla has no
    /// 8/16-bit dtypes), float32 and float64 keep their type.
    /// </summary>
    public Tensor ToTensor() => Type switch
    {
        // Switch on the type, not the array: the runtime lets an sbyte[] pass as a byte[].
        IdxType.UInt8 => Tensor.FromArray(Array.ConvertAll((byte[])_values, v => (int)v), Dims),
        IdxType.Int8 => Tensor.FromArray(Array.ConvertAll((sbyte[])_values, v => (int)v), Dims),
        IdxType.Int16 => Tensor.FromArray(Array.ConvertAll((short[])_values, v => (int)v), Dims),
        IdxType.Int32 => Tensor.FromArray((int[])_values, Dims),
        IdxType.Float32 => Tensor.FromArray((float[])_values, Dims),
        _ => Tensor.FromArray((double[])_values, Dims),
    };
}

/// <summary>
/// Reader for the IDX format of MNIST and Fashion-MNIST: a magic number 00 00 TT DD (TT the element type, DD the
/// number of dimensions), DD big-endian int32 sizes, then the values in big-endian row-major order. Files may be
/// gzip-compressed; compression is detected from the gzip magic, not the file name.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads the IDX file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Bad magic, unknown element type, or a payload that does not match the header.</exception>
    public static IdxData Read(string path)
    {
        using var s = DataFile.OpenMaybeGzip(path);
        Span<byte> head = stackalloc byte[4];
        DataFile.ReadExactly(s, head, path, "the IDX magic number");
        if (head[0] != 0 || head[1] != 0)
            throw new InvalidDataException($"{path}: bad IDX magic {head[0]:X2} {head[1]:X2} {head[2]:X2} {head[3]:X2} (expected 00 00 then type and rank).");
        var type = (IdxType)head[2];
        int size = type switch
        {
            IdxType.UInt8 or IdxType.Int8 => 1,
            IdxType.Int16 => 2,
            IdxType.Int32 or IdxType.Float32 => 4,
            IdxType.Float64 => 8,
            _ => throw new InvalidDataException($"{path}: unsupported IDX element type 0x{head[2]:X2}."),
        };
        int rank = head[3];
        var dimBytes = new byte[4 * rank];
        DataFile.ReadExactly(s, dimBytes, path, $"{rank} IDX dimension sizes");
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (dims[i] < 0) throw new InvalidDataException($"{path}: negative IDX dimension {dims[i]} (dims [{string.Join(", ", dims[..(i + 1)])}]).");
        }
        // Saturate instead of wrapping: [65536, 65536, 65536, 65536] must not multiply out to 0 values.
        long count = 1;
        foreach (int d in dims) count = Math.Min(count * d, Array.MaxLength + 1L);
        if (count * size > Array.MaxLength)
            throw new InvalidDataException($"{path}: IDX dims [{string.Join(", ", dims)}] declare more {type} values than an array can hold ({Array.MaxLength} bytes).");
        var raw = DataFile.ReadPayload(s, count * size, path, $"an IDX payload of {count} {type} values (dims [{string.Join(", ", dims)}])");
        if (!DataFile.AtEnd(s))
            throw new InvalidDataException($"{path}: size mismatch: bytes follow the {count} values the IDX header declares (dims [{string.Join(", ", dims)}]).");
        return new IdxData(dims, type, Decode(raw, type, (int)count));
    }

    private static Array Decode(byte[] raw, IdxType type, int n)
    {
        switch (type)
        {
            case IdxType.UInt8: return raw;
            case IdxType.Int8: { var v = new sbyte[n]; Buffer.BlockCopy(raw, 0, v, 0, n); return v; }
            case IdxType.Int16: { var v = new short[n]; for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadInt16BigEndian(raw.AsSpan(2 * i)); return v; }
            case IdxType.Int32: { var v = new int[n]; for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 * i)); return v; }
            case IdxType.Float32: { var v = new float[n]; for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadSingleBigEndian(raw.AsSpan(4 * i)); return v; }
            default: { var v = new double[n]; for (int i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadDoubleBigEndian(raw.AsSpan(8 * i)); return v; }
        }
    }
}
