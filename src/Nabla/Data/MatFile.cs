using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Nabla.Data;

/// <summary>MATLAB array classes (the class byte of a MAT-file's array flags) that <see cref="MatFile"/> reads.</summary>
public enum MatClass : byte
{
    /// <summary>mxDOUBLE_CLASS (6), read as <see cref="double"/>[].</summary>
    Double = 6,
    /// <summary>mxSINGLE_CLASS (7), read as <see cref="float"/>[].</summary>
    Single = 7,
    /// <summary>mxINT8_CLASS (8), read as <see cref="sbyte"/>[].</summary>
    Int8 = 8,
    /// <summary>mxUINT8_CLASS (9), read as <see cref="byte"/>[].</summary>
    UInt8 = 9,
    /// <summary>mxINT16_CLASS (10), read as <see cref="short"/>[].</summary>
    Int16 = 10,
    /// <summary>mxUINT16_CLASS (11), read as <see cref="ushort"/>[].</summary>
    UInt16 = 11,
    /// <summary>mxINT32_CLASS (12), read as <see cref="int"/>[].</summary>
    Int32 = 12,
    /// <summary>mxUINT32_CLASS (13), read as <see cref="uint"/>[].</summary>
    UInt32 = 13,
    /// <summary>mxINT64_CLASS (14), read as <see cref="long"/>[].</summary>
    Int64 = 14,
    /// <summary>mxUINT64_CLASS (15), read as <see cref="ulong"/>[].</summary>
    UInt64 = 15,
}

/// <summary>One numeric variable of a MAT-file.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Class">The MATLAB class, which fixes the element type of <paramref name="Data"/>.</param>
/// <param name="Dims">The MATLAB dimensions (at least two).</param>
/// <param name="Data">The real values in column-major (first index fastest) order, typed by <paramref name="Class"/>.</param>
public sealed record MatArray(string Name, MatClass Class, int[] Dims, Array Data)
{
    /// <summary>The value at flat column-major position <paramref name="index"/>, as a double.</summary>
    public double GetDouble(int index) => Convert.ToDouble(Data.GetValue(index));
}

/// <summary>
/// Reader for Level 5 MAT-files (MATLAB's default format up to v7, which is what SVHN's <c>*_32x32.mat</c> files
/// are): a 128-byte header, then data elements, each an 8-byte tag (type, byte count) or a 4-byte small-element tag,
/// padded to 8 bytes; <c>miCOMPRESSED</c> elements hold a zlib stream that inflates to an <c>miMATRIX</c>. Reads real,
/// non-sparse numeric arrays; little-endian files only (what MATLAB and SciPy write on every current machine).
/// </summary>
public static class MatFile
{
    private const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7,
        MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15;

    /// <summary>Reads every variable of the MAT-file at <paramref name="path"/>, by name.</summary>
    /// <exception cref="InvalidDataException">
    /// Not a Level 5 MAT-file, big-endian, truncated, corrupt, or holding a variable of an unsupported class
    /// (cell, struct, object, char, sparse, complex).
    /// </exception>
    public static IReadOnlyDictionary<string, MatArray> Read(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = new byte[128];
        DataFile.ReadExactly(s, header, path, "the 128-byte MAT-file header");
        if (header[126] == (byte)'M' && header[127] == (byte)'I')
            throw new InvalidDataException($"{path}: big-endian MAT-files are not supported.");
        if (header[126] != (byte)'I' || header[127] != (byte)'M')
            throw new InvalidDataException($"{path}: bad magic: no 'IM' endian indicator at byte 126, not a Level 5 MAT-file.");
        if (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(124)) != 0x0100)
            throw new InvalidDataException($"{path}: unsupported MAT-file version 0x{BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(124)):X4} (MATLAB 7.3 files are HDF5; save with -v7).");

