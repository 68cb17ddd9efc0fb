using System.Reflection;
using Nabla.Autograd;
using Xunit;

namespace Nabla.Tests.Ops;

/// <summary>
/// Every differentiable op is gradient-checked (reverse, forward and adjoint), and the invariants make sure no op
/// can be added without a case here or an explicit <see cref="NonDifferentiableAttribute"/>.
/// </summary>
public class OpInvariantTests
{
    [Theory]
    [MemberData(nameof(OpCases.Rows), MemberType = typeof(OpCases))]
    public void GradCheck(OpCase c) => TestUtil.CheckAll(c.F, c.Atol, c.Rtol, c.Eps, c.Inputs());

    [Theory]
    [MemberData(nameof(OpCases.Rows), MemberType = typeof(OpCases))]
    public void ForwardModeWithATangentOnOneInputMatchesReverseMode(OpCase c) => 
        // Cases that round through float32 (a larger tolerance) hold the identity only to float32 precision.
        TestUtil.CheckAdjointOneInputAtATime(c.F, c.Inputs(), tol: c.Atol * 1e-3);

    [Fact]
    public void EveryAutogradFunctionIsExercisedByAGradCheckCase()
    {
        var seen = new HashSet<string>();
        foreach (var c in OpCases.All)
            Collect(c.F(c.Inputs()).GradFn, seen);
        var functions = typeof(Tensor).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Function)) && !t.IsAbstract)
            .Select(t => t.Name)
            .ToList();
        var missing = functions.Where(n => !seen.Contains(n)).OrderBy(n => n).ToList();
        Assert.True(missing.Count == 0, "autograd functions without a gradient-check case: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryPublicTensorOpIsGradCheckedOrMarkedNonDifferentiable()
    {
        var covered = OpCases.All.Select(c => c.Api).ToHashSet();
        var missing = typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.ReturnType == typeof(Tensor))
            .Where(m => !m.IsStatic || m.GetParameters().Any(p => p.ParameterType == typeof(Tensor) || p.ParameterType == typeof(Tensor[])))
            .Where(m => m.GetCustomAttribute<NonDifferentiableAttribute>() is null)
            .Select(m => m.Name)
            .Where(n => !covered.Contains(n) && !NotOps.Contains(n))
            .Distinct()
            .OrderBy(n => n)
            .ToList();
        Assert.True(missing.Count == 0, "public tensor ops with neither a gradient-check case nor [NonDifferentiable]: " + string.Join(", ", missing));
    }

    /// <summary>Methods returning tensors that are graph plumbing rather than math.</summary>
    private static readonly HashSet<string> NotOps = ["Detach", "RequiresGrad_", "ZerosLike", "OnesLike", "FullLike", "RandLike", "RandnLike"];

    private static void Collect(Function? fn, HashSet<string> seen)
    {
        if (fn is null || !seen.Add(fn.GetType().Name + "#" + fn.GetHashCode())) return;
        seen.Add(fn.GetType().Name);
        foreach (var x in fn.Inputs) Collect(x.GradFn, seen);
    }
}
