using Nabla.Autograd;
using Xunit;

namespace Nabla.Tests.Tensors;

public class ScopeAndInPlaceTests
{
    [Fact]
    public void ScopeDisposesItsTensorsButNotKeptOnesOrLeafGradients()
    {
        var w = Tensor.Randn(4, 3).RequiresGrad_();
        Tensor kept, temp;
        using (var scope = TensorScope.Begin())
        {
            temp = w * 2.0;
            var loss = temp.Sum();
            loss.Backward();
            kept = scope.Keep(loss * 1.0);
            Assert.True(scope.Count > 0);
        }
        Assert.Throws<ObjectDisposedException>(() => temp.ToArray<float>());
        Assert.Equal(w.Sum().Item() * 2, kept.Item(), 4);
        Assert.Equal(Enumerable.Repeat(2f, 12), w.Grad!.ToArray<float>());
    }

    [Fact]
    public void NestedScopesMayCloseOutOfOrder()
    {
        var outer = TensorScope.Begin();
        var a = Tensor.Ones(2);
        var inner = TensorScope.Begin();
        var b = Tensor.Ones(2);
        var moved = inner.Keep(Tensor.Zeros(2));
        outer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.ToArray<float>());
        Assert.Throws<ObjectDisposedException>(() => moved.ToArray<float>());
        Assert.Equal([1f, 1f], b.ToArray<float>());
        inner.Dispose();
        Assert.Throws<ObjectDisposedException>(() => b.ToArray<float>());
        var free = Tensor.Ones(1);
        Assert.Equal(1f, free.Item<float>());
    }

    [Fact]
    public void SuspendedScopeLeavesLongLivedStateAlone()
    {
        Tensor state;
        using (TensorScope.Begin())
        using (TensorScope.Suspend())
            state = Tensor.Zeros(3);
        Assert.Equal([0f, 0f, 0f], state.ToArray<float>());
    }

    [Fact]
    public void GradientsAccumulateInPlaceIntoTheSameBuffer()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        (x * x).Sum().Backward();
        var first = x.Grad!;
        (x * 3.0).Sum().Backward();
        Assert.Same(first, x.Grad);
        Assert.Equal([5.0, 7.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void InPlaceOpsWriteThroughViewsAndGuardTheGraph()
    {
        var t = Tensor.Zeros(2, 3);
        t.Select(1, 1).Fill_(5);
        Assert.Equal([0f, 5f, 0f, 0f, 5f, 0f], t.ToArray<float>());
        t.CopyFrom_(Tensor.FromArray([1.0, 2.0, 3.0]));
        Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f], t.ToArray<float>());
        t.Add_(Tensor.Ones(2, 3), alpha: 2).Mul_(0.5);
        Assert.Equal([1.5f, 2f, 2.5f, 1.5f, 2f, 2.5f], t.ToArray<float>());
        t.Data<float>()[0] = -1;
        Assert.Equal(-1f, t.ToArray<float>()[0]);

        var w = Tensor.Ones(2).RequiresGrad_();
        var ex = Assert.Throws<InvalidOperationException>(() => w.Add_(Tensor.Ones(2)));
        Assert.Contains("NoGrad", ex.Message);
        using (GradMode.NoGrad()) w.Add_(Tensor.Ones(2));
        Assert.Equal([2f, 2f], w.ToArray<float>());
        Assert.Throws<InvalidOperationException>(() => (w * 2.0).Zero_());
    }

    [Fact]
    public void SetDataSwapsStorageKeepingIdentity()
    {
        var p = Tensor.Ones(2).RequiresGrad_();
        p.SetData(Tensor.FromArray([1.0, 2.0, 3.0]));
        Assert.Equal(DType.Float64, p.DType);
        Assert.True(p.RequiresGrad);
        Assert.Equal([1.0, 2.0, 3.0], p.ToArray<double>());
    }
}
