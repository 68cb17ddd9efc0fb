using System.Globalization;

namespace Nabla.Training;

/// <summary>
/// Appends one line per epoch (<c>epoch</c> then the logged keys in sorted order) to a CSV file, like
/// <c>keras.callbacks.CSVLogger</c>. With <c>append</c>, an existing file is continued (its header is kept);
/// otherwise it is overwritten. Each line is flushed as soon as it is written.
/// </summary>
public sealed class CsvLogger(string path, bool append = false, char separator = ',') : Callback
{
    private StreamWriter? _writer;
    private string[]? _keys;

    /// <summary>The CSV file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        bool continuing = append && File.Exists(Path) && new FileInfo(Path).Length > 0;
        _keys = continuing ? File.ReadLines(Path).First().Split(separator).Skip(1).ToArray() : null;
        _writer = new StreamWriter(Path, continuing);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var writer = _writer ?? throw new InvalidOperationException("CsvLogger: OnEpochEnd before OnTrainBegin.");
        if (_keys is null)
        {
            _keys = logs.Keys.Order(StringComparer.Ordinal).ToArray();
            writer.WriteLine("epoch" + separator + string.Join(separator, _keys));
        }
        var cells = _keys.Select(k => logs.TryGetValue(k, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
        writer.WriteLine(epoch.ToString(CultureInfo.InvariantCulture) + separator + string.Join(separator, cells));
        writer.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
