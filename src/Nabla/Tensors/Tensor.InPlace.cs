using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// The elements as a writable span, for optimizers and data loading. Valid only for contiguous tensors of
    /// element type <typeparamref name="T"/>; writes bypass autograd.
    /// </summary>
    public Span<T> Data<T>() where T : unmanaged
    {
        CheckDType<T>("Data");
        if (!IsContiguous)
            throw new InvalidOperationException($"Data: the tensor of shape {Shape} is a strided view; call Contiguous() first.");
        return Span<T>();
    }

    /// <summary>Copies <paramref name="source"/> (broadcast to this shape, cast to this dtype) into this tensor's memory, like <c>copy_</c>.</summary>
    [NonDifferentiable]
    public Tensor CopyFrom_(Tensor source)
    {
        CheckInPlace("CopyFrom_");
        var src = source.To(DType);
        if (!src.Dims.AsSpan().SequenceEqual(Dims)) src = src.Detach().Expand(Dims);
        JoinKernel.Assign(this, src);
        return this;
    }

    /// <summary>Sets every element to <paramref name="value"/> in place, like <c>fill_</c>.</summary>
    [NonDifferentiable]
    public Tensor Fill_(double value)
    {
        using var scalar = Scalar(value, DType);
        return CopyFrom_(scalar);
    }

    /// <summary>Sets every element to zero in place, like <c>zero_</c>.</summary>
    [NonDifferentiable]
    public Tensor Zero_() => Fill_(0);

    /// <summary>Adds <paramref name="alpha"/>·<paramref name="other"/> (broadcast) in place, like <c>add_</c>.</summary>
    [NonDifferentiable]
    public Tensor Add_(Tensor other, double alpha = 1)
    {
        CheckInPlace("Add_");
        RequireInPlaceResult("Add_", DTypes.ResultType(this, other));
        if (IsContiguous && DType == other.DType && other.IsContiguous && other.Dims.AsSpan().SequenceEqual(Dims) && DType.IsFloatingPoint())
        {
            if (DType == DType.Float32) TensorPrimitives.MultiplyAdd(other.Span<float>(), (float)alpha, Span<float>(), Span<float>());
            else TensorPrimitives.MultiplyAdd(other.Span<double>(), alpha, Span<double>(), Span<double>());
            return this;
        }
        using (GradMode.NoGrad())
        {
            using var sum = alpha == 1 ? this + other : this + other * alpha;
            JoinKernel.Assign(this, sum.To(DType));
        }
        return this;
    }

    /// <summary>Multiplies every element by <paramref name="factor"/> in place, like <c>mul_</c> (a floating factor: floating tensors only).</summary>
    [NonDifferentiable]
    public Tensor Mul_(double factor) => MulInPlace(Wrap(factor));

    /// <summary>Multiplies every element by an integer <paramref name="factor"/> in place (integer tensors allowed).</summary>
    [NonDifferentiable]
    public Tensor Mul_(long factor) => MulInPlace(Wrap(factor));

    private Tensor MulInPlace(Tensor scalar)
    {
        CheckInPlace("Mul_");
        RequireInPlaceResult("Mul_", DTypes.ResultType(this, scalar));
        using (GradMode.NoGrad())
        {
            using var product = this * scalar;
            JoinKernel.Assign(this, product);
        }
        return this;
    }

    /// <summary>Rejects an in-place op whose promoted result this tensor's dtype cannot hold, as PyTorch does.</summary>
    private void RequireInPlaceResult(string op, DType result)
    {
        if (!DTypes.CanCast(result, DType))
            throw new ArgumentException($"{op}: result type {result} can't be cast to the desired output type {DType} (tensor {Shape}).");
    }

    /// <summary>
    /// Makes this handle refer to <paramref name="source"/>'s data, shape and dtype (like assigning
    /// <c>param.data</c> in PyTorch), keeping its identity, gradient flag and registrations.
    /// </summary>
    public void SetData(Tensor source)
    {
        bool sameLayout = source.DType == DType && source.Dims.AsSpan().SequenceEqual(Dims);
        source.Storage.AddRef();
        if (!_disposed) Storage.Release();
        _disposed = false;
        Storage = source.Storage;
        Dims = (int[])source.Dims.Clone();
        Strides = (int[])source.Strides.Clone();
        Offset = source.Offset;
        if (!sameLayout) Grad = null;
    }

    private void CheckInPlace(string op)
    {
        if (GradFn is not null)
            throw new InvalidOperationException($"{op}: in-place ops on tensors produced by recorded ops would corrupt the graph; use the out-of-place form.");
        if (RequiresGrad && GradMode.IsEnabled)
            throw new InvalidOperationException($"{op}: a leaf tensor that requires grad is used in an in-place operation; wrap the update in Tensor.NoGrad().");
    }
}
