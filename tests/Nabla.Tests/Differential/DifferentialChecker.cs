using System.Text.Json;
using Nabla.Autograd;

namespace Nabla.Tests.Differential;

/// <summary>
/// Replays one <see cref="DifferentialCase"/> in Nabla and lists every way it differs from PyTorch: error or not,
/// output dtype/shape/values, reverse-mode gradients, forward-mode tangent and Hessian-vector product.
/// </summary>
public static class DifferentialChecker
{
    /// <summary>What was checked: error, output, grad, jvp, hvp.</summary>
    public enum Check
    {
        /// <summary>Whether the op throws, as PyTorch raises.</summary>
        Error,
        /// <summary>The output's dtype, shape and values.</summary>
        Output,
        /// <summary>Reverse-mode gradients of the bases for PyTorch's upstream gradient.</summary>
        Grad,
        /// <summary>The forward-mode tangent of the output.</summary>
        Jvp,
        /// <summary>The gradient of ⟨grad, v⟩ built with createGraph.</summary>
        Hvp,
    }

    /// <summary>One difference from PyTorch.</summary>
    public readonly record struct Problem(Check Check, string Message);

    /// <summary>Every difference between Nabla and PyTorch on <paramref name="c"/> (empty when they agree).</summary>
    public static List<Problem> Run(DifferentialCase c)
    {
        var problems = new List<Problem>();
        var fn = DifferentialOps.Functions[c.Op];
        var bases = c.Bases(requiresGrad: true);
        Tensor y;
        try
        {
            y = fn(c.Views(bases), c.Args);
        }
        catch (Exception e)
        {
            if (c.Error is null) problems.Add(new(Check.Error, $"Nabla threw {e.GetType().Name}: {e.Message} where PyTorch computes it"));
            return problems;
        }
        if (c.Error is { } error)
        {
            problems.Add(new(Check.Error, $"Nabla returned {y.DType}{y.Shape} where PyTorch raises {error}"));
            return problems;
        }
        Compare(c, problems, Check.Output, "output", c.Result("out")!.Value, y);
        if (problems.Count > 0) return problems;
        if (c.Result("upstream") is { } upstream) CheckReverse(c, bases, y, upstream, problems);
        if (c.Result("jvp") is { } jvp) CheckForward(c, fn, jvp, problems);
        return problems;
    }

    private static void CheckReverse(DifferentialCase c, Tensor[] bases, Tensor y, JsonElement upstream, List<Problem> problems)
    {
        bool second = c.Result("hvp") is not null;
        try
        {
            if (!y.RequiresGrad)
            {
                problems.Add(new(Check.Grad, "the output does not require grad where PyTorch's does"));
                return;
            }
            y.Backward(DifferentialCase.ReadTensor(upstream), createGraph: second);
        }
        catch (Exception e)
        {
            problems.Add(new(Check.Grad, $"Backward threw {e.GetType().Name}: {e.Message}"));
            return;
        }
        var grads = bases.Select(b => b.Grad).ToArray();
        for (int i = 0; i < bases.Length; i++)
            if (c.Result("grads", i) is { } g) Compare(c, problems, Check.Grad, $"grad of input {i}", g, grads[i] ?? Tensor.ZerosLike(bases[i]));
        if (!second || problems.Count > 0) return;
        try
        {
            Tensor? s = null;
            for (int i = 0; i < bases.Length; i++)
            {
                bases[i].Grad = null;
                if (grads[i] is { RequiresGrad: true } gi && c.Result("hv_dir", i) is { } v)
                    s = s is null ? (gi * DifferentialCase.ReadTensor(v)).Sum() : s + (gi * DifferentialCase.ReadTensor(v)).Sum();
            }
            s?.Backward();
        }
        catch (Exception e)
        {
            problems.Add(new(Check.Hvp, $"second Backward threw {e.GetType().Name}: {e.Message}"));
            return;
        }
        for (int i = 0; i < bases.Length; i++)
            if (c.Result("hvp", i) is { } h) Compare(c, problems, Check.Hvp, $"Hessian-vector product of input {i}", h, bases[i].Grad ?? Tensor.ZerosLike(bases[i]));
    }

    private static void CheckForward(DifferentialCase c, Func<Tensor[], JsonElement, Tensor> fn, JsonElement expected, List<Problem> problems)
    {
        Tensor tangent;
        try
        {
            var duals = c.Bases(requiresGrad: false).Select(c.Dual).ToArray();
            var y = fn(c.Views(duals), c.Args);
            tangent = ForwardAD.Tangent(y) ?? Tensor.ZerosLike(y);
        }
        catch (Exception e)
        {
            problems.Add(new(Check.Jvp, $"forward mode threw {e.GetType().Name}: {e.Message}"));
            return;
        }
        Compare(c, problems, Check.Jvp, "JVP", expected, tangent);
    }

    private static void Compare(DifferentialCase c, List<Problem> problems, Check check, string what, JsonElement expected, Tensor actual)
    {
        string dtype = expected.GetProperty("dtype").GetString()!;
        var shape = DifferentialCase.Ints(expected.GetProperty("shape"));
        string actualDType = actual.DType.ToString().ToLowerInvariant();
        if (actualDType != dtype || !shape.AsSpan().SequenceEqual(actual.Dims))
        {
            problems.Add(new(check, $"{what}: Nabla gives {actualDType}{actual.Shape}, PyTorch {dtype}[{string.Join(",", shape)}]"));
            return;
        }
        var e = expected.GetProperty("data").EnumerateArray().Select(DifferentialCase.ReadDouble).ToArray();
        var a = actual.Detach().ToArray<double>();
        double scale = Math.Max(1, e.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max());
        // PyTorch computes some float64 results of float32 inputs partly in float32 (the exponent's gradient of
        // f32 ** f64 takes the log of the float32 base), so a case with any float32 input gets float32 tolerances.
        bool single = dtype == "float32" || c.InputDTypes.Contains("float32");
        (double rtol, double atol) = dtype is "float32" or "float64" ? single ? (2e-4, 2e-5 * scale) : (1e-9, 1e-11 * scale) : (0.0, 0.0);
        for (int i = 0; i < e.Length; i++)
        {
            bool ok = double.IsNaN(e[i]) ? double.IsNaN(a[i])
                : double.IsInfinity(e[i]) ? e[i] == a[i]
                : Math.Abs(e[i] - a[i]) <= atol + rtol * Math.Abs(e[i]);
            if (!ok)
            {
                problems.Add(new(check, $"{what} ({dtype}[{string.Join(",", shape)}]) differs at flat index {i}: PyTorch {e[i]:G9}, Nabla {a[i]:G9}"));
                return;
            }
        }
    }
}
