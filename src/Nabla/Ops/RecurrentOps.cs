using System.Numerics;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>Argument handling the fused recurrent ops (<see cref="LstmCell"/>, <see cref="LstmSequence"/>, <see cref="GruCell"/>, <see cref="GruSequence"/>) share.</summary>
internal static class RecurrentOps
{
    /// <summary>True for an absent bias or a vector of <paramref name="size"/> elements.</summary>
    public static bool IsBias(Tensor? bias, int size) => bias is null || (bias.Rank == 1 && bias.Dims[0] == size);

    /// <summary>A shape for error messages, "none" for an absent tensor.</summary>
    public static string Format(Tensor? t) => t is null ? "none" : t.Shape.ToString();

    /// <summary>The promoted floating-point dtype of the given tensors (absent ones skipped).</summary>
    public static DType CommonDType(string op, params Tensor?[] tensors)
    {
        var dtype = DType.Bool;
        foreach (var t in tensors)
            if (t is not null) dtype = DTypes.Promote(dtype, t.DType);
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected floating-point inputs, got {string.Join(", ", tensors.Select(t => t?.DType.ToString() ?? "none"))}.");
        return dtype;
    }

    /// <summary>The tensor itself when contiguous, else a dense copy outside autograd (kernels read dense rows).</summary>
    public static Tensor Dense(Tensor t) => t.IsContiguous ? t : t.DenseCopy();

    /// <summary>A bias vector as a matrix whose every row is the bias; empty when absent.</summary>
    public static RowMatrix<T> Bias<T>(Tensor? bias) where T : unmanaged => bias is null ? default : RowMatrix<T>.Of(Dense(bias));

    /// <summary><paramref name="main"/> followed by the biases that are present, with their positions (−1 when absent).</summary>
    public static Tensor[] Inputs(Tensor[] main, Tensor? biasIh, Tensor? biasHh, out int ih, out int hh)
    {
        ih = biasIh is null ? -1 : main.Length;
        hh = biasHh is null ? -1 : main.Length + (biasIh is null ? 0 : 1);
        return (biasIh, biasHh) switch
        {
            (null, null) => main,
            (not null, null) => [.. main, biasIh],
            (null, not null) => [.. main, biasHh],
            _ => [.. main, biasIh, biasHh],
        };
    }

    /// <summary>
    /// Sets the gradients of the biases at positions <paramref name="ih"/> and <paramref name="hh"/> (when present and
    /// needed) to the sums over every leading dimension of the gradients of the pre-activations they were added to.
    /// </summary>
    public static void BiasGrads(Tensor?[] grads, Tensor[] inputs, Tensor dzIh, Tensor dzHh, int ih, int hh)
    {
        Tensor? sumIh = null;
        if (ih >= 0 && inputs[ih].RequiresGrad) grads[ih] = sumIh = SumRows(dzIh);
        if (hh >= 0 && inputs[hh].RequiresGrad) grads[hh] = ReferenceEquals(dzIh, dzHh) && sumIh is not null ? sumIh : SumRows(dzHh);
    }

    private static Tensor SumRows(Tensor dz) => dz.Reshape(-1, dz.Dims[^1]).Sum(0);
}
