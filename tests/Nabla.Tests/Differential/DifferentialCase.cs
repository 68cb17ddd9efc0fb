using System.Text.Json;
using Nabla.Autograd;

namespace Nabla.Tests.Differential;

/// <summary>
/// One random case of differential.py: an op, its arguments, its inputs (a base buffer and a view recipe each) and
/// PyTorch's results (output or error, gradients, JVP, Hessian-vector product).
/// </summary>
public sealed class DifferentialCase(JsonElement json)
{
    /// <summary>The case as differential.py wrote it.</summary>
    public JsonElement Json { get; } = json;

    /// <summary>Index of the case in its run (with the seed, enough to regenerate it).</summary>
    public int Id => Json.GetProperty("id").GetInt32();

    /// <summary>Key into <see cref="DifferentialOps.Functions"/>.</summary>
    public string Op => Json.GetProperty("op").GetString()!;

    /// <summary>The op's arguments (ints, doubles, strings, lists), by name.</summary>
    public JsonElement Args => Json.GetProperty("args");

    /// <summary>The input recipes.</summary>
    public JsonElement[] Inputs => Json.GetProperty("inputs").EnumerateArray().ToArray();

    /// <summary>PyTorch's error message when it rejected the case, else null.</summary>
    public string? Error => Json.TryGetProperty("error", out var e) ? e.GetString() : null;

    /// <summary>The named result PyTorch computed, if any.</summary>
    public JsonElement? Result(string name) =>
        Json.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>Element <paramref name="i"/> of a per-input result list, if present and not null.</summary>
    public JsonElement? Result(string name, int i) =>
        Result(name) is { } list && list[i].ValueKind != JsonValueKind.Null ? list[i] : null;

    /// <summary>Dtype names of the inputs, in order.</summary>
    public string[] InputDTypes => Inputs.Select(i => i.GetProperty("dtype").GetString()!).ToArray();

    /// <summary>Input shapes after their views, in order.</summary>
    public int[][] InputShapes => Inputs.Select(ViewShape).ToArray();

    /// <summary>Whether input <paramref name="i"/> is a leaf that requires gradients.</summary>
    public bool WantsGrad(int i) => Inputs[i].GetProperty("grad").GetBoolean();

    /// <summary>The leaf tensors (bases) of the inputs, created fresh, requiring gradients where the recipe says so.</summary>
    public Tensor[] Bases(bool requiresGrad) => Inputs.Select(i =>
    {
        var t = ReadTensor(i);
        return requiresGrad && i.GetProperty("grad").GetBoolean() ? t.RequiresGrad_() : t;
    }).ToArray();

    /// <summary>Applies each input's view recipe to its base.</summary>
    public Tensor[] Views(Tensor[] bases) => bases.Select((b, i) => ApplyView(b, Inputs[i].GetProperty("view"))).ToArray();

    /// <summary>The recipe without data: op, arguments, and per input its dtype, base shape and view steps.</summary>
    public override string ToString()
    {
        var inputs = Inputs.Select(i =>
            $"{i.GetProperty("dtype").GetString()}{i.GetProperty("shape").GetRawText()}" +
            (i.GetProperty("view").GetArrayLength() > 0 ? $" view {i.GetProperty("view").GetRawText()}" : "") +
            (i.GetProperty("grad").GetBoolean() ? " grad" : ""));
        return $"#{Id} {Op} args {Args.GetRawText()} inputs [{string.Join("; ", inputs)}]";
    }

    private static int[] ViewShape(JsonElement input)
    {
        var steps = input.GetProperty("view");
        var shape = input.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        return ApplyView(Tensor.Empty(shape, DType.Float32), steps).Dims.ToArray();
    }

    private static Tensor ApplyView(Tensor t, JsonElement steps)
    {
        foreach (var s in steps.EnumerateArray())
        {
            t = s[0].GetString() switch
            {
                "permute" => t.Permute(Ints(s[1])),
                "slice" => t.Slice(s[1].GetInt32(), s[2].GetInt32(), s[3].GetInt32(), s[4].GetInt32()),
                "narrow" => t.Narrow(s[1].GetInt32(), s[2].GetInt32(), s[3].GetInt32()),
                "expand" => t.Expand(Ints(s[1])),
                var k => throw new InvalidDataException($"differential.py: unknown view step '{k}'"),
            };
        }
        return t;
    }

    /// <summary>The ints of a JSON list.</summary>
    public static int[] Ints(JsonElement list) => list.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>A JSON number, or the strings "nan", "inf", "-inf" that differential.py writes for non-finite values, or a bool as 0/1.</summary>
    public static double ReadDouble(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String => v.GetString() switch
        {
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var text => throw new InvalidDataException($"differential.py: unexpected number text '{text}'"),
        },
        _ => v.GetDouble(),
    };

    /// <summary>A tensor written by differential.py's encode (dtype, shape, flat data), contiguous and detached.</summary>
    public static Tensor ReadTensor(JsonElement e)
    {
        var shape = Ints(e.GetProperty("shape"));
        var data = e.GetProperty("data");
        return e.GetProperty("dtype").GetString() switch
        {
            "float32" => Tensor.FromSpan<float>(data.EnumerateArray().Select(v => (float)ReadDouble(v)).ToArray(), shape),
            "float64" => Tensor.FromSpan<double>(data.EnumerateArray().Select(ReadDouble).ToArray(), shape),
            "int64" => Tensor.FromSpan<long>(data.EnumerateArray().Select(v => v.GetInt64()).ToArray(), shape),
            "bool" => Tensor.FromSpan<bool>(data.EnumerateArray().Select(v => v.GetBoolean()).ToArray(), shape),
            var d => throw new InvalidDataException($"differential.py: unsupported dtype {d}"),
        };
    }

    /// <summary>A tangent of a dual input, made from PyTorch's tangent for base <paramref name="i"/>.</summary>
    public Tensor Dual(Tensor baseTensor, int i) =>
        Result("tangents", i) is { } t ? ForwardAD.MakeDual(baseTensor, ReadTensor(t)) : baseTensor;
}
