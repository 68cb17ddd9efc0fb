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

    /// <summary>True when the stream has no more bytes.</summary>
    public static bool AtEnd(Stream s)
    {
        Span<byte> one = stackalloc byte[1];
        return s.Read(one) == 0;
    }
}