        var result = new Dictionary<string, MatArray>();
        var tag = new byte[8];
        while (true)
        {
            int n = s.ReadAtLeast(tag, 8, throwOnEndOfStream: false);
            if (n == 0) break;
            if (n < 8) throw new InvalidDataException($"{path}: file is truncated inside a data element tag.");
            int type = BinaryPrimitives.ReadInt32LittleEndian(tag);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(tag.AsSpan(4));
            if (size > s.Length - s.Position)
                throw new InvalidDataException($"{path}: file is truncated: a data element of {size} bytes starts {s.Position} bytes in, but the file has {s.Length} bytes.");
            var body = new byte[size];
            DataFile.ReadExactly(s, body, path, "a data element");
            if (type == MiCompressed)
            {
                using var z = new ZLibStream(new MemoryStream(body), CompressionMode.Decompress);
                DataFile.ReadExactly(z, tag, path, "the tag of a compressed element");
                type = BinaryPrimitives.ReadInt32LittleEndian(tag);
                size = BinaryPrimitives.ReadUInt32LittleEndian(tag.AsSpan(4));
                if (size > Array.MaxLength) throw new InvalidDataException($"{path}: compressed element declares {size} bytes.");
                body = new byte[size];
                DataFile.ReadExactly(z, body, path, "a compressed element");
            }
            else s.Seek(Pad(size) - size, SeekOrigin.Current);
            if (type != MiMatrix) continue;
            var array = ParseMatrix(body, path);
            if (array is not null) result[array.Name] = array;
        }
        return result;
    }

    private static long Pad(long n) => (n + 7) & ~7L;

    /// <summary>Reads the sub-element at <paramref name="pos"/>; returns its type and data and advances past its padding.</summary>
    private static (int Type, ReadOnlyMemory<byte> Data) SubElement(byte[] body, ref int pos, string path, string what)
    {
        if (pos + 8 > body.Length && !(pos + 4 <= body.Length && (BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(pos)) >> 16) != 0))
            throw new InvalidDataException($"{path}: size mismatch: matrix element ends before its {what}.");
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(pos));
        if ((first >> 16) != 0)
        {
            // Small data element format: byte count in the upper half, data in the tag's second word.
            int count = (int)(first >> 16);
            if (count > 4) throw new InvalidDataException($"{path}: small data element of the {what} declares {count} bytes (at most 4).");
            var small = new ReadOnlyMemory<byte>(body, pos + 4, count);
            pos += 8;
            return ((int)(first & 0xFFFF), small);
        }
        long size = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(pos + 4));
        if (pos + 8 + size > body.Length)
            throw new InvalidDataException($"{path}: size mismatch: the {what} declares {size} bytes but its matrix element has {body.Length - pos - 8} left.");
        var data = new ReadOnlyMemory<byte>(body, pos + 8, (int)size);
        pos = (int)Math.Min(body.Length, pos + 8 + Pad(size));
        return ((int)first, data);
    }

    private static MatArray? ParseMatrix(byte[] body, string path)
    {
        if (body.Length == 0) return null;
        int pos = 0;
        var (flagType, flags) = SubElement(body, ref pos, path, "array flags");
        if (flagType != MiUInt32 || flags.Length != 8) throw new InvalidDataException($"{path}: malformed array flags (type {flagType}, {flags.Length} bytes).");
        byte cls = flags.Span[0];
        bool complex = (flags.Span[1] & 0x08) != 0;
        var (_, dimBytes) = SubElement(body, ref pos, path, "dimensions");
        var dims = new int[dimBytes.Length / 4];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32LittleEndian(dimBytes.Span[(4 * i)..]);
            count *= dims[i];
        }
        var (_, nameBytes) = SubElement(body, ref pos, path, "array name");
        string name = System.Text.Encoding.ASCII.GetString(nameBytes.Span);
        if (cls < (byte)MatClass.Double || cls > (byte)MatClass.UInt64)
            throw new InvalidDataException($"{path}: variable '{name}' has unsupported class {ClassName(cls)}; only numeric arrays are read.");
        if (complex) throw new InvalidDataException($"{path}: variable '{name}' is complex, which is unsupported.");
        var (dataType, real) = SubElement(body, ref pos, path, $"data of '{name}'");
        int width = ElementSize(dataType, path, name);
        if (real.Length != count * width)
            throw new InvalidDataException($"{path}: size mismatch: variable '{name}' has dims [{string.Join(", ", dims)}] ({count} values) but {real.Length / width} stored.");
        return new MatArray(name, (MatClass)cls, dims, Convert(real.Span, dataType, (MatClass)cls, (int)count));
    }

    private static string ClassName(byte cls) => cls switch
    {
        1 => "cell", 2 => "struct", 3 => "object", 4 => "char", 5 => "sparse", _ => $"{cls}",
    };

    private static int ElementSize(int type, string path, string name) => type switch
    {
        MiInt8 or MiUInt8 => 1,
        MiInt16 or MiUInt16 => 2,
        MiInt32 or MiUInt32 or MiSingle => 4,
        MiDouble or MiInt64 or MiUInt64 => 8,
        _ => throw new InvalidDataException($"{path}: variable '{name}' stores its data as unsupported element type {type}."),
    };

    private static Array Convert(ReadOnlySpan<byte> src, int type, MatClass cls, int n)
    {
        Array dst = cls switch
        {
            MatClass.Double => new double[n],
            MatClass.Single => new float[n],
            MatClass.Int8 => new sbyte[n],
            MatClass.UInt8 => new byte[n],
            MatClass.Int16 => new short[n],
            MatClass.UInt16 => new ushort[n],
            MatClass.Int32 => new int[n],
            MatClass.UInt32 => new uint[n],
            MatClass.Int64 => new long[n],
            _ => new ulong[n],
        };
        if (StorageTypeOf(cls) == type)
        {
            // MATLAB stores most arrays in their own type: a straight copy of the little-endian bytes.
            src.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(dst), src.Length));
            return dst;
        }
        // Writers may store an array in a narrower type than its class (e.g. doubles holding small integers as miUINT8).
        for (int i = 0; i < n; i++) dst.SetValue(System.Convert.ChangeType(Element(src, type, i), dst.GetType().GetElementType()!), i);
        return dst;
    }

    private static int StorageTypeOf(MatClass cls) => cls switch
    {
        MatClass.Double => MiDouble,
        MatClass.Single => MiSingle,
        MatClass.Int8 => MiInt8,
        MatClass.UInt8 => MiUInt8,
        MatClass.Int16 => MiInt16,
        MatClass.UInt16 => MiUInt16,
        MatClass.Int32 => MiInt32,
        MatClass.UInt32 => MiUInt32,
        MatClass.Int64 => MiInt64,
        _ => MiUInt64,
    };

    private static double Element(ReadOnlySpan<byte> s, int type, int i) => type switch
    {
        MiInt8 => (sbyte)s[i],
        MiUInt8 => s[i],
        MiInt16 => BinaryPrimitives.ReadInt16LittleEndian(s[(2 * i)..]),
        MiUInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * i)..]),
        MiInt32 => BinaryPrimitives.ReadInt32LittleEndian(s[(4 * i)..]),
        MiUInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s[(4 * i)..]),
        MiSingle => BinaryPrimitives.ReadSingleLittleEndian(s[(4 * i)..]),
        MiDouble => BinaryPrimitives.ReadDoubleLittleEndian(s[(8 * i)..]),
        MiInt64 => BinaryPrimitives.ReadInt64LittleEndian(s[(8 * i)..]),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(s[(8 * i)..]),
    };
}
