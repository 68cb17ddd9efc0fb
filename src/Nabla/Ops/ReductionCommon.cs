using System.Numerics.Tensors;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Shared plumbing of the reduction ops: dtype rules and broadcasting a reduced gradient back.</summary>
internal static class ReductionCommon
{
    /// <summary>Rejects non-float inputs, as PyTorch does for mean, var, std and softmax.</summary>
    public static void RequireFloat(Tensor x, string op)
    {
        if (!x.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected a floating-point tensor, got {x.DType} with shape {x.Shape}; cast it with To(DType.Float32) first.");
    }

    /// <summary>Integer and bool inputs accumulate in int64, as in PyTorch's sum, prod and cumsum.</summary>
    public static Tensor Accumulating(Tensor x) => x.DType is DType.Bool or DType.Int32 ? x.To(DType.Int64) : x;

    /// <summary>A reduced gradient (or tangent) viewed with kept dims and broadcast to the input's shape.</summary>
    public static Tensor Spread(Tensor g, int[] keptShape, int[] inputDims) => g.Reshape(keptShape).Expand(inputDims);

    /// <summary>Multiplies a freshly allocated float tensor by <paramref name="factor"/> in place.</summary>
    public static void ScaleInPlace(Tensor y, double factor)
    {
        if (y.DType == DType.Float32) TensorPrimitives.Multiply(y.Span<float>(), (float)factor, y.Span<float>());
        else TensorPrimitives.Multiply(y.Span<double>(), factor, y.Span<double>());
    }

    /// <summary>The kept-dims shape of a reduction of <paramref name="x"/> over <paramref name="mask"/>.</summary>
    public static int[] Kept(Tensor x, bool[] mask) => ReduceKernel.OutputShape(x.Dims, mask, keepDim: true);
}
