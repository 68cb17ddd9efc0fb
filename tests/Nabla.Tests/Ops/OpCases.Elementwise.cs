namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>Unary math, activations, pow, maximum/minimum, where, clamp.</summary>
    private static IEnumerable<OpCase> ElementwiseCases => [];
}
