namespace Nabla.Autograd;

/// <summary>
/// Marks a public tensor operation whose result carries no gradient (integer or bool results such as argmax,
/// comparisons and one-hot), so the op-coverage invariant test does not demand a gradient check for it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NonDifferentiableAttribute : Attribute
{
}
