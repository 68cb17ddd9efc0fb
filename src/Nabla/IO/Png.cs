using System.Buffers.Binary;
using System.IO.Compression;

namespace Nabla.IO;

/// <summary>The pixel layouts <see cref="Png"/> writes: 8 bits per sample.</summary>
public enum PngColor
{
    /// <summary>One byte per pixel (PNG colour type 0).</summary>
    Gray,

    /// <summary>Three bytes per pixel, red, green, blue (PNG colour type 2).</summary>
    Rgb,
}

/// <summary>
/// A minimal PNG encoder (ISO/IEC 15948): 8-bit grayscale or RGB, rows unfiltered, image data deflated by
/// <see cref="ZLibStream"/>, every chunk closed by its CRC-32. Pixels are row-major, top row first.
/// </summary>
public static partial class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Bytes per pixel of <paramref name="color"/>.</summary>
    public static int Channels(PngColor color) => color switch
    {
        PngColor.Gray => 1,
        PngColor.Rgb => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(color), $"Png: unknown colour layout {color}."),
    };

    /// <summary>Encodes a <paramref name="width"/> × <paramref name="height"/> image whose rows of pixels are <paramref name="pixels"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, PngColor color)
    {
        using var stream = new MemoryStream();
        Encode(stream, pixels, width, height, color);
        return stream.ToArray();
    }

    /// <summary>Writes the encoded image to <paramref name="stream"/>.</summary>
    public static void Encode(Stream stream, ReadOnlySpan<byte> pixels, int width, int height, PngColor color)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int channels = Channels(color);
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"Png: width and height must be positive, got {width} x {height}.");
        long rowBytes = (long)width * channels;
        if (rowBytes + 1 > int.MaxValue / height)
            throw new ArgumentOutOfRangeException(nameof(width), $"Png: a {width} x {height} image is too large.");
        if (pixels.Length != rowBytes * height)
            throw new ArgumentException($"Png: {width} x {height} {color} needs {rowBytes * height} bytes of pixels, got {pixels.Length}.");

        stream.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;
        header[9] = color == PngColor.Gray ? (byte)0 : (byte)2;
        WriteChunk(stream, "IHDR"u8, header);

        // Filter type 0 (none) on every row: a zero byte before each row's samples.
        var raw = new byte[(rowBytes + 1) * height];
        for (int y = 0; y < height; y++) pixels.Slice((int)(y * rowBytes), (int)rowBytes).CopyTo(raw.AsSpan((int)(y * (rowBytes + 1) + 1)));
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(raw);
        WriteChunk(stream, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(stream, "IEND"u8, []);
    }

    /// <summary>Writes the image to <paramref name="path"/> atomically (readers see the old file or the whole new one).</summary>
    public static void Write(string path, ReadOnlySpan<byte> pixels, int width, int height, PngColor color)
    {
        var bytes = Encode(pixels, width, height, color);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>The CRC-32 of PNG chunks and zlib's <c>crc32</c> (reflected polynomial 0xEDB88320); <c>Crc32("123456789")</c> is <c>0xCBF43926</c>.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        // The CRC covers the chunk type and data, not the length.
        BinaryPrimitives.WriteUInt32BigEndian(word, ~Update(Update(0xFFFFFFFFu, type), data));
        stream.Write(word);
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
