using Xunit;

namespace Nabla.Tests.Kernels;

/// <summary>
/// Float32 reductions and scans against a float64 reference on the same (float32) values, over 10⁵ elements in
/// each layout the kernels distinguish (one long row; a reduced dim with an inner extent, folded row by row).
/// Each bound is a small multiple of the error PyTorch 1.13's float32 op has on such data (measured with
/// <c>/usr/bin/python3</c>, float32 op against float64 op on <c>torch.randn(100000)</c> and <c>torch.rand(100000)</c>,
/// error = max |a − ref| / max |ref|), listed beside each case.
/// </summary>
[Trait("Category", "Kernels")]
public class ReduceAccuracyTests
{
    private const int N = 100_000;

    public static TheoryData<string, string, double> Cases => new()
    {
        // op, layout, bound                  torch 1.13 error (randn; rand)
        { "Cumsum", "row", 1e-7 },            // 4.0e-8; 3.9e-8 (double accumulation: only the output's rounding)
        { "Cumsum", "dim 0, inner 100", 1e-7 }, // 4.1e-8; 5.8e-8
        { "Cumsum", "dim 0, inner 3", 1e-7 },   // 4.0e-8; 3.9e-8
        { "Sum", "row", 4e-6 },               // 1.8e-6; 5.9e-9 (randn sums to a small value: cancellation)
        { "Sum", "dim 0, inner 100", 4e-7 },  // 1.3e-7; 1.1e-7
        { "Mean", "row", 4e-6 },              // 1.8e-6; 2.9e-8
        { "Var", "row", 1e-7 },               // 1.0e-8; 3.1e-8
        { "Var", "dim 0, inner 3", 1e-7 },    // 1.0e-8; 3.1e-8
        { "Std", "row", 1e-7 },               // 4.6e-8; 3.6e-8
        { "LogSumExp", "row", 1e-7 },         // 7.7e-9; 3.8e-8
        // A product's rounding error does not depend on the order of the factors (each multiply errs by ≤ u
        // relative to its result), so pairwise products gain nothing; float32 products keep PyTorch's accuracy.
        { "Prod", "row", 2.5e-4 },            // 1.4e-4; 1.1e-5 (of 1 + 1e-4·x)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32MatchesAFloat64ReferenceAsCloselyAsTorch(string op, string layout, double bound)
    {
        foreach (var (name, values) in new[] { ("randn", Tensor.Randn([N], DType.Float64, new Generator(5))), ("rand", Tensor.Rand([N], DType.Float64, new Generator(6))) })
        {
            var x32 = (op == "Prod" ? values * 1e-4 + 1.0 : values).To(DType.Float32);
            var x64 = x32.To(DType.Float64);
            var actual = Apply(op, layout, x32).To(DType.Float64);
            var expected = Apply(op, layout, x64);
            double err = (actual - expected).Abs().Max().Item() / expected.Abs().Max().Item();
            Assert.True(err <= bound, $"{op} ({layout}) of {name}: relative error {err:G3}, bound {bound:G3}");
        }
    }

    [Fact]
    public void Float32CumsumOfAHundredThousandNormalValuesErrsOnlyByItsOutputRounding()
    {
        // The example: a float32 accumulator erred by 9.9e-4 where PyTorch's (float64) errs by 1.5e-5, half
        // an ulp of the running sum's largest values (about 300 there).
        var x = Tensor.Randn([N], DType.Float32, new Generator(0));
        var reference = x.To(DType.Float64).Cumsum(0);
        double err = (x.Cumsum(0).To(DType.Float64) - reference).Abs().Max().Item();
        float largest = (float)reference.Abs().Max().Item();
        double halfUlp = (MathF.BitIncrement(largest) - largest) / 2.0;
        Assert.True(err <= halfUlp, $"max |error| {err:G3}, half an ulp of the largest running sum {halfUlp:G3}");
    }

    private static Tensor Apply(string op, string layout, Tensor x)
    {
        var v = layout switch
        {
            "row" => x,
            "dim 0, inner 100" => x.Reshape(N / 100, 100),
            _ => x.Reshape(N, 1).Expand(N, 3),
        };
        return op switch
        {
            "Cumsum" => v.Cumsum(0),
            "Sum" => v.Sum(0),
            "Mean" => v.Mean(0),
            "Var" => v.Var(0),
            "Std" => v.Std(0),
            "LogSumExp" => v.LogSumExp(0),
            _ => v.Prod(0),
        };
    }
}
