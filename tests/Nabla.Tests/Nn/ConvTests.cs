using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Nn;

/// <summary>Convolution values from the curriculum (seed000-inventory §14.2, §14.4), layer shapes, reprs and errors.</summary>
public class ConvTests
{
    private static readonly double[] Input =
    [
        3, 3, 2, 1, 0,
        0, 0, 1, 3, 1,
        3, 1, 2, 2, 3,
        2, 0, 0, 2, 2,
        2, 0, 0, 0, 1,
    ];

    private static readonly double[] Filter = [0, 1, 2, 2, 2, 0, 0, 1, 2];

    private static Tensor X(DType dtype) => Tensor.FromArray(Input, [1, 1, 5, 5]).To(dtype);

    private static Tensor K(DType dtype) => Tensor.FromArray(Filter, [1, 1, 3, 3]).To(dtype);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void CurriculumPadOneStrideTwo(DType dtype)
    {
        var y = Functional.Conv2d(X(dtype), K(dtype), null, stride: 2, padding: 1);
        Assert.Equal([1, 1, 3, 3], y.Shape.ToArray());
        Assert.Equal([6, 17, 3, 8, 17, 13, 6, 4, 4], y.ToArray<double>());
    }

    [Fact]
    public void CurriculumValidAndSameVariants()
    {
        Assert.Equal([12, 12, 17, 10, 17, 19, 9, 6, 14], Functional.Conv2d(X(DType.Float32), K(DType.Float32), null, "valid").ToArray<double>());
        Assert.Equal([12, 17, 9, 14], Functional.Conv2d(X(DType.Float32), K(DType.Float32), null, stride: 2).ToArray<double>());
        Assert.Equal([6, 14, 17, 11, 3, 14, 12, 12, 17, 11, 8, 10, 17, 19, 13, 11, 9, 6, 14, 12, 6, 4, 4, 6, 4],
            Functional.Conv2d(X(DType.Float64), K(DType.Float64), null, "same").ToArray<double>());
    }

    [Fact]
    public void CurriculumParameterCounts()
    {
        static long Count(Module m) => m.Parameters().Sum(p => (long)p.NumElements);
        Assert.Equal(1_664, Count(new Conv2d(1, 64, 5)));
        Assert.Equal(832, Count(new Conv2d(1, 32, 5, "same")));
        Assert.Equal(51_264, Count(new Conv2d(32, 64, 5, "same")));
        var c1 = new Conv2d(1, 6, 5);
        Assert.Equal([6, 1, 5, 5], c1.Weight.Shape.ToArray());
        Assert.Equal(48_000, Count(new Conv2d(16, 120, 5, bias: false)));
        Assert.Equal([2, 120, 1, 1], new Conv2d(16, 120, 5).Forward(Tensor.Zeros(2, 16, 5, 5)).Shape.ToArray());
    }

    [Fact]
    public void DefaultInitIsWithinOneOverRootFanIn()
    {
        var conv = new Conv2d(3, 8, 3);
        double bound = 1 / Math.Sqrt(27);
        Assert.All(conv.Weight.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        Assert.All(conv.Bias!.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name));
        var t = new ConvTranspose2d(4, 6, 3, groups: 2);
        Assert.Equal([4, 3, 3, 3], t.Weight.Shape.ToArray());
    }

    [Fact]
    public void LayersMatchTheirFunctionalFormsAndShapes()
    {
        var x = Tensor.Randn([2, 3, 10, 9], DType.Float32, new Generator(1));
        var conv = new Conv2d(3, 4, (3, 2), (2, 1), (1, 0), (1, 2));
        Assert.Equal([2, 4, 5, 7], conv.Forward(x).Shape.ToArray());
        var same = new Conv2d(3, 4, 4, "same");
        Assert.Equal([2, 4, 10, 9], same.Forward(x).Shape.ToArray());
        var up = new ConvTranspose2d(3, 2, 3, stride: 2, padding: 1, outputPadding: 1);
        Assert.Equal([2, 2, 20, 18], up.Forward(x).Shape.ToArray());
        var c1 = new Conv1d(3, 5, 3, stride: 2);
        Assert.Equal([2, 5, 4], c1.Forward(x.Select(3, 0)).Shape.ToArray());
        Assert.Equal([4, 10, 9], same.Forward(x.Select(0, 0)).Shape.ToArray());
    }

    [Fact]
    public void ReprsMatchPyTorch()
    {
        // Strings printed by torch 1.13 for the same constructor arguments.
        Assert.Equal("Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))", new Conv2d(1, 32, 3).ToString());
        Assert.Equal("Conv2d(4, 8, kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), dilation=(2, 2), groups=2, bias=False)",
            new Conv2d(4, 8, (3, 2), (2, 1), (1, 0), (2, 2), groups: 2, bias: false).ToString());
        Assert.Equal("Conv1d(1, 4, kernel_size=(3,), stride=(1,), padding=same)", new Conv1d(1, 4, 3, "same").ToString());
        Assert.Equal("ConvTranspose2d(16, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))",
            new ConvTranspose2d(16, 8, 3, stride: 2, padding: 1, outputPadding: 1).ToString());
    }

    [Fact]
    public void ErrorsNameTheOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(2, 3, 8, 8), Tensor.Zeros(4, 1, 3, 3)));
        Assert.Equal("Conv2d: input has 3 channels but weight expects 1 (input [2, 3, 8, 8], weight [4, 1, 3, 3]).", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(1, 1, 2, 2), Tensor.Zeros(1, 1, 3, 3)));
        Assert.Contains("Conv2d", e.Message);
        Assert.Contains("[1, 1, 2, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), null, "same", stride: 2));
        Assert.Contains("same", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv1d(Tensor.Zeros(2, 3, 8, 8), Tensor.Zeros(4, 3, 3)));
        Assert.Contains("Conv1d", e.Message);
        Assert.Contains("[2, 3, 8, 8]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.ConvTranspose2d(Tensor.Zeros(1, 2, 4, 4), Tensor.Zeros(3, 1, 3, 3)));
        Assert.Contains("ConvTranspose2d: input has 2 channels but weight expects 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(1, 2, 4, 4), Tensor.Zeros(3, 2, 1, 1), Tensor.Zeros(2)));
        Assert.Contains("bias of shape [2]", e.Message);
    }
}
