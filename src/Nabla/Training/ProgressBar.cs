using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Nabla.Training;

/// <summary>
/// Keras-style progress display for one epoch (<c>keras.utils.Progbar</c>): on a terminal a single line rewritten with
/// a carriage return, <c>12/50 [=====&gt;........] - ETA: 3s - loss: 0.4211 - accuracy: 0.8750</c>; otherwise (output
/// redirected) nothing until <see cref="Finish(int, IReadOnlyDictionary{string, double})"/>, which prints one plain line per epoch.
/// </summary>
public sealed class ProgressBar
{
    private const int Width = 30;
    private readonly TextWriter _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StringBuilder _line = new();
    private int _lastLength;
    private long _lastDrawTicks = long.MinValue;

    /// <summary>A bar for <paramref name="total"/> steps writing to <paramref name="writer"/>; <paramref name="interactive"/> selects the carriage-return form.</summary>
    public ProgressBar(int total, TextWriter writer, bool interactive)
    {
        Total = total;
        _writer = writer;
        Interactive = interactive;
    }

    /// <summary>Number of steps in the epoch.</summary>
    public int Total { get; }

    /// <summary>Whether the line is redrawn in place.</summary>
    public bool Interactive { get; }

    /// <summary>Shows progress after <paramref name="current"/> steps with the running <paramref name="values"/> (redrawn at most 20 times a second).</summary>
    public void Update(int current, IReadOnlyDictionary<string, double> values)
    {
        if (!Interactive) return;
        long now = _clock.ElapsedTicks;
        if (current < Total && now - _lastDrawTicks < Stopwatch.Frequency / 20) return;
        _lastDrawTicks = now;
        double elapsed = _clock.Elapsed.TotalSeconds;
        double eta = current > 0 ? elapsed / current * (Total - current) : 0;
        Render(current, values, "ETA: " + FormatDuration(eta));
        int length = _line.Length;
        if (length < _lastLength) _line.Append(' ', _lastLength - length);
        _lastLength = length;
        _writer.Write('\r');
        _writer.Write(_line);
        _writer.Flush();
    }

    /// <summary>Ends an epoch that ran all <see cref="Total"/> steps (see <see cref="Finish(int, IReadOnlyDictionary{string, double})"/>).</summary>
    public void Finish(IReadOnlyDictionary<string, double> values) => Finish(Total, values);

    /// <summary>
    /// Ends the epoch after <paramref name="current"/> steps (fewer than <see cref="Total"/> when training stopped early):
    /// the final line with the step count, the total time and the epoch's <paramref name="values"/>, then a newline.
    /// </summary>
    public void Finish(int current, IReadOnlyDictionary<string, double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(current);
        double elapsed = _clock.Elapsed.TotalSeconds;
        string time = FormatDuration(elapsed) + " " + FormatDuration(current > 0 ? elapsed / current : 0, perStep: true);
        if (Interactive)
        {
            Render(current, values, time);
            if (_line.Length < _lastLength) _line.Append(' ', _lastLength - _line.Length);
            _writer.Write('\r');
        }
        else
            RenderPlain(current, values, time);
        _writer.WriteLine(_line);
        _writer.Flush();
    }

    private void Render(int current, IReadOnlyDictionary<string, double> values, string timing)
    {
        _line.Clear();
        string count = current.ToString(CultureInfo.InvariantCulture);
        string total = Total.ToString(CultureInfo.InvariantCulture);
        _line.Append(' ', Math.Max(0, total.Length - count.Length)).Append(count).Append('/').Append(total).Append(" [");
        int done = Total > 0 ? (int)((long)Width * current / Total) : Width;
        _line.Append('=', Math.Max(0, done - (current < Total ? 1 : 0)));
        if (current < Total) _line.Append('>');
        _line.Append('.', Width - done).Append("] - ").Append(timing);
        AppendValues(values);
    }

    private void RenderPlain(int current, IReadOnlyDictionary<string, double> values, string timing)
    {
        _line.Clear();
        _line.Append(current.ToString(CultureInfo.InvariantCulture)).Append('/').Append(Total.ToString(CultureInfo.InvariantCulture)).Append(" - ").Append(timing);
        AppendValues(values);
    }

    private void AppendValues(IReadOnlyDictionary<string, double> values)
    {
        foreach (var (k, v) in values) _line.Append(" - ").Append(k).Append(": ").Append(FormatValue(v));
    }

    internal static string FormatValue(double v) =>
        Math.Abs(v) >= 1e-3 || v == 0 || !double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : v.ToString("0.0000e+00", CultureInfo.InvariantCulture);

    private static string FormatDuration(double seconds, bool perStep = false)
    {
        if (perStep)
            return seconds >= 1 ? $"{seconds.ToString("0", CultureInfo.InvariantCulture)}s/step"
                : seconds >= 1e-3 ? $"{(seconds * 1e3).ToString("0", CultureInfo.InvariantCulture)}ms/step"
                : $"{(seconds * 1e6).ToString("0", CultureInfo.InvariantCulture)}us/step";
        if (seconds >= 3600) return $"{(int)(seconds / 3600)}:{(int)(seconds % 3600 / 60):00}:{(int)(seconds % 60):00}";
        if (seconds >= 60) return $"{(int)(seconds / 60)}:{(int)(seconds % 60):00}";
        return $"{(int)Math.Round(seconds)}s";
    }
}
