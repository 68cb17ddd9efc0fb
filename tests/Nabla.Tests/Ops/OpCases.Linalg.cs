namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>Matrix products.</summary>
    private static IEnumerable<OpCase> LinalgCases => [];
}
