using System.Text.Json;

namespace Nabla.Tests.Golden;

/// <summary>One case of a Golden/*.json file (written from PyTorch by generate*.py): inputs, output, upstream gradient and input gradients.</summary>
public sealed class GoldenCase
{
    /// <summary>Case name, the key into <see cref="GoldenOps.Functions"/>.</summary>
    public required string Name { get; init; }

    /// <summary>Relative tolerance stated for this case.</summary>
    public double Rtol { get; init; }

    /// <summary>Absolute tolerance stated for this case.</summary>
    public double Atol { get; init; }

    /// <summary>Input tensors.</summary>
    public required Tensor[] Inputs { get; init; }

    /// <summary>PyTorch's output.</summary>
    public required Tensor Output { get; init; }

    /// <summary>Upstream gradient used for backward, or null for non-differentiable cases.</summary>
    public Tensor? GradOutput { get; init; }

    /// <summary>PyTorch's gradients of each input (null for integer/bool inputs).</summary>
    public Tensor?[] Grads { get; init; } = [];

    /// <summary>Shown by xunit.</summary>
    public override string ToString() => Name;

    private static readonly Lazy<IReadOnlyList<GoldenCase>> Cases = new(Load);

    /// <summary>All cases of all golden files; names are unique across files.</summary>
    public static IReadOnlyList<GoldenCase> All => Cases.Value;

    /// <summary>Reads every Golden/*.json file (one per generator script).</summary>
    private static IReadOnlyList<GoldenCase> Load()
    {
        var list = new List<GoldenCase>();
        foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "*.json").Order())
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                list.Add(new GoldenCase
                {
                    Name = c.GetProperty("name").GetString()!,
                    Rtol = c.GetProperty("rtol").GetDouble(),
                    Atol = c.GetProperty("atol").GetDouble(),
                    Inputs = c.GetProperty("inputs").EnumerateArray().Select(ReadTensor).ToArray(),
                    Output = ReadTensor(c.GetProperty("output")),
                    GradOutput = c.TryGetProperty("grad_output", out var g) ? ReadTensor(g) : null,
                    Grads = c.TryGetProperty("grads", out var gs)
                        ? gs.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : ReadTensor(e)).ToArray()
                        : [],
                });
            }
        }
        return list;
    }

    private static double ReadDouble(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? v.GetString() switch
        {
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var text => throw new InvalidDataException($"ops.json: unexpected number text '{text}'"),
        }
        : v.GetDouble();

    private static Tensor ReadTensor(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var data = e.GetProperty("data");
        // FromArray without a shape gives 1-D, so 0-d tensors are reshaped afterwards.
        var flat = e.GetProperty("dtype").GetString() switch
        {
            "float32" => Tensor.FromArray(data.EnumerateArray().Select(v => (float)ReadDouble(v)).ToArray()),
            "float64" => Tensor.FromArray(data.EnumerateArray().Select(ReadDouble).ToArray()),
            "int64" => Tensor.FromArray(data.EnumerateArray().Select(v => v.GetInt64()).ToArray()),
            "bool" => Tensor.FromArray(data.EnumerateArray().Select(v => v.GetBoolean()).ToArray()),
            var d => throw new InvalidDataException($"ops.json: unsupported dtype {d}"),
        };
        return flat.Reshape(shape);
    }
}
