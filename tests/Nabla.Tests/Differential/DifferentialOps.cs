using System.Text.Json;
using Nabla.Nn;

namespace Nabla.Tests.Differential;

/// <summary>
/// The Nabla side of every op in differential_ops*.py, under the same name and with the same arguments: one
/// dictionary per Python file, each in its own partial file, merged here.
/// </summary>
public static partial class DifferentialOps
{
    /// <summary>Op name → Nabla call on the (viewed) inputs and the case's arguments.</summary>
    public static IReadOnlyDictionary<string, Func<Tensor[], JsonElement, Tensor>> Functions { get; } =
        new[] { Elementwise, Shaped, Neural }.SelectMany(d => d).ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>differential_ops.py: elementwise unary, scalar, binary, comparison and where.</summary>
    private static Dictionary<string, Func<Tensor[], JsonElement, Tensor>> Elementwise => new()
    {
        ["neg"] = (x, a) => -x[0],
        ["abs"] = (x, a) => x[0].Abs(),
        ["exp"] = (x, a) => x[0].Exp(),
        ["log"] = (x, a) => x[0].Log(),
        ["log1p"] = (x, a) => x[0].Log1p(),
        ["expm1"] = (x, a) => x[0].Expm1(),
        ["sqrt"] = (x, a) => x[0].Sqrt(),
        ["rsqrt"] = (x, a) => x[0].Rsqrt(),
        ["sin"] = (x, a) => x[0].Sin(),
        ["cos"] = (x, a) => x[0].Cos(),
        ["tan"] = (x, a) => x[0].Tan(),
        ["tanh"] = (x, a) => x[0].Tanh(),
        ["sigmoid"] = (x, a) => x[0].Sigmoid(),
        ["erf"] = (x, a) => x[0].Erf(),
        ["sign"] = (x, a) => x[0].Sign(),
        ["reciprocal"] = (x, a) => x[0].Reciprocal(),
        ["square"] = (x, a) => x[0].Square(),
        ["relu"] = (x, a) => x[0].Relu(),
        ["silu"] = (x, a) => x[0].Silu(),
        ["relu6"] = (x, a) => x[0].Relu6(),
        ["leaky_relu"] = (x, a) => x[0].LeakyRelu(D(a, "slope")),
        ["elu"] = (x, a) => x[0].Elu(D(a, "alpha")),
        ["gelu"] = (x, a) => x[0].Gelu(S(a, "approximate")),
        ["softplus"] = (x, a) => x[0].Softplus(D(a, "beta"), D(a, "threshold")),
        ["hardtanh"] = (x, a) => x[0].Hardtanh(D(a, "min"), D(a, "max")),
        ["clamp"] = (x, a) => x[0].Clamp(OptD(a, "min"), OptD(a, "max")),
        ["add_scalar"] = (x, a) => Scalar(a, c => x[0] + c, c => x[0] + c),
        ["sub_scalar"] = (x, a) => Scalar(a, c => x[0] - c, c => x[0] - c),
        ["rsub_scalar"] = (x, a) => Scalar(a, c => c - x[0], c => c - x[0]),
        ["mul_scalar"] = (x, a) => Scalar(a, c => x[0] * c, c => x[0] * c),
        ["div_scalar"] = (x, a) => Scalar(a, c => x[0] / (c != 0 ? c : 2), c => x[0] / (c != 0 ? c : 2)),
        ["rdiv_scalar"] = (x, a) => Scalar(a, c => c / x[0], c => c / x[0]),
        ["pow_scalar"] = (x, a) => Scalar(a, c => x[0].Pow(c), c => x[0].Pow(c)),
        ["pow_scalar_int"] = (x, a) => Scalar(a, c => x[0].Pow(c), c => x[0].Pow(c)),
        ["rpow_scalar"] = (x, a) => Scalar(a, c => Tensor.Pow(c, x[0]), c => Tensor.Pow(c, x[0])),
        ["add"] = (x, a) => x[0] + x[1],
        ["sub"] = (x, a) => x[0] - x[1],
        ["mul"] = (x, a) => x[0] * x[1],
        ["div"] = (x, a) => x[0] / x[1],
        ["pow"] = (x, a) => x[0].Pow(x[1]),
        ["maximum"] = (x, a) => x[0].Maximum(x[1]),
        ["minimum"] = (x, a) => x[0].Minimum(x[1]),
        ["eq"] = (x, a) => x[0].Eq(x[1]),
        ["ne"] = (x, a) => x[0].Ne(x[1]),
        ["lt"] = (x, a) => x[0].Lt(x[1]),
        ["le"] = (x, a) => x[0].Le(x[1]),
        ["gt"] = (x, a) => x[0].Gt(x[1]),
        ["ge"] = (x, a) => x[0].Ge(x[1]),
        ["where"] = (x, a) => Tensor.Where(x[0], x[1], x[2]),
    };

    private static double D(JsonElement a, string name) => DifferentialCase.ReadDouble(a.GetProperty(name));

    /// <summary>
    /// Applies the op with argument <c>c</c> as the C# scalar kind matching Python's: an integer literal in the JSON is a
    /// Python int (a <c>long</c> overload, which does not lift integer tensors to float), anything else a float.
    /// </summary>
    private static Tensor Scalar(JsonElement a, Func<long, Tensor> integral, Func<double, Tensor> floating)
    {
        var c = a.GetProperty("c");
        bool isInt = c.ValueKind == JsonValueKind.Number && c.GetRawText().All(ch => char.IsAsciiDigit(ch) || ch == '-');
        return isInt ? integral(c.GetInt64()) : floating(D(a, "c"));
    }

    private static double? OptD(JsonElement a, string name) => a.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetDouble() : null;

    private static int I(JsonElement a, string name) => a.GetProperty(name).GetInt32();

    private static int? OptI(JsonElement a, string name) => a.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetInt32() : null;

    private static bool B(JsonElement a, string name) => a.GetProperty(name).GetBoolean();

    private static string S(JsonElement a, string name) => a.GetProperty(name).GetString()!;

    private static int[] Ints(JsonElement a, string name) => DifferentialCase.Ints(a.GetProperty(name));
}
