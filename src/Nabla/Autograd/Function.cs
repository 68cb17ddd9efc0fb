namespace Nabla.Autograd;

/// <summary>
/// One differentiable op as a node of the autograd graph. Each op is a subclass that defines, side by side, its
/// forward computation (a static <c>Apply</c>), its reverse rule (<see cref="Backward"/>, the vector-Jacobian
/// product) and its forward rule (<see cref="Jvp"/>, the Jacobian-vector product). Both rules are written in
/// tensor ops, so backward passes can themselves be differentiated (<c>createGraph: true</c>).
/// </summary>
internal abstract class Function
{
    private Tensor[]? _inputs;

    /// <summary>The op's name as shown in errors and <see cref="Tensor.GradFnName"/>.</summary>
    public abstract string Name { get; }

    /// <summary>The tensor inputs, in the order <see cref="Backward"/> returns gradients for them.</summary>
    internal Tensor[] Inputs => _inputs ?? throw new InvalidOperationException(
        $"{Name}: trying to run backward through the graph a second time (or after its buffers were freed). " +
        "Pass retainGraph: true to the first Backward call if you need to run it again.");

    internal bool IsReleased => _inputs is null;

    /// <summary>
    /// Gradients of the inputs given the gradient of the output (same shape as the output). Entries may be null
    /// for inputs that need no gradient. Each gradient must have its input's shape.
    /// </summary>
    internal abstract Tensor?[] Backward(Tensor grad);

    /// <summary>The output's tangent given the inputs' tangents (null entries mean zero tangents).</summary>
    internal abstract Tensor Jvp(Tensor?[] tangents);

    /// <summary>Frees saved tensors once backward has used them.</summary>
    internal virtual void Release() => _inputs = null;

    /// <summary>
    /// Makes a tensor a function caches across backward passes (e.g. the tie weights of a max). It is created
    /// outside every <see cref="TensorScope"/>, since the engine runs each VJP in a scope of its own that disposes
    /// whatever the VJP made and did not return.
    /// </summary>
    internal static Tensor Persistent(Func<Tensor> make)
    {
        using (TensorScope.Suspend()) return make();
    }

    /// <summary>True when an op on <paramref name="x"/> must be recorded for reverse or forward mode.</summary>
    internal static bool Tracks(Tensor x) =>
        (x.RequiresGrad && GradMode.IsEnabled) || (x.TangentValue is not null && ForwardAD.IsEnabled);

    /// <summary>True when an op on <paramref name="a"/> and <paramref name="b"/> must be recorded.</summary>
    internal static bool Tracks(Tensor a, Tensor b) => Tracks(a) || Tracks(b);

    /// <summary>True when an op on any of <paramref name="xs"/> must be recorded.</summary>
    internal static bool Tracks(ReadOnlySpan<Tensor> xs)
    {
        foreach (var x in xs)
            if (Tracks(x)) return true;
        return false;
    }

    /// <summary>
    /// Links <paramref name="output"/> to this function for reverse mode and computes its tangent for forward mode.
    /// Call only after <see cref="Tracks(Tensor)"/> said so.
    /// </summary>
    internal Tensor Record(Tensor output, params Tensor[] inputs)
    {
        _inputs = inputs;
        bool needsGrad = false, hasTangent = false;
        foreach (var x in inputs)
        {
            needsGrad |= x.RequiresGrad;
            hasTangent |= x.TangentValue is not null;
        }
        if (needsGrad && GradMode.IsEnabled)
        {
            output.GradFn = this;
            output.RequiresGrad = true;
        }
        if (hasTangent && ForwardAD.IsEnabled)
        {
            var tangents = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++) tangents[i] = inputs[i].TangentValue;
            Tensor tangent;
            using (ForwardAD.Suspend())
                tangent = Jvp(tangents);
            // The engine holds backward rules to their inputs' shapes; this holds forward rules to their output's, so a
            // rule that passes a tangent through a broadcast fails here instead of corrupting every JVP downstream.
            if (tangent.Shape != output.Shape || tangent.DType != output.DType)
                throw new InvalidOperationException(
                    $"{Name}: forward-mode rule produced a tangent of shape {tangent.Shape} ({tangent.DType}) for an output of shape {output.Shape} ({output.DType}).");
            output.TangentValue = tangent;
        }
        if (output.GradFn is null) _inputs = null;
        return output;
    }
}
