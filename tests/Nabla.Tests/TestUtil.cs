using Nabla.Autograd;
using Xunit;

namespace Nabla.Tests;

/// <summary>Shared helpers for op tests: gradient checks in both modes and the adjoint identity.</summary>
public static class TestUtil
{
    /// <summary>A float64 leaf of standard normal values (seeded) that requires grad.</summary>
    public static Tensor Leaf(int seed, params int[] shape) =>
        Tensor.Randn(shape, DType.Float64, new Generator(seed)).RequiresGrad_();

    /// <summary>A float64 leaf of uniform values in [lo, hi) (seeded) that requires grad.</summary>
    public static Tensor Uniform(int seed, double lo, double hi, params int[] shape) =>
        (Tensor.Rand(shape, DType.Float64, new Generator(seed)) * (hi - lo) + lo).Detach().RequiresGrad_();

    /// <summary>Asserts reverse-mode, forward-mode and the adjoint identity ⟨v, J·u⟩ = ⟨Jᵀ·v, u⟩ for <paramref name="f"/>.</summary>
    public static void CheckAll(Func<Tensor[], Tensor> f, params Tensor[] inputs) => CheckAll(f, 1e-5, 1e-3, 1e-6, inputs);

    /// <summary>As <see cref="CheckAll(Func{Tensor[], Tensor}, Tensor[])"/> with explicit tolerances and finite-difference step.</summary>
    public static void CheckAll(Func<Tensor[], Tensor> f, double atol, double rtol, double eps, params Tensor[] inputs)
    {
        var rev = GradCheck.Check(f, inputs, eps, atol, rtol);
        Assert.True(rev.Passed, "reverse mode: " + rev.Message);
        var fwd = GradCheck.CheckForward(f, inputs, eps, atol, rtol);
        Assert.True(fwd.Passed, "forward mode: " + fwd.Message);
        CheckAdjoint(f, inputs);
    }

    /// <summary>⟨v, J·u⟩ = ⟨Jᵀ·v, u⟩ for seeded random u and v.</summary>
    public static void CheckAdjoint(Func<Tensor[], Tensor> f, Tensor[] inputs, int seed = 7)
    {
        var gen = new Generator(seed);
        var us = inputs.Select(x => x.RequiresGrad ? Tensor.Randn(x.Dims, DType.Float64, gen) : Tensor.Zeros(x.Dims, DType.Float64)).ToArray();
        var (y, jvp) = ForwardAD.Jvp(f, inputs, us);
        var v = Tensor.Randn(y.Dims, DType.Float64, gen);
        double lhs = (v * jvp).Sum().Item();
        foreach (var x in inputs) x.Grad = null;
        var y2 = f(inputs);
        if (!y2.RequiresGrad)
        {
            Assert.Equal(0, lhs, 9);
            return;
        }
        y2.Backward(v);
        double rhs = 0;
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].Grad is { } g) rhs += (g * us[i]).Sum().Item();
        foreach (var x in inputs) x.Grad = null;
        Assert.True(Math.Abs(lhs - rhs) <= 1e-8 * (1 + Math.Abs(lhs)), $"adjoint identity: <v, J u> = {lhs}, <J^T v, u> = {rhs}");
    }

    /// <summary>
    /// ⟨v, J_i·u⟩ = ⟨(Jᵀ·v)_i, u⟩ with a tangent on input i alone (the others plain tensors, not duals with zero
    /// tangents), for each input that requires grad: the forward rules' paths for absent tangents, where a tangent
    /// passed through a broadcasting op keeps its input's shape instead of the output's.
    /// </summary>
    public static void CheckAdjointOneInputAtATime(Func<Tensor[], Tensor> f, Tensor[] inputs, double tol = 1e-8, int seed = 11)
    {
        var gen = new Generator(seed);
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!inputs[i].RequiresGrad) continue;
            var u = Tensor.Randn(inputs[i].Dims, DType.Float64, gen);
            var args = (Tensor[])inputs.Clone();
            args[i] = ForwardAD.MakeDual(inputs[i], u);
            var y = f(args);
            var jvp = ForwardAD.Tangent(y) ?? Tensor.ZerosLike(y);
            Assert.True(jvp.Shape == y.Shape, $"input {i}: tangent shape {jvp.Shape}, output shape {y.Shape}");
            var v = Tensor.Randn(y.Dims, DType.Float64, gen);
            double lhs = (v * jvp).Sum().Item();
            foreach (var x in inputs) x.Grad = null;
            var y2 = f(inputs);
            double rhs = 0;
            if (y2.RequiresGrad)
            {
                y2.Backward(v);
                if (inputs[i].Grad is { } g) rhs = (g * u).Sum().Item();
            }
            foreach (var x in inputs) x.Grad = null;
            Assert.True(Math.Abs(lhs - rhs) <= tol * (1 + Math.Abs(lhs)), $"input {i} alone: <v, J u> = {lhs}, <J^T v, u> = {rhs}");
        }
    }

    /// <summary>Asserts two arrays agree elementwise within a relative-plus-absolute tolerance.</summary>
    public static void AssertClose(double[] expected, double[] actual, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e)) { Assert.True(double.IsNaN(a), $"element {i}: expected NaN, got {a}"); continue; }
            if (double.IsInfinity(e)) { Assert.Equal(e, a); continue; }
            Assert.True(Math.Abs(e - a) <= atol + rtol * Math.Abs(e), $"element {i}: expected {e:G9}, got {a:G9}");
        }
    }
}
