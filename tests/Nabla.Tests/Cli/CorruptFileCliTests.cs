using System.Buffers.Binary;
using System.Text;
using Xunit;

namespace Nabla.Tests.Cli;

/// <summary>
/// Corrupt files given to the <c>nabla</c> tool through its real entry point: it prints the reader's message (naming
/// the file and the defect) and exits 1, never aborting with a stack trace. Console redirection is process-wide, so
/// these run alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CorruptFileCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-corrupt-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Nabla(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void PredictWithAnInvalidUtf8SafetensorsHeaderReportsTheFile()
    {
        var header = Encoding.UTF8.GetBytes("{\"a?\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        header[3] = 0xC3;
        var bytes = new byte[8 + header.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        string path = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(path, bytes);
        var (code, _, err) = Nabla("predict", "mlp", "--load", path);
        Assert.Equal(1, code);
        Assert.Contains(path, err);
        Assert.Contains("not valid UTF-8", err);
        Assert.DoesNotContain("   at ", err);
    }
}
