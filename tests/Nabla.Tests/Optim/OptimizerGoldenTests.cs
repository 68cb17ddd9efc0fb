using Xunit;

namespace Nabla.Tests.Optim;

/// <summary>10-step trajectories of every optimizer configuration against PyTorch 1.13 (Golden/Optim/optimizers.json).</summary>
public class OptimizerGoldenTests
{
    /// <summary>Configurations in the golden file.</summary>
    public static TheoryData<string> Cases => OptimGolden.Names("optimizers.json");

    [Fact]
    public void EveryGoldenCaseHasANablaConstruction() =>
        Assert.Equal(OptimGolden.CaseNames("optimizers.json").Order(), OptimGolden.Optimizers.Keys.Order());

    // Errors are relative to max(|reference|, 0.1): parameters here are of order 0.1 to 2, and an element passing near
    // zero would make a purely relative bound meaningless. float64 holds 1e-10, float32 the project's 1e-5.
    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64TrajectoryMatchesPyTorch(string name) => Replay(name, DType.Float64, "float64", 1e-10);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32TrajectoryMatchesPyTorch(string name) => Replay(name, DType.Float32, "float32", 1e-5);

    private static void Replay(string name, DType dtype, string key, double rtol)
    {
        var expected = OptimGolden.Case("optimizers.json", name).GetProperty(key).EnumerateArray().Select(OptimGolden.Doubles).ToArray();
        var problem = new OptimGolden.Problem(dtype);
        var optimizer = OptimGolden.Optimizers[name](problem.W, problem.B);
        for (int step = 0; step < expected.Length; step++)
        {
            problem.Backward(optimizer, dropBiasGrad: name.EndsWith("_skip_b"));
            optimizer.Step();
            var actual = problem.Flat();
            for (int i = 0; i < actual.Length; i++)
            {
                double err = Math.Abs(actual[i] - expected[step][i]) / Math.Max(Math.Abs(expected[step][i]), 0.1);
                Assert.True(err <= rtol, $"{name} {key}: step {step + 1}, element {i}: {actual[i]:R} vs PyTorch {expected[step][i]:R} (relative error {err:E2})");
            }
        }
    }
}
