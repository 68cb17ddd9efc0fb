namespace Nabla.Autograd;

/// <summary>
/// Forward-mode automatic differentiation with dual tensors (primal + tangent), like PyTorch's
/// <c>torch.autograd.forward_ad</c> and JAX's <c>jvp</c>. Every op propagates tangents with its JVP rule.
/// </summary>
public static class ForwardAD
{
    [ThreadStatic] private static int _suspended;

    /// <summary>Whether ops on this thread propagate tangents (false while a JVP rule itself runs).</summary>
    public static bool IsEnabled => _suspended == 0;

    internal static SuspendScope Suspend()
    {
        _suspended++;
        return default;
    }

    internal readonly struct SuspendScope : IDisposable
    {
        public void Dispose() => _suspended--;
    }

    /// <summary>
    /// A dual tensor: a view of <paramref name="primal"/> carrying <paramref name="tangent"/>, which must have the
    /// same shape and a floating-point dtype.
    /// </summary>
    public static Tensor MakeDual(Tensor primal, Tensor tangent)
    {
        if (primal.Shape != tangent.Shape)
            throw new ArgumentException($"MakeDual: tangent shape {tangent.Shape} differs from primal shape {primal.Shape}.");
        if (!primal.DType.IsFloatingPoint() || tangent.DType != primal.DType)
            throw new ArgumentException($"MakeDual: primal and tangent must share a floating-point dtype, got {primal.DType} and {tangent.DType}.");
        // An alias rather than the primal itself, so the caller's tensor never becomes dual behind its back; it is
        // recorded when the primal needs gradients, so reverse mode still reaches it through the dual.
        var dual = primal.RequiresGrad && GradMode.IsEnabled ? Ops.Alias.Apply(primal) : primal.Detach();
        dual.TangentValue = tangent;
        return dual;
    }

    /// <summary>The tangent of a dual tensor, or null when it carries none.</summary>
    public static Tensor? Tangent(Tensor dual) => dual.TangentValue;

    /// <summary>
    /// Evaluates <paramref name="f"/> at <paramref name="inputs"/> and its directional derivative along
    /// <paramref name="tangents"/> in one forward pass: returns (f(x), J·v).
    /// </summary>
    public static (Tensor Output, Tensor Jvp) Jvp(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor[] tangents)
    {
        if (inputs.Length != tangents.Length)
            throw new ArgumentException($"Jvp: {inputs.Length} inputs but {tangents.Length} tangents.");
        var duals = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) duals[i] = MakeDual(inputs[i], tangents[i]);
        var y = f(duals);
        return (y, y.TangentValue ?? Tensor.ZerosLike(y));
    }

    /// <summary>Single-input convenience overload of <see cref="Jvp(Func{Tensor[], Tensor}, Tensor[], Tensor[])"/>.</summary>
    public static (Tensor Output, Tensor Jvp) Jvp(Func<Tensor, Tensor> f, Tensor input, Tensor tangent) =>
        Jvp(xs => f(xs[0]), [input], [tangent]);
}
