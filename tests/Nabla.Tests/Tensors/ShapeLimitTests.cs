using Nabla.IO;
using Xunit;

namespace Nabla.Tests.Tensors;

/// <summary>
/// The element count of a shape: a zero dimension makes it 0 however large the others are (PyTorch accepts
/// <c>torch.empty(2**31 - 1, 2**31 - 1, 0)</c>), and a product past the supported maximum is an error rather than a
/// count that wrapped around.
/// </summary>
public sealed class ShapeLimitTests : IDisposable
{
    private const int M = int.MaxValue;
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-shape").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void EmptyTensorsWithHugeDimensionsAreAccepted()
    {
        var t = Tensor.Zeros(M, M, 0);
        Assert.Equal([M, M, 0], t.Dims);
        Assert.Equal(0, t.NumElements);
        Assert.Equal(0, new Shape(M, M, M, M, 0).NumElements);
        Assert.Equal([0, M, M], t.Permute(2, 0, 1).Contiguous().Dims);
        Assert.Equal([M, M, 0], Tensor.Zeros(0).Reshape(M, M, 0).Dims);
    }

    [Fact]
    public void EmptyTensorsWithHugeDimensionsRoundTripThroughSafetensors()
    {
        string path = Path.Combine(_dir, "empty.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["e"] = Tensor.Zeros(M, M, 0), ["w"] = Tensor.Ones(2) });
        var loaded = Safetensors.Load(path);
        Assert.Equal([M, M, 0], loaded["e"].Dims);
        Assert.Equal([1f, 1], loaded["w"].ToArray<float>());
    }

    [Fact]
    public void ProductsPastTheMaximumAreErrorsNotWrappedCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(65536, 65536, 65536, 65536));
        Assert.Equal($"Shape: [65536, 65536, 65536, 65536] has more elements than the supported maximum of {M}.", ex.Message);
        Assert.Throws<ArgumentException>(() => new Shape(M, M, M, 2).NumElements);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(M, M, 0).Sum(2));
    }
}
