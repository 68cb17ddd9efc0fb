using Xunit;

namespace Nabla.Tests.Golden;

/// <summary>
/// Compares Nabla's float32 outputs and gradients with PyTorch's (ops.json, from generate.py). The bound is
/// |nabla − torch| ≤ rtol·|torch| + atol with rtol = 1e-5 and atol = 1e-6 unless a case states otherwise.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in GoldenCase.All) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesPyTorch(string name)
    {
        var c = GoldenCase.All.Single(k => k.Name == name);
        Assert.True(GoldenOps.Functions.TryGetValue(name, out var f), $"GoldenOps has no Nabla function for case '{name}'.");
        var inputs = c.Inputs.Select(x => x.DType.IsFloatingPoint() ? x.Clone().RequiresGrad_() : x).ToArray();
        var y = f!(inputs);
        Assert.Equal(c.Output.Shape, y.Shape);
        Assert.Equal(c.Output.DType, y.DType);
        AssertClose(c.Output, y, c, "output");
        if (c.GradOutput is null) return;
        y.Backward(c.GradOutput);
        for (int i = 0; i < inputs.Length; i++)
        {
            if (c.Grads[i] is not { } expected) continue;
            Assert.True(inputs[i].Grad is not null, $"{name}: input {i} received no gradient");
            AssertClose(expected, inputs[i].Grad!, c, $"grad of input {i}");
        }
    }

    [Fact]
    public void EveryGoldenFunctionHasACase()
    {
        var names = GoldenCase.All.Select(c => c.Name).ToHashSet();
        var orphans = GoldenOps.Functions.Keys.Where(k => !names.Contains(k)).ToList();
        Assert.True(orphans.Count == 0, "GoldenOps entries without a case in ops.json: " + string.Join(", ", orphans));
    }

    private static void AssertClose(Tensor expected, Tensor actual, GoldenCase c, string what)
    {
        var e = expected.ToArray<double>();
        var a = actual.ToArray<double>();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            double tol = c.Atol + c.Rtol * Math.Abs(e[i]);
            Assert.True(Math.Abs(e[i] - a[i]) <= tol || (double.IsNaN(e[i]) && double.IsNaN(a[i])),
                $"{c.Name}: {what} element {i}: torch {e[i]:G9}, nabla {a[i]:G9} (tolerance {tol:G3})");
        }
    }
}
