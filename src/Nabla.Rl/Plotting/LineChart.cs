using System.Globalization;
using Nabla.IO;

namespace Nabla.Rl.Plotting;

/// <summary>Where <see cref="LineChart"/> draws its legend.</summary>
public enum LegendPosition
{
    /// <summary>Inside the plot area, top left (for rising curves).</summary>
    TopLeft,

    /// <summary>Inside the plot area, bottom right (for curves that rise quickly and stay high).</summary>
    BottomRight,
}

/// <summary>
/// A line chart rendered to RGB pixels and written as PNG: learning curves, regret curves. Axes get "nice" ticks
/// (1, 2, 5 × 10^k) with labels, each series a colour from matplotlib's tab10 cycle and an entry in the legend
/// (top left of the plot area). Series may have different lengths; x defaults to 1, 2, 3, ...
/// </summary>
public sealed class LineChart
{
    private static readonly (byte R, byte G, byte B)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];

    private readonly List<(string Label, double[] X, double[] Y)> _series = [];

    /// <summary>A chart with a title and axis labels.</summary>
    public LineChart(string title, string xLabel, string yLabel)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    /// <summary>The title drawn above the plot.</summary>
    public string Title { get; }

    /// <summary>The x axis label, drawn below the axis.</summary>
    public string XLabel { get; }

    /// <summary>The y axis label, drawn above the axis.</summary>
    public string YLabel { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 720;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 432;

    /// <summary>The lowest y on the axis; null fits the data. Points below are drawn on the axis's edge.</summary>
    public double? YMin { get; init; }

    /// <summary>The highest y on the axis; null fits the data. Points above are drawn on the axis's edge.</summary>
    public double? YMax { get; init; }

    /// <summary>Where the legend goes inside the plot area.</summary>
    public LegendPosition Legend { get; init; } = LegendPosition.TopLeft;

    /// <summary>Adds a series (x defaults to 1..n); non-finite points are skipped. Returns this chart.</summary>
    public LineChart Add(string label, IReadOnlyList<double> y, IReadOnlyList<double>? x = null)
    {
        if (y.Count == 0) throw new ArgumentException($"LineChart.Add: series '{label}' is empty.");
        if (x is not null && x.Count != y.Count) throw new ArgumentException($"LineChart.Add: series '{label}' has {x.Count} x and {y.Count} y values.");
        _series.Add((label, x?.ToArray() ?? Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y.ToArray()));
        return this;
    }

    /// <summary>The number of series added.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Renders to RGB pixels, row-major from the top row.</summary>
    public byte[] Render()
    {
        if (_series.Count == 0) throw new InvalidOperationException("LineChart.Render: no series.");
        if (Width < 200 || Height < 150) throw new InvalidOperationException($"LineChart.Render: {Width}×{Height} is too small (at least 200×150).");
        var img = new Canvas(Width, Height);
        img.Fill(255, 255, 255);
        var (x0, x1) = Range(s => s.X);
        var (y0, y1) = Range(s => s.Y);
        (y0, y1) = (YMin ?? y0, YMax ?? y1);
        if (!(y0 < y1) && YMin is not null && YMax is not null)
            throw new InvalidOperationException($"LineChart.Render: YMin {YMin} is not below YMax {YMax}.");
        if (y1 - y0 < 1e-12 * Math.Max(1, Math.Abs(y0))) (y0, y1) = (y0 - 1, y1 + 1);
        if (x1 - x0 < 1e-12 * Math.Max(1, Math.Abs(x0))) (x0, x1) = (x0 - 1, x1 + 1);
        var yTicks = NiceTicks(y0, y1);
        if (YMin is null) y0 = Math.Min(y0, yTicks[0]);
        if (YMax is null) y1 = Math.Max(y1, yTicks[^1]);
        yTicks = yTicks.Where(t => t >= y0 - 1e-9 * (y1 - y0) && t <= y1 + 1e-9 * (y1 - y0)).ToArray();
        var xTicks = NiceTicks(x0, x1).Where(t => t >= x0 - 1e-9 * Math.Abs(x1 - x0) && t <= x1 + 1e-9 * Math.Abs(x1 - x0)).ToArray();

        string[] yLabels = yTicks.Select(Format).ToArray();
        int left = 14 + yLabels.Max(l => BitmapFont.Measure(l)), right = Width - 16, top = 40, bottom = Height - 40;
        int Px(double x) => left + (int)Math.Round((x - x0) / (x1 - x0) * (right - left));
        int Py(double y) => bottom - (int)Math.Round((Math.Clamp(y, y0, y1) - y0) / (y1 - y0) * (bottom - top));

        for (int i = 0; i < yTicks.Length; i++)
        {
            int py = Py(yTicks[i]);
            img.Line(left, py, right, py, 230, 230, 230);
            img.Text(yLabels[i], left - 6 - BitmapFont.Measure(yLabels[i]), py - 3, 1, 60, 60, 60);
        }
        foreach (double t in xTicks)
        {
            int px = Px(t);
            img.Line(px, top, px, bottom, 230, 230, 230);
            string l = Format(t);
            img.Text(l, px - BitmapFont.Measure(l) / 2, bottom + 6, 1, 60, 60, 60);
        }
        img.Line(left, bottom, right, bottom, 0, 0, 0);
        img.Line(left, top, left, bottom, 0, 0, 0);
        img.Text(Title, (Width - BitmapFont.Measure(Title, 2)) / 2, 8, 2, 0, 0, 0);
        img.Text(YLabel, 4, top - 12, 1, 0, 0, 0);
        img.Text(XLabel, (left + right - BitmapFont.Measure(XLabel)) / 2, Height - 14, 1, 0, 0, 0);

        for (int k = 0; k < _series.Count; k++)
        {
            var (label, xs, ys) = _series[k];
            var (r, g, b) = Palette[k % Palette.Length];
            int? px = null, py = null;
            for (int i = 0; i < xs.Length; i++)
            {
                if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
                {
                    px = py = null;
                    continue;
                }
                int cx = Px(xs[i]), cy = Py(ys[i]);
                if (px is int lx && py is int ly) img.ThickLine(lx, ly, cx, cy, r, g, b);
                else img.ThickLine(cx, cy, cx, cy, r, g, b);
                (px, py) = (cx, cy);
            }
            int legendWidth = 34 + _series.Max(x => BitmapFont.Measure(x.Label)) + 10;
            int ex = Legend == LegendPosition.TopLeft ? left + 10 : right - legendWidth;
            int ey = Legend == LegendPosition.TopLeft ? top + 8 + 12 * k : bottom - 8 - 12 * (_series.Count - k);
            img.ThickLine(ex, ey + 3, ex + 18, ey + 3, r, g, b);
            img.Text(label, ex + 24, ey, 1, 0, 0, 0);
        }
        return img.Pixels;
    }

    /// <summary>Renders and writes the chart as an RGB PNG file.</summary>
    public void Save(string path) => Png.Write(path, Render(), Width, Height, PngColor.Rgb);

    private (double Lo, double Hi) Range(Func<(string Label, double[] X, double[] Y), double[]> pick)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var s in _series)
            foreach (double v in pick(s))
                if (double.IsFinite(v))
                {
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }
        if (double.IsInfinity(lo)) throw new InvalidOperationException("LineChart.Render: no finite points.");
        return (lo, hi);
    }

    /// <summary>About five ticks at multiples of 1, 2 or 5 × 10^k covering [lo, hi].</summary>
    internal static double[] NiceTicks(double lo, double hi)
    {
        double raw = (hi - lo) / 5, mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = mag * (raw / mag < 1.5 ? 1 : raw / mag < 3 ? 2 : raw / mag < 7 ? 5 : 10);
        double first = Math.Floor(lo / step) * step, last = Math.Ceiling(hi / step) * step;
        int n = (int)Math.Round((last - first) / step);
        return Enumerable.Range(0, n + 1).Select(i => Math.Round(first + i * step, 12)).ToArray();
    }

    private static string Format(double v)
    {
        double a = Math.Abs(v);
        return a != 0 && (a >= 1e6 || a < 1e-3) ? v.ToString("0.##E+0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);
    }

    private sealed class Canvas(int width, int height)
    {
        public byte[] Pixels { get; } = new byte[width * height * 3];

        public void Fill(byte r, byte g, byte b)
        {
            for (int i = 0; i < Pixels.Length; i += 3) (Pixels[i], Pixels[i + 1], Pixels[i + 2]) = (r, g, b);
        }

        public void Set(int x, int y, byte r, byte g, byte b)
        {
            if ((uint)x >= (uint)width || (uint)y >= (uint)height) return;
            int i = (y * width + x) * 3;
            (Pixels[i], Pixels[i + 1], Pixels[i + 2]) = (r, g, b);
        }

        public void Line(int x0, int y0, int x1, int y1, byte r, byte g, byte b)
        {
            int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
            while (true)
            {
                Set(x0, y0, r, g, b);
                if (x0 == x1 && y0 == y1) return;
                int e2 = 2 * err;
                if (e2 >= dy)
                {
                    err += dy;
                    x0 += sx;
                }
                if (e2 <= dx)
                {
                    err += dx;
                    y0 += sy;
                }
            }
        }

        public void ThickLine(int x0, int y0, int x1, int y1, byte r, byte g, byte b)
        {
            Line(x0, y0, x1, y1, r, g, b);
            Line(x0 + 1, y0, x1 + 1, y1, r, g, b);
            Line(x0, y0 + 1, x1, y1 + 1, r, g, b);
        }

        public void Text(string text, int x, int y, int scale, byte r, byte g, byte b)
        {
            foreach (char ch in text)
            {
                var glyph = BitmapFont.Glyph(ch);
                for (int row = 0; row < BitmapFont.GlyphHeight; row++)
                    for (int col = 0; col < BitmapFont.GlyphWidth; col++)
                        if ((glyph[row] & (0x10 >> col)) != 0)
                            for (int dy = 0; dy < scale; dy++)
                                for (int dx = 0; dx < scale; dx++) Set(x + col * scale + dx, y + row * scale + dy, r, g, b);
                x += BitmapFont.Advance * scale;
            }
        }
    }
}
