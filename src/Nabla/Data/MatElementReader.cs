using System.Buffers.Binary;

namespace Nabla.Data;

/// <summary>
/// Reads the sub-elements of one MAT-file <c>miMATRIX</c> element straight from the file or from its inflating zlib
/// stream, never past the byte count the element's tag declares: that count is the hard limit on what a compressed
/// element may inflate to, and every sub-element that would run past it is reported, naming the file.
/// </summary>
internal sealed class MatElementReader(Stream stream, string path, long size)
{
    private readonly byte[] _scratch = new byte[8];

    /// <summary>Bytes of the element not read yet.</summary>
    public long Remaining { get; private set; } = size;

    /// <summary>The file being read, for messages.</summary>
    public string Path => path;

    /// <summary>Fills <paramref name="buffer"/> from the element, or reports that <paramref name="what"/> runs past its end.</summary>
    public void ReadExactly(Span<byte> buffer, string what)
    {
        if (buffer.Length > Remaining)
            throw new InvalidDataException($"{path}: size mismatch: the {what} needs {buffer.Length} bytes but its matrix element has {Remaining} left.");
        DataFile.ReadExactly(stream, buffer, path, what);
        Remaining -= buffer.Length;
    }

    /// <summary>
    /// Reads a sub-element's tag: its type, its byte count and the padding after its data (to 8 bytes, or to the end
    /// of the tag's second word for the 4-byte small data element format, whose data sits inside the tag).
    /// </summary>
    public (int Type, long Size, int Padding) Tag(string what)
    {
        ReadExactly(_scratch.AsSpan(0, 4), $"tag of the {what}");
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
        if ((first >> 16) != 0)
        {
            int count = (int)(first >> 16);
            if (count > 4) throw new InvalidDataException($"{path}: small data element of the {what} declares {count} bytes (at most 4).");
            return ((int)(first & 0xFFFF), count, 4 - count);
        }
        ReadExactly(_scratch.AsSpan(0, 4), $"tag of the {what}");
        long n = BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
        if (n > Remaining)
            throw new InvalidDataException($"{path}: size mismatch: the {what} declares {n} bytes but its matrix element has {Remaining} left.");
        return ((int)first, n, (int)(((n + 7) & ~7L) - n));
    }

    /// <summary>A whole small sub-element (flags, dimensions, name) of at most <paramref name="max"/> bytes.</summary>
    public (int Type, byte[] Data) Small(string what, int max)
    {
        var (type, n, padding) = Tag(what);
        if (n > max) throw new InvalidDataException($"{path}: the {what} declares {n} bytes (at most {max}).");
        var data = new byte[n];
        ReadExactly(data, what);
        SkipPadding(padding);
        return (type, data);
    }

    /// <summary>Skips a sub-element's padding; a writer may omit it after the last sub-element.</summary>
    public void SkipPadding(int padding) => ReadExactly(_scratch.AsSpan(0, (int)Math.Min(padding, Remaining)), "padding");
}
