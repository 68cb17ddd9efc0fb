using System.IO.Compression;

namespace Nabla.Data;

/// <summary>Opening data files that may be gzip-compressed, and reading them with errors that name the file.</summary>
internal static class DataFile
{
    /// <summary>Opens <paramref name="path"/>, transparently decompressing it when it starts with the gzip magic 1F 8B.</summary>
    public static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (n == 2 && magic[0] == 0x1F && magic[1] == 0x8B) return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
        return file;
    }

    /// <summary>Fills <paramref name="buffer"/> or throws an <see cref="InvalidDataException"/> saying the file is truncated.</summary>
    public static void ReadExactly(Stream s, Span<byte> buffer, string path, string what)
    {
        int n;
        try { n = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: corrupt compressed data while reading {what}: {e.Message}", e); }
        if (n < buffer.Length)
            throw new InvalidDataException($"{path}: file is truncated: {what} needs {buffer.Length} bytes but only {n} remain.");
    }

    /// <summary>
    /// Reads a payload of <paramref name="length"/> bytes that a header declared. A seekable stream is checked against
    /// its actual length before anything is allocated; a decompressing one fills a buffer that grows only as data
    /// arrives, so a short or hostile file never costs the declared size.
    /// </summary>
    public static byte[] ReadPayload(Stream s, long length, string path, string what)
    {
        if (length > Array.MaxLength)
            throw new InvalidDataException($"{path}: {what} declares {length} bytes, more than an array can hold ({Array.MaxLength}).");
        if (s.CanSeek && length > s.Length - s.Position)
            throw new InvalidDataException($"{path}: file is truncated: {what} needs {length} bytes but only {s.Length - s.Position} remain.");
        if (s.CanSeek || length <= GrowthChunk)
        {
            var exact = new byte[length];
            ReadExactly(s, exact, path, what);
            return exact;
        }
        var buffer = new byte[GrowthChunk];
        long filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            int n;
            try { n = s.Read(buffer, (int)filled, buffer.Length - (int)filled); }
            catch (InvalidDataException e) { throw new InvalidDataException($"{path}: corrupt compressed data while reading {what}: {e.Message}", e); }
            if (n == 0) throw new InvalidDataException($"{path}: file is truncated: {what} needs {length} bytes but only {filled} remain.");
            filled += n;
        }
        return buffer;
    }

    private const int GrowthChunk = 1 << 20;

    /// <summary>True when the stream has no more bytes.</summary>
    public static bool AtEnd(Stream s)
    {
        Span<byte> one = stackalloc byte[1];
        return s.Read(one) == 0;
    }
}
