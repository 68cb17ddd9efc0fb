namespace Nabla.IO;

/// <summary>How <see cref="Png.RenderHeatmap"/> turns a value in [0, 1] into a colour.</summary>
public enum HeatmapColormap
{
    /// <summary>Black (0) to white (1), grayscale output.</summary>
    Gray,

    /// <summary>Black → red → yellow → white, RGB output (matplotlib's "hot").</summary>
    Hot,
}

public static partial class Png
{
    /// <summary>
    /// Renders a matrix (R, C) as an image of R × C square cells of <paramref name="cellSize"/> pixels: row r is the
    /// r-th band from the top, column c the c-th from the left (for attention: rows are output tokens, columns input
    /// tokens). Values are clamped to [0, 1], after dividing by the largest value when <paramref name="normalize"/> is
    /// set. Returns the pixels (row-major, top row first), the size, and the layout (grayscale for
    /// <see cref="HeatmapColormap.Gray"/>, RGB otherwise).
    /// </summary>
    public static (byte[] Pixels, int Width, int Height, PngColor Color) RenderHeatmap(Tensor matrix, int cellSize = 16,
        HeatmapColormap colormap = HeatmapColormap.Gray, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rank != 2 || matrix.Size(0) == 0 || matrix.Size(1) == 0)
            throw new ArgumentException($"RenderHeatmap: expected a non-empty matrix (R, C), got shape {matrix.Shape}.");
        if (cellSize < 1) throw new ArgumentOutOfRangeException(nameof(cellSize), $"RenderHeatmap: cell size must be positive, got {cellSize}.");
        if (!Enum.IsDefined(colormap)) throw new ArgumentOutOfRangeException(nameof(colormap), $"RenderHeatmap: unknown colormap {colormap}.");
        int rows = matrix.Size(0), cols = matrix.Size(1);
        if ((long)rows * cellSize * cols * cellSize * 3 > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(cellSize), $"RenderHeatmap: {rows} x {cols} cells of {cellSize} pixels is too large.");
        var values = matrix.Detach().To(DType.Float64).Contiguous().ToArray<double>();
        foreach (double v in values)
            if (!double.IsFinite(v)) throw new ArgumentException($"RenderHeatmap: the matrix holds a non-finite value ({v}).");
        double scale = 1;
        if (normalize)
        {
            double max = values.Max();
            if (max > 0) scale = 1 / max;
        }

        var color = colormap == HeatmapColormap.Gray ? PngColor.Gray : PngColor.Rgb;
        int channels = Channels(color), width = cols * cellSize, height = rows * cellSize;
        var pixels = new byte[width * height * channels];
        Span<byte> cell = stackalloc byte[3];
        for (int r = 0; r < rows; r++)
        {
            int top = r * cellSize * width * channels;
            for (int c = 0; c < cols; c++)
            {
                double v = Math.Clamp(values[r * cols + c] * scale, 0, 1);
                if (colormap == HeatmapColormap.Gray) cell[0] = ToByte(v);
                else
                {
                    cell[0] = ToByte(3 * v);
                    cell[1] = ToByte(3 * v - 1);
                    cell[2] = ToByte(3 * v - 2);
                }
                for (int x = 0; x < cellSize; x++) cell[..channels].CopyTo(pixels.AsSpan(top + (c * cellSize + x) * channels));
            }
            // The cell row's first pixel row is complete; the rest of the band repeats it.
            var first = pixels.AsSpan(top, width * channels);
            for (int y = 1; y < cellSize; y++) first.CopyTo(pixels.AsSpan(top + y * width * channels));
        }
        return (pixels, width, height, color);
    }

    /// <summary>Encodes <see cref="RenderHeatmap"/>'s image as PNG bytes.</summary>
    public static byte[] EncodeHeatmap(Tensor matrix, int cellSize = 16, HeatmapColormap colormap = HeatmapColormap.Gray, bool normalize = false)
    {
        var (pixels, width, height, color) = RenderHeatmap(matrix, cellSize, colormap, normalize);
        return Encode(pixels, width, height, color);
    }

    /// <summary>Writes <see cref="RenderHeatmap"/>'s image to <paramref name="path"/> as PNG, atomically.</summary>
    public static void WriteHeatmap(string path, Tensor matrix, int cellSize = 16, HeatmapColormap colormap = HeatmapColormap.Gray, bool normalize = false)
    {
        var bytes = EncodeHeatmap(matrix, cellSize, colormap, normalize);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    private static byte ToByte(double v) => (byte)Math.Round(255 * Math.Clamp(v, 0, 1));
}
