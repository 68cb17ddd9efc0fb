using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla;

/// <summary>
/// Reductions, scans and softmax. Dimension lists may hold negative dims (counted from the end); an empty list
/// means all dims. With <c>keepDim</c> the reduced dims stay as size 1. For a (N, C, H, W) input,
/// <c>x.Sum([2, 3])</c> has shape (N, C) and <c>x.Sum([2, 3], keepDim: true)</c> shape (N, C, 1, 1).
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Sum of all elements as a 0-d tensor (integer and bool inputs sum to int64).</summary>
    public Tensor Sum() => Ops.Sum.Apply(this, [], keepDim: false);

    /// <summary>Sum over <paramref name="dims"/>, dropping them unless <paramref name="keepDim"/>.</summary>
    public Tensor Sum(int[] dims, bool keepDim = false) => Ops.Sum.Apply(this, dims, keepDim);

    /// <summary>Sum over one dimension.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Ops.Sum.Apply(this, [dim], keepDim);

    /// <summary>Mean of all elements as a 0-d tensor; floating-point tensors only (NaN when empty).</summary>
    public Tensor Mean() => Ops.Mean.Apply(this, [], keepDim: false);

    /// <summary>Mean over <paramref name="dims"/>; floating-point tensors only.</summary>
    public Tensor Mean(int[] dims, bool keepDim = false) => Ops.Mean.Apply(this, dims, keepDim);

    /// <summary>Mean over one dimension; floating-point tensors only.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Ops.Mean.Apply(this, [dim], keepDim);

    /// <summary>Product of all elements as a 0-d tensor (1 when empty; integer and bool inputs give int64).</summary>
    public Tensor Prod() => Ops.Prod.Apply(this, [], keepDim: false);

    /// <summary>Product over <paramref name="dims"/>.</summary>
    public Tensor Prod(int[] dims, bool keepDim = false) => Ops.Prod.Apply(this, dims, keepDim);

    /// <summary>Product over one dimension.</summary>
    public Tensor Prod(int dim, bool keepDim = false) => Ops.Prod.ApplyDim(this, dim, keepDim);

    /// <summary>Largest element as a 0-d tensor (NaN if any element is NaN); the gradient is shared among ties.</summary>
    public Tensor Max() => Ops.Amax.Apply(this, [], keepDim: false, "Max");

    /// <summary>Smallest element as a 0-d tensor (NaN if any element is NaN); the gradient is shared among ties.</summary>
    public Tensor Min() => Ops.Amin.Apply(this, [], keepDim: false, "Min");

    /// <summary>
    /// Largest values along <paramref name="dim"/> and the int64 index of their first occurrence (NaN counts as
    /// largest), as <c>torch.max(x, dim)</c>; the gradient flows to the chosen index only.
    /// </summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => Ops.Max.Apply(this, dim, keepDim);

    /// <summary>Smallest values along <paramref name="dim"/> and the int64 index of their first occurrence, as <c>torch.min(x, dim)</c>.</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => Ops.Min.Apply(this, dim, keepDim);

    /// <summary>Maximum over all elements; the gradient is shared evenly among ties, as <c>torch.amax</c>.</summary>
    public Tensor Amax() => Ops.Amax.Apply(this, [], keepDim: false);

    /// <summary>Maximum over <paramref name="dims"/>; the gradient is shared evenly among ties.</summary>
    public Tensor Amax(int[] dims, bool keepDim = false) => Ops.Amax.Apply(this, dims, keepDim);

    /// <summary>Maximum over one dimension; the gradient is shared evenly among ties.</summary>
    public Tensor Amax(int dim, bool keepDim = false) => Ops.Amax.Apply(this, [dim], keepDim);

    /// <summary>Minimum over all elements; the gradient is shared evenly among ties, as <c>torch.amin</c>.</summary>
    public Tensor Amin() => Ops.Amin.Apply(this, [], keepDim: false);

    /// <summary>Minimum over <paramref name="dims"/>; the gradient is shared evenly among ties.</summary>
    public Tensor Amin(int[] dims, bool keepDim = false) => Ops.Amin.Apply(this, dims, keepDim);

    /// <summary>Minimum over one dimension; the gradient is shared evenly among ties.</summary>
    public Tensor Amin(int dim, bool keepDim = false) => Ops.Amin.Apply(this, [dim], keepDim);

    /// <summary>Int64 index of the first largest element of the flattened tensor, as a 0-d tensor.</summary>
    [NonDifferentiable]
    public Tensor Argmax() => ReduceIndexKernel.ArgExtreme(Detach().Reshape(-1), 0, keepDim: false, max: true, wantValues: false, "Argmax").Indices;

    /// <summary>Int64 indices of the first largest elements along <paramref name="dim"/>.</summary>
    [NonDifferentiable]
    public Tensor Argmax(int dim, bool keepDim = false) => ReduceIndexKernel.ArgExtreme(this, dim, keepDim, max: true, wantValues: false, "Argmax").Indices;

    /// <summary>Int64 index of the first smallest element of the flattened tensor, as a 0-d tensor.</summary>
    [NonDifferentiable]
    public Tensor Argmin() => ReduceIndexKernel.ArgExtreme(Detach().Reshape(-1), 0, keepDim: false, max: false, wantValues: false, "Argmin").Indices;

    /// <summary>Int64 indices of the first smallest elements along <paramref name="dim"/>.</summary>
    [NonDifferentiable]
    public Tensor Argmin(int dim, bool keepDim = false) => ReduceIndexKernel.ArgExtreme(this, dim, keepDim, max: false, wantValues: false, "Argmin").Indices;

    /// <summary>
    /// Variance over all elements: Σ(x − mean)² / (n − 1), or / n when <paramref name="unbiased"/> is false.
    /// </summary>
    public Tensor Var(bool unbiased = true) => Ops.Var.Apply(this, [], unbiased ? 1 : 0, keepDim: false);

    /// <summary>Variance over <paramref name="dims"/>: Σ(x − mean)² / max(n − <paramref name="correction"/>, 0), as <c>torch.var</c>.</summary>
    public Tensor Var(int[] dims, double correction = 1, bool keepDim = false) => Ops.Var.Apply(this, dims, correction, keepDim);

    /// <summary>Variance over one dimension with <paramref name="correction"/> (1 = unbiased).</summary>
    public Tensor Var(int dim, double correction = 1, bool keepDim = false) => Ops.Var.Apply(this, [dim], correction, keepDim);

    /// <summary>Variance over <paramref name="dims"/>, unbiased (correction 1) or not (correction 0).</summary>
    public Tensor Var(int[] dims, bool unbiased, bool keepDim = false) => Ops.Var.Apply(this, dims, unbiased ? 1 : 0, keepDim);

    /// <summary>Standard deviation over all elements, unbiased unless <paramref name="unbiased"/> is false.</summary>
    public Tensor Std(bool unbiased = true) => Ops.Std.Apply(this, [], unbiased ? 1 : 0, keepDim: false);

    /// <summary>Standard deviation over <paramref name="dims"/> with <paramref name="correction"/>, as <c>torch.std</c>.</summary>
    public Tensor Std(int[] dims, double correction = 1, bool keepDim = false) => Ops.Std.Apply(this, dims, correction, keepDim);

    /// <summary>Standard deviation over one dimension with <paramref name="correction"/> (1 = unbiased).</summary>
    public Tensor Std(int dim, double correction = 1, bool keepDim = false) => Ops.Std.Apply(this, [dim], correction, keepDim);

    /// <summary>Standard deviation over <paramref name="dims"/>, unbiased (correction 1) or not (correction 0).</summary>
    public Tensor Std(int[] dims, bool unbiased, bool keepDim = false) => Ops.Std.Apply(this, dims, unbiased ? 1 : 0, keepDim);

    /// <summary>log Σ exp(x) over <paramref name="dims"/>, computed stably (−∞ over an empty extent).</summary>
    public Tensor LogSumExp(int[] dims, bool keepDim = false) => Ops.LogSumExp.Apply(this, dims, keepDim);

    /// <summary>log Σ exp(x) over one dimension, computed stably.</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false) => Ops.LogSumExp.Apply(this, [dim], keepDim);

    /// <summary>Running sum along <paramref name="dim"/> (integer and bool inputs give int64), as <c>torch.cumsum</c>.</summary>
    public Tensor Cumsum(int dim) => Ops.Cumsum.Apply(this, dim, reverse: false);

    /// <summary>
    /// Softmax along <paramref name="dim"/>: exp(x) / Σ exp(x), computed stably in one fused pass; for (N, C)
    /// logits use dim 1 (or -1).
    /// </summary>
    public Tensor Softmax(int dim) => Ops.Softmax.Apply(this, dim);

    /// <summary>Log-softmax along <paramref name="dim"/>: x − log Σ exp(x), computed stably in one fused pass.</summary>
    public Tensor LogSoftmax(int dim) => Ops.LogSoftmax.Apply(this, dim);
}
