namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>Reductions, softmax and log-softmax.</summary>
    private static IEnumerable<OpCase> ReductionCases => [];
}
