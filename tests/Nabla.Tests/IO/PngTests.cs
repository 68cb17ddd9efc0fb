using System.Diagnostics;
using System.Text.Json;
using Nabla.IO;
using Xunit;

namespace Nabla.Tests.IO;

public sealed class PngTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-png").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Python's reader: checks the signature and every chunk's CRC with zlib.crc32, inflates IDAT and undoes filter 0.</summary>
    private const string Reader = """
import json, struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
pos, chunks, idat = 8, [], b''
while pos < len(data):
    n, = struct.unpack('>I', data[pos:pos + 4])
    kind = data[pos + 4:pos + 8]
    body = data[pos + 8:pos + 8 + n]
    crc, = struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])
    assert crc == zlib.crc32(kind + body) & 0xffffffff, 'crc of ' + kind.decode()
    chunks.append(kind.decode())
    if kind == b'IHDR':
        width, height, depth, ctype, comp, filt, inter = struct.unpack('>IIBBBBB', body)
    if kind == b'IDAT':
        idat += body
    pos += 12 + n
channels = {0: 1, 2: 3}[ctype]
raw = zlib.decompress(idat)
stride = width * channels
rows = []
for y in range(height):
    assert raw[y * (stride + 1)] == 0, 'filter type'
    rows.append(list(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]))
print(json.dumps({'chunks': chunks, 'width': width, 'height': height, 'depth': depth, 'ctype': ctype,
                  'interlace': inter, 'rows': rows}))
""";

    private static JsonElement Decode(string path)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Reader);
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static int[][] Rows(JsonElement image) =>
        image.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Png.Crc32("123456789"u8));
        Assert.Equal(0u, Png.Crc32([]));
        // zlib.crc32(b'IEND') in Python: the CRC every PNG ends with.
        Assert.Equal(0xAE426082u, Png.Crc32("IEND"u8));
    }

    [Fact]
    public void GrayImageDecodesInPythonToTheSamePixels()
    {
        byte[] pixels = [0, 1, 2, 127, 128, 255, 10, 20, 30, 40, 50, 60];
        string path = Path.Combine(_dir, "gray.png");
        Png.Write(path, pixels, 4, 3, PngColor.Gray);
        var image = Decode(path);
        Assert.Equal(["IHDR", "IDAT", "IEND"], image.GetProperty("chunks").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(4, image.GetProperty("width").GetInt32());
        Assert.Equal(3, image.GetProperty("height").GetInt32());
        Assert.Equal(8, image.GetProperty("depth").GetInt32());
        Assert.Equal(0, image.GetProperty("ctype").GetInt32());
        Assert.Equal(0, image.GetProperty("interlace").GetInt32());
        Assert.Equal(pixels, Rows(image).SelectMany(r => r).Select(v => (byte)v).ToArray());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void RgbImageDecodesInPythonToTheSamePixels()
    {
        var pixels = new byte[5 * 2 * 3];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 256);
        string path = Path.Combine(_dir, "rgb.png");
        Png.Write(path, pixels, 5, 2, PngColor.Rgb);
        var image = Decode(path);
        Assert.Equal(5, image.GetProperty("width").GetInt32());
        Assert.Equal(2, image.GetProperty("height").GetInt32());
        Assert.Equal(2, image.GetProperty("ctype").GetInt32());
        Assert.Equal(pixels, Rows(image).SelectMany(r => r).Select(v => (byte)v).ToArray());
    }

    [Fact]
    public void OverwritingReplacesTheWholeFile()
    {
        string path = Path.Combine(_dir, "again.png");
        Png.Write(path, new byte[64 * 64], 64, 64, PngColor.Gray);
        Png.Write(path, [9], 1, 1, PngColor.Gray);
        var image = Decode(path);
        Assert.Equal(1, image.GetProperty("width").GetInt32());
        Assert.Equal(9, Rows(image)[0][0]);
    }

    [Fact]
    public void HeatmapCellsAreBlocksOfScaledValues()
    {
        // Rows are output tokens (top to bottom), columns input tokens (left to right).
        var matrix = Tensor.FromArray(new double[] { 0, 0.5, 1, 0.25, 2, -1 }, 2, 3);
        string path = Path.Combine(_dir, "heat.png");
        Png.WriteHeatmap(path, matrix, cellSize: 3);
        var rows = Rows(Decode(path));
        Assert.Equal(6, rows.Length);
        Assert.Equal(9, rows[0].Length);
        int[] top = [0, 0, 0, 128, 128, 128, 255, 255, 255];
        int[] bottom = [64, 64, 64, 255, 255, 255, 0, 0, 0];
        for (int y = 0; y < 3; y++) Assert.Equal(top, rows[y]);
        for (int y = 3; y < 6; y++) Assert.Equal(bottom, rows[y]);
    }

    [Fact]
    public void NormalizedHotHeatmapIsRgb()
    {
        var matrix = Tensor.FromArray(new float[] { 0.5f, 0.25f, 0f, 1f / 6 }, 2, 2);
        var (pixels, width, height, color) = Png.RenderHeatmap(matrix, cellSize: 1, HeatmapColormap.Hot, normalize: true);
        Assert.Equal((2, 2, PngColor.Rgb), (width, height, color));
        // Divided by the maximum 0.5: values 1, 0.5, 0, 1/3; hot maps v to (3v, 3v − 1, 3v − 2) clamped to [0, 1].
        Assert.Equal(new byte[] { 255, 255, 255, 255, 128, 0, 0, 0, 0, 255, 0, 0 }, pixels);
        string path = Path.Combine(_dir, "hot.png");
        Png.WriteHeatmap(path, matrix, cellSize: 2, HeatmapColormap.Hot, normalize: true);
        var rows = Rows(Decode(path));
        Assert.Equal(new[] { 255, 255, 255, 255, 255, 255, 255, 128, 0, 255, 128, 0 }, rows[1]);
    }

    [Fact]
    public void InvalidInputsNameTheProblem()
    {
        Assert.Contains("needs 6 bytes", Assert.Throws<ArgumentException>(() => Png.Encode(new byte[5], 3, 2, PngColor.Gray)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Png.Encode([], 0, 1, PngColor.Gray));
        Assert.Contains("[3]", Assert.Throws<ArgumentException>(() => Png.RenderHeatmap(Tensor.Zeros(3))).Message);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Png.RenderHeatmap(Tensor.Full([1, 1], double.NaN))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Png.RenderHeatmap(Tensor.Zeros(1, 1), cellSize: 0));
    }
}
