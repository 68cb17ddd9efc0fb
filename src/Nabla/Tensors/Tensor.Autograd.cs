using Nabla.Autograd;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Computes gradients of this tensor with respect to every leaf that requires them, accumulating into their
    /// <see cref="Grad"/>, like PyTorch's <c>tensor.backward()</c>.
    /// </summary>
    /// <param name="gradient">Gradient of some scalar with respect to this tensor; may be omitted for one-element tensors.</param>
    /// <param name="retainGraph">Keep the graph so backward can run through it again.</param>
    /// <param name="createGraph">Record the backward pass itself, so gradients can be differentiated again (implies keeping the graph).</param>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false) =>
        Engine.Backward(this, gradient, retainGraph || createGraph, createGraph);

    /// <summary>Stops graph recording until the returned scope is disposed, like <c>torch.no_grad()</c>.</summary>
    public static GradMode.Scope NoGrad() => GradMode.NoGrad();
}
