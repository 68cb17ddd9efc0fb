using Nabla.Nn;

namespace Nabla.Models.Text;

/// <summary>
/// The word2vec objectives as differentiable tensor expressions (gathers with <see cref="Functional.Embedding"/>,
/// batched dot products, softplus), so autodiff gives their gradients. All return the sum over the batch, the
/// scale at which <c>word2vec.c</c>'s per-example SGD steps apply. log σ(x) is computed as −softplus(−x).
/// </summary>
public static class Word2VecLoss
{
    /// <summary>
    /// Σ_b [−log σ(u_oᵀh) − Σ_k log σ(−u_kᵀh)] for hidden vectors <paramref name="hidden"/> (B, D), positive output
    /// vectors <paramref name="positive"/> (B, D) and negative output vectors <paramref name="negatives"/> (B, K, D).
    /// </summary>
    public static Tensor NegativeSampling(Tensor hidden, Tensor positive, Tensor negatives)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(negatives);
        if (hidden.Rank != 2 || hidden.Shape != positive.Shape || negatives.Rank != 3
            || negatives.Size(0) != hidden.Size(0) || negatives.Size(2) != hidden.Size(1))
            throw new ArgumentException(
                $"Word2VecLoss.NegativeSampling: expected hidden (B, D), positive (B, D), negatives (B, K, D); got {hidden.Shape}, {positive.Shape}, {negatives.Shape}.");
        var positiveScore = (hidden * positive).Sum(-1);
        var loss = (-positiveScore).Softplus().Sum();
        if (negatives.Size(1) == 0) return loss;
        // An elementwise product and a sum over D: B tiny (K, D)·(D, 1) GEMMs cost more in call overhead.
        var negativeScore = (negatives * hidden.Unsqueeze(1)).Sum(-1);
        return loss + negativeScore.Softplus().Sum();
    }

    /// <summary>
    /// Skip-gram with negative sampling: centre input vectors v = <paramref name="inputWeight"/>[centres] (B), context
    /// output vectors u_o = <paramref name="outputWeight"/>[contexts] (B) and negatives u_k = outputWeight[negatives]
    /// (B, K); both tables are (V, D).
    /// </summary>
    public static Tensor SkipGram(Tensor inputWeight, Tensor outputWeight, Tensor centres, Tensor contexts, Tensor negatives) =>
        NegativeSampling(
            Functional.Embedding(centres, inputWeight),
            Functional.Embedding(contexts, outputWeight),
            Functional.Embedding(negatives, outputWeight));

    /// <summary>
    /// CBOW with negative sampling: the hidden vector is Σ_j w_bj·v[contexts_bj] over the (B, C) context indices and
    /// weights (1/count for used slots, 0 for padding, so a mean of the context's input vectors); it predicts the
    /// centre's output vector against the (B, K) negatives.
    /// </summary>
    public static Tensor Cbow(Tensor inputWeight, Tensor outputWeight, Tensor contexts, Tensor contextWeights, Tensor centres, Tensor negatives)
    {
        ArgumentNullException.ThrowIfNull(contextWeights);
        if (contexts.Rank != 2 || contexts.Shape != contextWeights.Shape)
            throw new ArgumentException(
                $"Word2VecLoss.Cbow: contexts and contextWeights must both be (B, C), got {contexts.Shape} and {contextWeights.Shape}.");
        var hidden = (Functional.Embedding(contexts, inputWeight) * contextWeights.Unsqueeze(-1)).Sum(1);
        return NegativeSampling(hidden, Functional.Embedding(centres, outputWeight), Functional.Embedding(negatives, outputWeight));
    }

    /// <summary>
    /// The exact objective negative sampling approximates: Σ_b −log p(o_b | h_b) with p(o | h) = softmax(U h)_o over
    /// the whole (V, D) output table <paramref name="outputWeight"/>, for hidden vectors (B, D) and targets (B).
    /// </summary>
    public static Tensor FullSoftmax(Tensor hidden, Tensor outputWeight, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(outputWeight);
        if (hidden.Rank != 2 || outputWeight.Rank != 2 || hidden.Size(1) != outputWeight.Size(1))
            throw new ArgumentException(
                $"Word2VecLoss.FullSoftmax: expected hidden (B, D) and outputWeight (V, D), got {hidden.Shape} and {outputWeight.Shape}.");
        return Functional.CrossEntropy(hidden.MatMul(outputWeight.T), targets, reduction: "sum");
    }
}
