using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
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
    public static IReadOnlyDictionary<string, MatArray> Read(string path) => Read(path, long.MaxValue);

    /// <summary>
    /// Reads every variable of the MAT-file at <paramref name="path"/>, by name, holding at most
    /// <paramref name="maxBytes"/> bytes of values in all (elements × the class's element size, summed over
    /// variables). Each variable's size is checked against its declared dimensions and the bytes left before it is
    /// allocated, and compressed elements are inflated straight into their arrays and never past the size their tag
    /// declares, so a hostile file (a zlib bomb) fails fast instead of exhausting memory.
    /// </summary>
    /// <exception cref="InvalidDataException">As <see cref="Read(string)"/>, or the variables need more than <paramref name="maxBytes"/>.</exception>
    public static IReadOnlyDictionary<string, MatArray> Read(string path, long maxBytes)
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
        long budget = maxBytes;
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
            long next = s.Position + (type == MiCompressed ? size : Math.Min(Pad(size), s.Length - s.Position));
            MatArray? array = null;
            if (type == MiCompressed) array = ReadCompressed(s, size, path, ref budget, maxBytes);
            else if (type == MiMatrix) array = ReadMatrix(new MatElementReader(s, path, size), ref budget, maxBytes);
            s.Position = next;
            if (array is not null && !result.TryAdd(array.Name, array))
                throw new InvalidDataException($"{path}: variable '{array.Name}' appears twice.");
        }
        return result;
    }

    private static long Pad(long n) => (n + 7) & ~7L;

    private const long MaxDeflateRatio = 1032;

    private static MatArray? ReadCompressed(FileStream s, long compressedSize, string path, ref long budget, long maxBytes)
    {
        using var z = new ZLibStream(s, CompressionMode.Decompress, leaveOpen: true);
        var tag = new byte[8];
        DataFile.ReadExactly(z, tag, path, "the tag of a compressed element");
        // Only matrices are read; any other compressed element is skipped without inflating it.
        if (BinaryPrimitives.ReadInt32LittleEndian(tag) != MiMatrix) return null;
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tag.AsSpan(4));
        // Deflate cannot expand data more than 1032-fold, so a larger declared size is a lie told to make the reader
        // allocate; catching it here keeps a short file from costing more than ~1000 times its own size.
        long inflatable = MaxDeflateRatio * compressedSize + 1024;
        if (size > inflatable)
            throw new InvalidDataException($"{path}: a compressed element of {compressedSize} bytes declares a {size}-byte matrix, more than it can inflate to ({inflatable}).");
        var array = ReadMatrix(new MatElementReader(z, path, size), ref budget, maxBytes);
        int extra;
        try { extra = z.Read(tag, 0, 1); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: corrupt compressed data after a matrix element: {e.Message}", e); }
        if (extra != 0) throw new InvalidDataException($"{path}: a compressed element inflates to more than the {size} bytes its matrix tag declares.");
        return array;
    }

    private static MatArray? ReadMatrix(MatElementReader r, ref long budget, long maxBytes)
    {
        string path = r.Path;
        if (r.Remaining == 0) return null;
        var (flagType, flags) = r.Small("array flags", 8);
        if (flagType != MiUInt32 || flags.Length != 8) throw new InvalidDataException($"{path}: malformed array flags (type {flagType}, {flags.Length} bytes).");
        byte cls = flags[0];
        bool complex = (flags[1] & 0x08) != 0;
        var (dimType, dimBytes) = r.Small("dimensions", 4 * MaxDims);
        if (dimType != MiInt32 || dimBytes.Length % 4 != 0 || dimBytes.Length < 8)
            throw new InvalidDataException($"{path}: malformed dimensions (type {dimType}, {dimBytes.Length} bytes; expected at least two int32 sizes).");
        var dims = new int[dimBytes.Length / 4];
        for (int i = 0; i < dims.Length; i++) dims[i] = BinaryPrimitives.ReadInt32LittleEndian(dimBytes.AsSpan(4 * i));
        var (_, nameBytes) = r.Small("array name", 4096);
        string name = System.Text.Encoding.ASCII.GetString(nameBytes);
        string described = $"variable '{name}' of dims [{string.Join(", ", dims)}]";
        if (dims.Any(d => d < 0)) throw new InvalidDataException($"{path}: {described} has a negative dimension.");
        // Saturate instead of wrapping, so a product past the array limit is reported, never taken for a small count.
        long count = 1;
        foreach (int d in dims) count = Math.Min(count * d, Array.MaxLength + 1L);
        if (count > Array.MaxLength) throw new InvalidDataException($"{path}: {described} has more values than an array can hold ({Array.MaxLength}).");
        if (cls < (byte)MatClass.Double || cls > (byte)MatClass.UInt64)
            throw new InvalidDataException($"{path}: variable '{name}' has unsupported class {ClassName(cls)}; only numeric arrays are read.");
        if (complex) throw new InvalidDataException($"{path}: variable '{name}' is complex, which is unsupported.");
        var (dataType, dataSize, padding) = r.Tag($"data of '{name}'");
        int width = ElementSize(dataType, path, name);
        if (dataSize != count * width)
            throw new InvalidDataException($"{path}: size mismatch: {described} ({count} values) stores {dataSize} bytes of {width}-byte elements.");
        long bytes = count * ClassSize((MatClass)cls);
        if (bytes > budget)
            throw new InvalidDataException($"{path}: {described} needs {bytes} bytes, more than the {budget} left of the {maxBytes}-byte limit for this file.");
        budget -= bytes;
        var data = ReadValues(r, dataType, (MatClass)cls, (int)count, name);
        r.SkipPadding(padding);
        if (r.Remaining != 0)
            throw new InvalidDataException($"{path}: size mismatch: {r.Remaining} bytes follow the data of '{name}' inside its matrix element.");
        return new MatArray(name, (MatClass)cls, dims, data);
    }

    // MATLAB arrays have at most 2^15 dimensions; far fewer in practice, and each costs 4 bytes to hold.
    private const int MaxDims = 1024;

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

    private static Array ReadValues(MatElementReader r, int type, MatClass cls, int n, string name)
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
        string what = $"data of '{name}'";
        if (StorageTypeOf(cls) == type)
        {
            // MATLAB stores most arrays in their own type: the little-endian bytes go straight into the array.
            ref byte start = ref MemoryMarshal.GetArrayDataReference(dst);
            long total = (long)n * ClassSize(cls);
            for (long done = 0; done < total;)
            {
                int chunk = (int)Math.Min(total - done, 1 << 30);
                r.ReadExactly(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref start, (nint)done), chunk), what);
                done += chunk;
            }
            return dst;
        }
        // Writers may store an array in a narrower type than its class (e.g. doubles holding small integers as miUINT8).
        int width = ElementSize(type, r.Path, name);
        var buffer = new byte[Math.Min((long)n * width, 1 << 16)];
        for (int i = 0; i < n;)
        {
            int k = Math.Min(n - i, buffer.Length / width);
            r.ReadExactly(buffer.AsSpan(0, k * width), what);
            for (int j = 0; j < k; j++, i++) Store(dst, cls, i, Element(buffer, type, j), r.Path, name);
        }
        return dst;
    }

    /// <summary>Stores <paramref name="v"/> at <paramref name="i"/>, rejecting a value the class cannot hold exactly.</summary>
    private static void Store(Array dst, MatClass cls, int i, double v, string path, string name)
    {
        switch (cls)
        {
            case MatClass.Double: ((double[])dst)[i] = v; return;
            case MatClass.Single: ((float[])dst)[i] = (float)v; return;
        }
        var (min, maxExclusive) = IntegerRange(cls);
        if (!(v == Math.Floor(v) && v >= min && v < maxExclusive))
            throw new InvalidDataException($"{path}: variable '{name}' of class {cls} stores {v} at index {i}, which {cls} cannot hold.");
        switch (cls)
        {
            case MatClass.Int8: ((sbyte[])dst)[i] = (sbyte)v; break;
            case MatClass.UInt8: ((byte[])dst)[i] = (byte)v; break;
            case MatClass.Int16: ((short[])dst)[i] = (short)v; break;
            case MatClass.UInt16: ((ushort[])dst)[i] = (ushort)v; break;
            case MatClass.Int32: ((int[])dst)[i] = (int)v; break;
            case MatClass.UInt32: ((uint[])dst)[i] = (uint)v; break;
            case MatClass.Int64: ((long[])dst)[i] = (long)v; break;
            default: ((ulong[])dst)[i] = (ulong)v; break;
        }
    }

    private static (double Min, double MaxExclusive) IntegerRange(MatClass cls) => cls switch
    {
        MatClass.Int8 => (sbyte.MinValue, sbyte.MaxValue + 1.0),
        MatClass.UInt8 => (0, byte.MaxValue + 1.0),
        MatClass.Int16 => (short.MinValue, short.MaxValue + 1.0),
        MatClass.UInt16 => (0, ushort.MaxValue + 1.0),
        MatClass.Int32 => (int.MinValue, int.MaxValue + 1.0),
        MatClass.UInt32 => (0, uint.MaxValue + 1.0),
        MatClass.Int64 => (long.MinValue, 9223372036854775808.0),
        _ => (0, 18446744073709551616.0),
    };

    private static int ClassSize(MatClass cls) => cls switch
    {
        MatClass.Int8 or MatClass.UInt8 => 1,
        MatClass.Int16 or MatClass.UInt16 => 2,
        MatClass.Int32 or MatClass.UInt32 or MatClass.Single => 4,
        _ => 8,
    };

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
