namespace Nabla.Nn;

public static partial class Functional
{
    /// <summary>
    /// softmax(Q·Kᵀ·scale + mask)·V for query (…, L, E), key (…, S, E) and value (…, S, Ev), giving (…, L, Ev); batch
    /// dims broadcast. <paramref name="attnMask"/> broadcasts to (…, L, S) and is either Bool (true = take part, as in
    /// PyTorch 2) or an additive mask of the query's dtype; <paramref name="isCausal"/> lets query l see keys 0…l only
    /// (not combinable with a mask). <paramref name="scale"/> defaults to 1/√E. Runs as one fused op; a query row with
    /// every key masked gives NaN.
    /// </summary>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask = null, bool isCausal = false, double? scale = null) =>
        Ops.Attention.Apply(query, key, value, attnMask, isCausal, scale);
}
