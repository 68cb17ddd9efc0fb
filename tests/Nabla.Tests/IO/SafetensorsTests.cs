using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Nabla.IO;
using Xunit;

namespace Nabla.Tests.IO;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-st").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Dictionary<string, Tensor> Sample() => new()
    {
        ["w"] = Tensor.FromArray(new float[] { 1.5f, -2, 3.25f, 4, 5, 6 }, 2, 3),
        ["b.t"] = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3).T,
        ["d"] = Tensor.FromArray(new[] { Math.PI, -0.0, double.MaxValue }),
        ["steps"] = Tensor.Scalar(7, DType.Int64),
        ["i"] = Tensor.FromArray(new[] { -1, 2, int.MaxValue }),
        ["mask"] = Tensor.FromArray(new[] { true, false, true }),
        ["empty"] = Tensor.Zeros([0, 4]),
    };

    [Fact]
    public void RoundTripsEveryDTypeWithMetadataAndAlignedHeader()
    {
        string path = Path.Combine(_dir, "a.safetensors");
        var sample = Sample();
        Safetensors.Save(path, sample, new Dictionary<string, string> { ["format"] = "pt" });
        var loaded = Safetensors.Load(path, out var meta);
        Assert.Equal("pt", meta["format"]);
        Assert.Equal(sample.Keys.Order(StringComparer.Ordinal), loaded.Keys);
        foreach (var (k, t) in sample)
        {
            Assert.Equal(t.DType, loaded[k].DType);
            Assert.Equal(t.Dims, loaded[k].Dims);
            Assert.Equal(t.ToArray<double>(), loaded[k].ToArray<double>());
        }
        var bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"},\"b.t\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}", header);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void PyTorchReadsTheFile()
    {
        string path = Path.Combine(_dir, "py.safetensors");
        Safetensors.Save(path, Sample());
        // Read back by PyTorch through the shared minimal reader (Debian ships no safetensors package).
        const string Script = """
import json, sys
import safetensors_torch
tensors, _ = safetensors_torch.read(sys.argv[1])
print(json.dumps({k: {'shape': list(t.shape), 'sum': float(t.double().sum()), 'first': float(t.flatten()[0]) if t.numel() else None}
                  for k, t in tensors.items()}))
""";
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "Interop"),
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal(17.75, r.GetProperty("w").GetProperty("sum").GetDouble());
        Assert.Equal(1.0, r.GetProperty("b.t").GetProperty("first").GetDouble());
        Assert.Equal(3, r.GetProperty("b.t").GetProperty("shape")[0].GetInt32());
        Assert.Equal(7.0, r.GetProperty("steps").GetProperty("sum").GetDouble());
        Assert.Equal(2.0, r.GetProperty("mask").GetProperty("sum").GetDouble());
        Assert.Equal(Math.PI, r.GetProperty("d").GetProperty("first").GetDouble());
        Assert.Equal(0, r.GetProperty("empty").GetProperty("shape")[0].GetInt32());
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] MakeFile(string header, int dataBytes)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        return bytes;
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "truncated")]
    [InlineData("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "unsupported dtype 'F16'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "expected 0")]
    [InlineData("{\"a\": [1, 2", 0, "not valid JSON")]
    [InlineData("{\"a\":{\"dtype\":\"F32\"}}", 0, "needs dtype, shape and data_offsets")]
    public void CorruptFilesNameTheFileAndTheProblem(string header, int dataBytes, string problem)
    {
        string path = Write("bad.safetensors", MakeFile(header, dataBytes));
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void ShortFileAndOversizedHeaderAreCorrupt()
    {
        Assert.Contains("fewer than the 8-byte", Assert.Throws<InvalidDataException>(() => Safetensors.Load(Write("s", [1, 2, 3]))).Message);
        var big = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(big, 1000);
        Assert.Contains("header length 1000", Assert.Throws<InvalidDataException>(() => Safetensors.Load(Write("h", big))).Message);
    }

    [Fact]
    public void SavingOverAnExistingFileReplacesItWhole()
    {
        string path = Path.Combine(_dir, "x.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(100) });
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["b"] = Tensor.Ones(2) });
        Assert.Equal(["b"], Safetensors.Load(path).Keys);
        Assert.Single(Directory.GetFiles(_dir));
    }
}
