namespace Nabla.Optim;

/// <summary>
/// Contiguous views of a parameter and its gradient in the parameter's dtype for the fused update loops. Contiguous
/// parameters with matching gradients (the normal case) are used directly with no allocation; strided parameters or
/// gradients of another dtype or layout go through dense copies that are written back and released on dispose.
/// </summary>
internal readonly struct ParamAccess : IDisposable
{
    private readonly Tensor _parameter;
    private readonly bool _ownsParam, _ownsGrad;

    public ParamAccess(Tensor parameter, Tensor grad, string optimizer)
    {
        if (!parameter.DType.IsFloatingPoint())
            throw new ArgumentException($"{optimizer}: can only optimize floating-point parameters, got a {parameter.DType} parameter of shape {parameter.Shape}.");
        if (!grad.Dims.AsSpan().SequenceEqual(parameter.Dims))
            throw new ArgumentException($"{optimizer}: gradient shape {grad.Shape} does not match parameter shape {parameter.Shape}.");
        _parameter = parameter;
        _ownsParam = !parameter.IsContiguous;
        Param = _ownsParam ? parameter.DenseCopy() : parameter;
        _ownsGrad = !grad.IsContiguous || grad.DType != parameter.DType;
        Grad = _ownsGrad ? DenseOf(grad, parameter.DType) : grad;
    }

    private static Tensor DenseOf(Tensor grad, DType dtype)
    {
        if (grad.DType == dtype) return grad.DenseCopy();
        var cast = grad.To(dtype);
        if (cast.IsContiguous) return cast;
        var dense = cast.DenseCopy();
        cast.Dispose();
        return dense;
    }

    /// <summary>The parameter's values, contiguous.</summary>
    public Tensor Param { get; }

    /// <summary>The gradient, contiguous and of the parameter's dtype.</summary>
    public Tensor Grad { get; }

    /// <summary>True for float32 parameters, false for float64.</summary>
    public bool IsSingle => Param.DType == DType.Float32;

    public void Dispose()
    {
        if (_ownsParam)
        {
            _parameter.CopyFrom_(Param);
            Param.Dispose();
        }
        if (_ownsGrad) Grad.Dispose();
    }
}
