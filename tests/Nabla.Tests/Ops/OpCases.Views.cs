using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Ops;

public static partial class OpCases
{
    private static Tensor Longs(long[] values, params int[] shape) => Tensor.FromArray(values, shape);

    private static Tensor Bools(bool[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>Views, indexing and joining.</summary>
    private static IEnumerable<OpCase> ViewCases =>
    [
        new("View", "with -1", x => x[0].View(-1, 2) * 1.5, () => [Leaf(1, 2, 3)]),
        new("View", "of transposed view adding a size-1 dim", x => x[0].View(3, 2, 1), () => [TransposedLeaf(2, 3, 2)]),
        new("ViewAs", "plain", x => x[0].ViewAs(x[1]) * x[1], () => [Leaf(1, 6), Leaf(2, 3, 2)]),
        new("ExpandAs", "size-1 dims", x => x[0].ExpandAs(x[1]) * x[1], () => [Leaf(1, 3, 1), Leaf(2, 2, 3, 4)]),
        new("Permute", "negative dims", x => x[0].Permute(2, -3, 1) * 2.0, () => [Leaf(1, 2, 3, 4)]),
        new("Transpose", "negative dims of transposed view", x => x[0].Transpose(-1, 0), () => [TransposedLeaf(1, 3, 2)]),
        new("T", "matrix", x => x[0].T * x[1], () => [Leaf(1, 2, 3), Leaf(2, 3, 2)]),
        new("MT", "batch", x => x[0].MT, () => [Leaf(1, 2, 3, 4)]),
        new("Squeeze", "all", x => x[0].Squeeze() * 3.0, () => [Leaf(1, 2, 1, 3, 1)]),
        new("Squeeze", "negative dim", x => x[0].Squeeze(-2), () => [Leaf(1, 2, 1, 3)]),
        new("Unsqueeze", "last of transposed view", x => x[0].Unsqueeze(-1) * x[0].Unsqueeze(0).Sum(0).Unsqueeze(2), () => [TransposedLeaf(1, 3, 2)]),
        new("Flatten", "dims 1..2", x => x[0].Flatten(1), () => [Leaf(1, 2, 3, 2)]),
        new("Flatten", "transposed view (copies)", x => x[0].Flatten(), () => [TransposedLeaf(1, 3, 2)]),
        new("Unflatten", "with -1", x => x[0].Unflatten(-1, 2, -1), () => [Leaf(1, 3, 6)]),
        new("Narrow", "negative dim and start", x => x[0].Narrow(-1, -3, 2), () => [Leaf(1, 2, 4)]),
        new("Slice", "step 2 negative start", x => x[0].Slice(1, -4, null, 2), () => [Leaf(1, 2, 5)]),
        new("Slice", "step 3 of transposed view", x => x[0].Slice(0, 0, 100, 3) * 2.0, () => [TransposedLeaf(2, 5, 2)]),
        new("Slice", "empty result joined", x => Tensor.Cat([x[0].Slice(1, 5, 10), x[0]], 1), () => [Leaf(1, 2, 3)]),
        new("Select", "negative index", x => x[0].Select(1, -1), () => [Leaf(1, 2, 3, 2)]),
        new("Select", "transposed view", x => x[0].Select(0, 1), () => [TransposedLeaf(1, 3, 2)]),
        new("Flip", "two dims", x => x[0].Flip(0, -1) * x[0], () => [Leaf(1, 2, 3)]),
        new("Flip", "transposed view", x => x[0].Flip(1), () => [TransposedLeaf(1, 2, 3)]),
        new("Repeat", "extra leading dim", x => x[0].Repeat(2, 1, 3), () => [Leaf(1, 2, 2)]),
        new("Repeat", "transposed view", x => x[0].Repeat(2, 2), () => [TransposedLeaf(1, 2, 3)]),
        new("Indexer", "x[.., 1]", x => x[0][.., 1], () => [Leaf(1, 3, 4)]),
        new("Indexer", "x[0, 1..^1]", x => x[0][0, 1..^1], () => [Leaf(1, 2, 4)]),
        new("Indexer", "x[..., None, ::2] of transposed", x => x[0][TensorIndex.Ellipsis, TensorIndex.NewAxis, TensorIndex.Slice(null, null, 2)], () => [TransposedLeaf(1, 2, 5)]),
        new("Gather", "dim 1", x => x[0].Gather(1, Longs([0, 2, 2, 1, 0, 1], 2, 3)), () => [Leaf(1, 2, 3)]),
        new("Gather", "dim 0 smaller index, transposed", x => x[0].Gather(-2, Longs([2, 0, 1, 1], 2, 2)), () => [TransposedLeaf(1, 3, 3)]),
        new("Scatter", "unique indices, larger source", x => x[0].Scatter(1, Longs([2, 0, 1, 2], 2, 2), x[1]), () => [Leaf(1, 2, 3), Leaf(2, 2, 3)]),
        new("ScatterAdd", "duplicate indices", x => x[0].ScatterAdd(0, Longs([1, 1, 0, 1, 1, 1], 2, 3), x[1]), () => [Leaf(1, 2, 3), Leaf(2, 2, 3)]),
        new("IndexSelect", "duplicates, negative dim", x => x[0].IndexSelect(-1, Longs([2, 0, 2])), () => [Leaf(1, 2, 3)]),
        new("IndexSelect", "empty index", x => x[0].IndexSelect(0, Tensor.Zeros([0], DType.Int64)), () => [Leaf(1, 2, 3)]),
        new("IndexAdd", "duplicates", x => x[0].IndexAdd(0, Longs([1, 1, 0]), x[1]), () => [Leaf(1, 2, 3), Leaf(2, 3, 3)]),
        new("MaskedFill", "broadcast mask", x => x[0].MaskedFill(Bools([true, false, true], 3), -1.0), () => [Leaf(1, 2, 3)]),
        new("MaskedSelect", "broadcast mask", x => x[0].MaskedSelect(Bools([false, true, true, false, true, false], 2, 1, 3)), () => [Leaf(1, 2, 3)]),
        new("Cat", "mixed sizes dim 1 with transposed view", x => Tensor.Cat([x[0], x[1], x[2]], 1), () => [Leaf(1, 2, 1), TransposedLeaf(2, 2, 3), Leaf(3, 2, 2)]),
        new("Cat", "dim 0 with empty", x => Tensor.Cat([x[0], x[1]]) * 2.0, () => [Leaf(1, 0, 2), Leaf(2, 3, 2)]),
        new("Stack", "dim -1", x => Tensor.Stack([x[0], x[1]], -1), () => [Leaf(1, 2, 3), Leaf(2, 2, 3)]),
        new("Split", "sizes, weighted sum of pieces", x => SumWeighted(x[0].Split([1, 3], 1)), () => [Leaf(1, 2, 4)]),
        new("Split", "split size", x => SumWeighted(x[0].Split(2, 0)), () => [Leaf(1, 5, 2)]),
        new("Chunk", "uneven", x => SumWeighted(x[0].Chunk(3, -1)), () => [Leaf(1, 2, 5)]),
        new("Unbind", "dim 1", x => SumWeighted(x[0].Unbind(1)), () => [Leaf(1, 2, 3)]),
        new("Pad", "two dims with crop", x => x[0].Pad([1, 2, -1, 1], 0.5), () => [Leaf(1, 3, 2)]),
        new("Pad", "transposed view", x => x[0].Pad([0, 1]), () => [TransposedLeaf(1, 2, 3)]),
    ];

    /// <summary>Σ_k (k+1)·piece_k, so every piece's gradient differs.</summary>
    private static Tensor SumWeighted(Tensor[] pieces)
    {
        var total = pieces[0].Sum();
        for (int k = 1; k < pieces.Length; k++) total = total + pieces[k].Sum() * (k + 1.0);
        return total;
    }
}
