using Xunit;

namespace Nabla.Tests.Tensors;

/// <summary>Pooled storage: disposed buffers are reused, so a steady loop allocates no new element buffers.</summary>
[Collection(SerialCollection.Name)]
public class MemoryTests
{
    [Fact]
    public void DisposedBuffersAreReused()
    {
        var a = Tensor.Randn(256, 256);
        var b = Tensor.Randn(256, 256);
        void Step()
        {
            using var s = a + b;
            using var p = s * a;
            using var e = p.Exp();
            using var r = e.Sum(1);
        }
        for (int i = 0; i < 5; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        // One 256×256 float buffer is 262 KB; a step that allocated buffers would cost over 700 KB.
        Assert.True(perStep < 16 * 1024, $"a steady step allocated {perStep} bytes");
    }

    [Fact]
    public void ViewsKeepTheirStorageAliveAfterTheBaseIsDisposed()
    {
        var t = Tensor.Arange(0, 6, 1, DType.Float32).Reshape(2, 3);
        var view = t.T;
        t.Dispose();
        using (var other = Tensor.Zeros(2, 3)) { }
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], view.ToArray<float>());
    }

    [Fact]
    public void UsingADisposedTensorFailsClearly()
    {
        var t = Tensor.Zeros(4);
        t.Dispose();
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.ToArray<float>());
    }
}
