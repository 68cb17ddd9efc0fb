using System.Text.Json;

namespace Nabla.Tests.Differential;

public static partial class DifferentialOps
{
    /// <summary>differential_ops_shaped.py: reductions, scans, softmax, matmul, views, joins and indexing.</summary>
    private static Dictionary<string, Func<Tensor[], JsonElement, Tensor>> Shaped => new()
    {
        ["sum"] = (x, a) => x[0].Sum(Ints(a, "dims"), B(a, "keepdim")),
        ["sum_all"] = (x, a) => x[0].Sum(),
        ["mean"] = (x, a) => x[0].Mean(Ints(a, "dims"), B(a, "keepdim")),
        ["prod_dim"] = (x, a) => x[0].Prod(I(a, "dim"), B(a, "keepdim")),
        ["prod_all"] = (x, a) => x[0].Prod(),
        ["amax"] = (x, a) => x[0].Amax(Ints(a, "dims"), B(a, "keepdim")),
        ["amin"] = (x, a) => x[0].Amin(Ints(a, "dims"), B(a, "keepdim")),
        ["max_all"] = (x, a) => x[0].Max(),
        ["max_dim"] = (x, a) => x[0].Max(I(a, "dim"), B(a, "keepdim")).Values,
        ["min_dim"] = (x, a) => x[0].Min(I(a, "dim"), B(a, "keepdim")).Values,
        ["max_dim_indices"] = (x, a) => x[0].Max(I(a, "dim"), B(a, "keepdim")).Indices,
        ["argmax"] = (x, a) => x[0].Argmax(I(a, "dim"), B(a, "keepdim")),
        ["argmin"] = (x, a) => x[0].Argmin(I(a, "dim"), B(a, "keepdim")),
        ["var"] = (x, a) => x[0].Var(Ints(a, "dims"), D(a, "correction"), B(a, "keepdim")),
        ["std"] = (x, a) => x[0].Std(Ints(a, "dims"), D(a, "correction"), B(a, "keepdim")),
        ["logsumexp"] = (x, a) => x[0].LogSumExp(Ints(a, "dims"), B(a, "keepdim")),
        ["softmax"] = (x, a) => x[0].Softmax(I(a, "dim")),
        ["log_softmax"] = (x, a) => x[0].LogSoftmax(I(a, "dim")),
        ["cumsum"] = (x, a) => x[0].Cumsum(I(a, "dim")),
        ["matmul"] = (x, a) => x[0].MatMul(x[1]),
        ["reshape"] = (x, a) => x[0].Reshape(Ints(a, "shape")),
        ["permute"] = (x, a) => x[0].Permute(Ints(a, "dims")),
        ["transpose"] = (x, a) => x[0].Transpose(I(a, "dim"), I(a, "dim1")),
        ["squeeze_all"] = (x, a) => x[0].Squeeze(),
        ["squeeze_dim"] = (x, a) => x[0].Squeeze(I(a, "dim")),
        ["unsqueeze"] = (x, a) => x[0].Unsqueeze(I(a, "dim")),
        ["flatten"] = (x, a) => x[0].Flatten(I(a, "dim"), I(a, "end")),
        ["narrow"] = (x, a) => x[0].Narrow(I(a, "dim"), I(a, "start"), I(a, "length")),
        ["slice"] = (x, a) => x[0].Slice(I(a, "dim"), I(a, "start"), I(a, "end"), I(a, "step")),
        ["select"] = (x, a) => x[0].Select(I(a, "dim"), I(a, "index")),
        ["flip"] = (x, a) => x[0].Flip(Ints(a, "dims")),
        ["repeat"] = (x, a) => x[0].Repeat(Ints(a, "sizes")),
        ["expand"] = (x, a) => x[0].Expand(Ints(a, "shape")),
        ["contiguous"] = (x, a) => x[0].Contiguous(),
        ["to_dtype"] = (x, a) => x[0].To(S(a, "dtype") == "float32" ? DType.Float32 : DType.Float64),
        ["cat"] = (x, a) => Tensor.Cat(x, I(a, "dim")),
        ["stack"] = (x, a) => Tensor.Stack(x, I(a, "dim")),
        ["pad"] = (x, a) => x[0].Pad(Ints(a, "pad"), D(a, "value")),
        ["gather"] = (x, a) => x[0].Gather(I(a, "dim"), x[1]),
        ["index_select"] = (x, a) => x[0].IndexSelect(I(a, "dim"), x[1]),
        ["scatter_add"] = (x, a) => x[0].ScatterAdd(I(a, "dim"), x[1], x[2]),
        ["index_add"] = (x, a) => x[0].IndexAdd(I(a, "dim"), x[1], x[2]),
        ["masked_fill"] = (x, a) => x[0].MaskedFill(x[1], D(a, "value")),
    };
}
