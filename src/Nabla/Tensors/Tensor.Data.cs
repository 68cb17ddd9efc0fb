using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>This tensor if its data is already dense, otherwise a dense copy (recorded by autograd).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Ops.Clone.Apply(this);

    /// <summary>A new handle to the same data, recorded by autograd (gradients pass straight through), like <c>torch.alias</c>.</summary>
    public Tensor Alias() => Ops.Alias.Apply(this);

    /// <summary>A dense copy with its own storage (recorded by autograd, like <c>torch.clone</c>).</summary>
    public Tensor Clone() => Ops.Clone.Apply(this);

    /// <summary>This tensor converted to <paramref name="dtype"/>; returns this tensor when the dtype already matches.</summary>
    public Tensor To(DType dtype) => dtype == DType ? this : Ops.Cast.Apply(this, dtype);

    /// <summary>The value of a one-element tensor, converted to <typeparamref name="T"/>.</summary>
    public T Item<T>() where T : unmanaged
    {
        if (NumElements != 1)
            throw new InvalidOperationException($"Item: only one-element tensors can be converted to a scalar, got shape {Shape}.");
        return To(DTypes.Of<T>()).Contiguous().Span<T>()[0];
    }

    /// <summary>The value of a one-element tensor as a double.</summary>
    public double Item() => Item<double>();

    /// <summary>The elements in row-major order, converted to <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var typed = To(DTypes.Of<T>());
        var result = new T[NumElements];
        Strided.CopyTo(typed, result, 0);
        return result;
    }

    /// <summary>Dense copy of a view's elements into a new storage, without autograd.</summary>
    internal Tensor DenseCopy()
    {
        var result = Empty(Dims, DType);
        switch (DType)
        {
            case DType.Float32: Strided.CopyTo(this, result.Buffer<float>(), 0); break;
            case DType.Float64: Strided.CopyTo(this, result.Buffer<double>(), 0); break;
            case DType.Int64: Strided.CopyTo(this, result.Buffer<long>(), 0); break;
            case DType.Int32: Strided.CopyTo(this, result.Buffer<int>(), 0); break;
            default: Strided.CopyTo(this, result.Buffer<bool>(), 0); break;
        }
        return result;
    }

    /// <summary>PyTorch-style rendering, e.g. <c>tensor([[1.0000, 2.0000]], requires_grad=True)</c>.</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
