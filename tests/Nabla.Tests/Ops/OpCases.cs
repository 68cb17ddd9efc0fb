using Xunit;

namespace Nabla.Tests.Ops;

/// <summary>
/// The table of gradient-check cases for every differentiable op. Each op family keeps its cases in its own
/// partial file; the invariant tests check that every autograd function and every public differentiable
/// method appears here.
/// </summary>
public static partial class OpCases
{
    /// <summary>All cases of all families.</summary>
    public static IReadOnlyList<OpCase> All { get; } =
        [.. CoreCases, .. ElementwiseCases, .. ReductionCases, .. ViewCases, .. LinalgCases, .. ConvCases, .. LayersCases, .. RnnCases, .. AttentionCases, .. RecurrentCases];

    /// <summary>xunit member data: one row per case.</summary>
    public static TheoryData<OpCase> Rows()
    {
        var data = new TheoryData<OpCase>();
        foreach (var c in All) data.Add(c);
        return data;
    }

    /// <summary>A strided (transposed) float64 view of seeded normal values that requires grad through the view.</summary>
    public static Tensor TransposedLeaf(int seed, int rows, int cols)
    {
        var baseLeaf = Tensor.Randn([cols, rows], DType.Float64, new Generator(seed));
        var view = baseLeaf.NewView([rows, cols], [1, rows], 0);
        return view.RequiresGrad_();
    }
}
