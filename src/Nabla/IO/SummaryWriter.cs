using System.Buffers.Binary;
using System.Net;
using Nabla.Autograd;

namespace Nabla.IO;

/// <summary>
/// Writes TensorBoard event files, like <c>torch.utils.tensorboard.SummaryWriter</c>: scalars and histograms go into
/// <c>{logDir}/events.out.tfevents.{unix time}.{hostname}</c> as TFRecord-framed <c>tensorflow.Event</c> protos
/// (first record: <c>file_version = "brain.Event:2"</c>). Point <c>tensorboard --logdir</c> at the directory.
/// </summary>
public sealed class SummaryWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly ProtoWriter _proto = new();

    /// <summary>Creates <paramref name="logDir"/> if needed and opens a new event file in it.</summary>
    public SummaryWriter(string logDir)
    {
        Directory.CreateDirectory(logDir);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string host = Dns.GetHostName();
        string path = Path.Combine(logDir, $"events.out.tfevents.{now}.{host}");
        for (int i = 1; File.Exists(path); i++) path = Path.Combine(logDir, $"events.out.tfevents.{now}.{host}.{i}");
        FilePath = path;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        _proto.DoubleField(1, WallTime());
        _proto.StringField(3, "brain.Event:2");
        WriteRecord();
        Flush();
    }

    /// <summary>The event file being written.</summary>
    public string FilePath { get; }

    /// <summary>Logs a scalar (Summary.Value.simple_value, a float) under <paramref name="tag"/> at <paramref name="step"/>.</summary>
    public void AddScalar(string tag, double value, long step)
    {
        BeginEvent(step);
        _proto.MessageField(5, summary => summary.MessageField(1, v =>
        {
            v.StringField(1, tag);
            v.FloatField(2, (float)value);
        }));
        WriteRecord();
    }

    /// <summary>
    /// Logs a histogram (HistogramProto with min, max, num, sum, sum_squares and <paramref name="bins"/> equal-width
    /// buckets given by their right edges) of the elements of <paramref name="values"/>; non-finite elements are skipped.
    /// </summary>
    public void AddHistogram(string tag, Tensor values, long step, int bins = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double[] data;
        using (GradMode.NoGrad()) data = values.ToArray<double>();
        AddHistogram(tag, data, step, bins);
    }

    /// <summary>As <see cref="AddHistogram(string, Tensor, long, int)"/> for an array of values.</summary>
    public void AddHistogram(string tag, ReadOnlySpan<double> values, long step, int bins = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSq = 0, num = 0;
        foreach (double x in values)
        {
            if (!double.IsFinite(x)) continue;
            min = Math.Min(min, x);
            max = Math.Max(max, x);
            sum += x;
            sumSq += x * x;
            num++;
        }
        if (num == 0) min = max = 0;
        var limits = new double[bins];
        var counts = new double[bins];
        double width = (max - min) / bins;
        for (int i = 0; i < bins; i++) limits[i] = i == bins - 1 ? max : min + width * (i + 1);
        foreach (double x in values)
        {
            if (!double.IsFinite(x)) continue;
            int b = width > 0 ? (int)((x - min) / width) : bins - 1;
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        BeginEvent(step);
        _proto.MessageField(5, summary => summary.MessageField(1, v =>
        {
            v.StringField(1, tag);
            v.MessageField(5, h =>
            {
                h.DoubleField(1, min);
                h.DoubleField(2, max);
                h.DoubleField(3, num);
                h.DoubleField(4, sum);
                h.DoubleField(5, sumSq);
                h.PackedDoubles(6, limits);
                h.PackedDoubles(7, counts);
            });
        }));
        WriteRecord();
    }

    /// <summary>Pushes written events to disk so a running TensorBoard sees them.</summary>
    public void Flush() => _stream.Flush();

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose() => _stream.Dispose();

    private static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private void BeginEvent(long step)
    {
        _proto.DoubleField(1, WallTime());
        _proto.Int64Field(2, step);
    }

    private void WriteRecord()
    {
        var data = _proto.Written;
        Span<byte> head = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(head, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(head[8..], Crc32C.Masked(head[..8]));
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, Crc32C.Masked(data));
        _stream.Write(head);
        _stream.Write(data);
        _stream.Write(tail);
        _proto.Clear();
    }
}
