namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    /// <summary>Views, indexing and joining.</summary>
    private static IEnumerable<OpCase> ViewCases => [];
}
