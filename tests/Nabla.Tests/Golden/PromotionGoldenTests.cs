using System.Text.Json;
using Xunit;

namespace Nabla.Tests.Golden;

/// <summary>
/// Differential test of type promotion against PyTorch 1.13 (Promotion/promotion.json, from generate_promotion.py):
/// torch.result_type for every pair of bool/int32/int64/float32/float64 dimensioned and 0-d tensors and int, float
/// and bool scalars, then the dtype and values (or the error) of representative ops on the same operands.
/// Each test checks every entry and reports all mismatches at once.
/// </summary>
public class PromotionGoldenTests
{
    private static readonly Lazy<JsonDocument> Data = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "Promotion", "promotion.json"))));

    private static JsonElement Root => Data.Value.RootElement;

    /// <summary>An operand: a tensor, or (when <see cref="T"/> is null) a C# scalar.</summary>
    private readonly record struct Operand(Tensor? T, double S, DType ScalarDType, string Text);

    private static DType ParseDType(string s) => s switch
    {
        "bool" => DType.Bool,
        "int32" => DType.Int32,
        "int64" => DType.Int64,
        "float32" => DType.Float32,
        "float64" => DType.Float64,
        _ => throw new ArgumentException($"unknown dtype {s}"),
    };

    private static Operand Make(JsonElement desc, bool first)
    {
        string kind = desc.GetProperty("kind").GetString()!;
        if (kind == "scalar")
        {
            string s = desc.GetProperty("scalar").GetString()!;
            double v = s switch { "bool" => 1, _ => Root.GetProperty("scalars").GetProperty(s).GetDouble() };
            var dt = s switch { "bool" => DType.Bool, "int" => DType.Int64, _ => DType.Float64 };
            // A C# long is an integer scalar and a double a floating one, whole or not.
            return new Operand(null, v, dt, $"{s} scalar {v}");
        }
        var dtype = ParseDType(desc.GetProperty("dtype").GetString()!);
        var t = kind == "dim"
            ? Tensor.FromArray(Root.GetProperty(first ? "a_values" : "b_values").EnumerateArray().Select(e => e.GetDouble()).ToArray()).To(dtype)
            : Tensor.Scalar(Root.GetProperty(first ? "a_zero" : "b_zero").GetDouble(), dtype);
        return new Operand(t, 0, dtype, $"{dtype}{t.Shape}");
    }

    [Fact]
    public void ResultTypeMatchesTorchForEveryPair()
    {
        var failures = new List<string>();
        foreach (var e in Root.GetProperty("result_type").EnumerateArray())
        {
            var (a, b) = (Make(e.GetProperty("a"), true), Make(e.GetProperty("b"), false));
            var expected = ParseDType(e.GetProperty("result").GetString()!);
            var actual = DTypes.ResultType(a.T ?? Tensor.WrapScalar(a.S, a.ScalarDType), b.T ?? Tensor.WrapScalar(b.S, b.ScalarDType));
            if (actual != expected) failures.Add($"{a.Text} with {b.Text}: torch {expected}, Nabla {actual}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static readonly Tensor Condition = Tensor.FromArray([true, false, true]);

    private static Tensor Binary(string op, Operand a, Operand b)
    {
        if (a.T is null) return a.ScalarDType == DType.Int64 ? ScalarTensor(op, (long)a.S, b.T!) : ScalarTensor(op, a.S, b.T!);
        if (b.T is null) return b.ScalarDType == DType.Int64 ? TensorScalar(op, a.T, (long)b.S) : TensorScalar(op, a.T, b.S);
        return op switch
        {
            "add" => a.T + b.T,
            "sub" => a.T - b.T,
            "mul" => a.T * b.T,
            "div" => a.T / b.T,
            "eq" => a.T.Eq(b.T),
            "lt" => a.T < b.T,
            "pow" => a.T.Pow(b.T),
            "maximum" => a.T.Maximum(b.T),
            "minimum" => a.T.Minimum(b.T),
            "where" => Tensor.Where(Condition, a.T, b.T),
            "cat" => Tensor.Cat([a.T, b.T]),
            _ => throw new ArgumentException($"no Nabla function for golden op '{op}'"),
        };
    }

    private static Tensor TensorScalar(string op, Tensor a, double b) => op switch
    {
        "add" => a + b,
        "sub" => a - b,
        "mul" => a * b,
        "div" => a / b,
        "eq" => a.Eq(b),
        "lt" => a < b,
        "pow" => a.Pow(b),
        "where_scalar" => Tensor.Where(Condition, a, b),
        _ => throw new ArgumentException($"no Nabla function for golden op '{op}'"),
    };

    private static Tensor TensorScalar(string op, Tensor a, long b) => op switch
    {
        "add" => a + b,
        "sub" => a - b,
        "mul" => a * b,
        "div" => a / b,
        "eq" => a.Eq(b),
        "lt" => a < b,
        "pow" => a.Pow(b),
        "where_scalar" => Tensor.Where(Condition, a, b),
        _ => throw new ArgumentException($"no Nabla function for golden op '{op}'"),
    };

    private static Tensor ScalarTensor(string op, double a, Tensor b) => op switch
    {
        "add" => a + b,
        "sub" => a - b,
        "mul" => a * b,
        "div" => a / b,
        "eq" => b.Eq(a),
        "lt" => a < b,
        "pow" => Tensor.Pow(a, b),
        _ => throw new ArgumentException($"no Nabla function for golden op '{op}'"),
    };

    private static Tensor ScalarTensor(string op, long a, Tensor b) => op switch
    {
        "add" => a + b,
        "sub" => a - b,
        "mul" => a * b,
        "div" => a / b,
        "eq" => b.Eq(a),
        "lt" => a < b,
        "pow" => Tensor.Pow(a, b),
        _ => throw new ArgumentException($"no Nabla function for golden op '{op}'"),
    };

    private static Tensor Unary(string op, Tensor x) => op switch
    {
        "neg" => -x,
        "abs" => x.Abs(),
        "sign" => x.Sign(),
        "square" => x.Square(),
        "exp" => x.Exp(),
        "relu" => x.Relu(),
        "sum" => x.Sum(),
        "prod" => x.Prod(),
        "amax" => x.Amax(),
        "amin" => x.Amin(),
        "max" => x.Max(),
        "max_dim" => x.Max(0).Values,
        "argmax" => x.Argmax(),
        "cumsum" => x.Cumsum(0),
        "mean" => x.Mean(),
        "clamp_int" => x.Clamp(-2, 3),
        "clamp_float" => x.Clamp(0.5, 1.5),
        "clamp_min" => x.ClampMin(0),
        "clamp_max_float" => x.ClampMax(1.0),
        "pow2" => x.Pow(2),
        "pow2_float" => x.Pow(2.0),
        "pow_half" => x.Pow(2.5),
        "log" => x.Log(),
        "log1p" => x.Log1p(),
        "expm1" => x.Expm1(),
        "sqrt" => x.Sqrt(),
        "rsqrt" => x.Rsqrt(),
        "sin" => x.Sin(),
        "cos" => x.Cos(),
        "tan" => x.Tan(),
        "tanh" => x.Tanh(),
        "sigmoid" => x.Sigmoid(),
        "erf" => x.Erf(),
        "reciprocal" => x.Reciprocal(),
        "min" => x.Min(),
        "min_dim" => x.Min(0).Values,
        "argmin" => x.Argmin(),
        "var" => x.Var(),
        "std" => x.Std(),
        "logsumexp" => x.LogSumExp(0),
        "softmax" => x.Softmax(0),
        "log_softmax" => x.LogSoftmax(0),
        "isnan" => x.IsNan(),
        "isfinite" => x.IsFinite(),
        "logical_not" => x.LogicalNot(),
        "leaky_relu" => x.LeakyRelu(),
        "elu" => x.Elu(),
        "gelu" => x.Gelu(),
        "softplus" => x.Softplus(),
        "silu" => x.Silu(),
        "hardtanh" => x.Hardtanh(),
        _ => throw new ArgumentException($"no Nabla function for golden op '{op}'"),
    };

    /// <summary>A number, or one of the strings "nan", "inf", "-inf" the generator writes for non-finite values.</summary>
    private static double ReadValue(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? v.GetString() switch { "nan" => double.NaN, "inf" => double.PositiveInfinity, _ => double.NegativeInfinity }
        : v.GetDouble();

    [Fact]
    public void OpsMatchTorchDTypesValuesAndErrors()
    {
        var failures = new List<string>();
        int count = 0;
        foreach (var e in Root.GetProperty("ops").EnumerateArray())
        {
            count++;
            string op = e.GetProperty("op").GetString()!;
            var a = Make(e.GetProperty("a"), true);
            var b = e.TryGetProperty("b", out var bd) ? Make(bd, false) : default;
            string what = b.Text is null ? $"{op}({a.Text})" : $"{op}({a.Text}, {b.Text})";
            Tensor y;
            try
            {
                y = b.Text is null ? Unary(op, a.T!) : Binary(op, a, b);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                if (!e.TryGetProperty("error", out _)) failures.Add($"{what}: torch computes it, Nabla throws {ex.Message}");
                continue;
            }
            if (e.TryGetProperty("error", out _))
            {
                failures.Add($"{what}: torch raises, Nabla gives {y.DType}");
                continue;
            }
            var dtype = ParseDType(e.GetProperty("dtype").GetString()!);
            var shape = e.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).ToArray();
            var values = e.GetProperty("values").EnumerateArray().Select(ReadValue).ToArray();
            if (y.DType != dtype || !y.Shape.ToArray().SequenceEqual(shape))
            {
                failures.Add($"{what}: torch {dtype}{Shape.Format(shape)}, Nabla {y.DType}{y.Shape}");
                continue;
            }
            var actual = y.To(DType.Float64).ToArray<double>();
            for (int i = 0; i < values.Length; i++)
                if (!(actual[i].Equals(values[i]) || Math.Abs(actual[i] - values[i]) <= 1e-6 * Math.Abs(values[i])))
                {
                    failures.Add($"{what}: element {i} torch {values[i]}, Nabla {actual[i]}");
                    break;
                }
        }
        Assert.True(count > 1000, $"expected the full op table, read {count} entries");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} entries differ:\n" + string.Join("\n", failures));
    }
}
