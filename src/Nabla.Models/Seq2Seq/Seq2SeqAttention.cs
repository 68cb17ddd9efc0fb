using Nabla.Nn;

namespace Nabla.Models.Seq2Seq;

/// <summary>
/// Attention of a decoder query q (N, Q) over encoder outputs k (N, S, K): scores e (N, S) by <see cref="Kind"/>,
/// weights α = softmax(e) over the unmasked source positions, context Σ_s α_s·k_s (N, K). The key-side part of the
/// score (W_k·k for additive, W·k for general) does not depend on the query, so <see cref="PrepareKeys"/> computes it
/// once per source and every decoder step reuses it.
/// </summary>
public sealed class Seq2SeqAttention : Module
{
    private readonly Linear? _query, _key;
    private readonly Tensor? _v;

    /// <summary>
    /// Creates the scorer for queries of size <paramref name="querySize"/> and keys of size <paramref name="keySize"/>;
    /// additive attention projects both to <paramref name="attentionSize"/> (default: the query size), dot attention
    /// needs equal sizes.
    /// </summary>
    public Seq2SeqAttention(AttentionKind kind, int querySize, int keySize, int? attentionSize = null, Generator? generator = null)
    {
        if (querySize <= 0 || keySize <= 0)
            throw new ArgumentOutOfRangeException(nameof(querySize), $"Seq2SeqAttention: sizes must be positive, got query {querySize}, key {keySize}.");
        Kind = kind;
        QuerySize = querySize;
        KeySize = keySize;
        switch (kind)
        {
            case AttentionKind.Bahdanau:
                int a = attentionSize ?? querySize;
                _query = RegisterModule("query", new Linear(querySize, a, generator: generator));
                _key = RegisterModule("key", new Linear(keySize, a, bias: false, generator: generator));
                double bound = 1 / Math.Sqrt(a);
                _v = RegisterParameter("v", Init.Uniform_(Tensor.Empty([a]), -bound, bound, generator));
                break;
            case AttentionKind.LuongGeneral:
                _key = RegisterModule("key", new Linear(keySize, querySize, bias: false, generator: generator));
                break;
            case AttentionKind.LuongDot:
                if (querySize != keySize)
                    throw new ArgumentException($"Seq2SeqAttention: dot attention needs equal query and key sizes, got {querySize} and {keySize}.");
                break;
            default:
                throw new ArgumentException($"Seq2SeqAttention: {kind} is not an attention kind.");
        }
    }

    /// <summary>The score function.</summary>
    public AttentionKind Kind { get; }

    /// <summary>Size Q of a query.</summary>
    public int QuerySize { get; }

    /// <summary>Size K of a key.</summary>
    public int KeySize { get; }

    /// <summary>The query-independent part of the scores for keys (N, S, K): W_k·k, W·k, or the keys themselves.</summary>
    public Tensor PrepareKeys(Tensor keys)
    {
        if (keys.Rank != 3 || keys.Size(2) != KeySize)
            throw new ArgumentException($"Seq2SeqAttention: keys must be (N, S, {KeySize}), got {keys.Shape}.");
        return _key is null ? keys : _key.Forward(keys);
    }

    /// <summary>Unnormalised scores e (N, S) of queries (N, Q) against prepared keys (from <see cref="PrepareKeys"/>).</summary>
    public Tensor Scores(Tensor query, Tensor preparedKeys)
    {
        if (query.Rank != 2 || query.Size(1) != QuerySize || query.Size(0) != preparedKeys.Size(0))
            throw new ArgumentException($"Seq2SeqAttention: query {query.Shape} does not fit prepared keys {preparedKeys.Shape} and query size {QuerySize}.");
        if (Kind == AttentionKind.Bahdanau)
            return (preparedKeys + _query!.Forward(query).Unsqueeze(1)).Tanh().MatMul(_v!);
        return preparedKeys.MatMul(query.Unsqueeze(2)).Squeeze(2);
    }

    /// <summary>
    /// Attends with queries (N, Q) over <paramref name="keys"/> (N, S, K) prepared as <paramref name="preparedKeys"/>,
    /// where <paramref name="mask"/> (N, S) is true at real (non-padding) positions; returns the context (N, K) and
    /// the weights (N, S), which are zero at masked positions and sum to one over each row.
    /// </summary>
    public (Tensor Context, Tensor Weights) Attend(Tensor query, Tensor keys, Tensor preparedKeys, Tensor mask)
    {
        var weights = Scores(query, preparedKeys).MaskedFill(mask.LogicalNot(), double.NegativeInfinity).Softmax(1);
        return (weights.Unsqueeze(1).MatMul(keys).Squeeze(1), weights);
    }

    /// <summary>Self-attention over (N, S, K) inputs (needs Q = K): every position queries all positions; returns contexts (N, S, K).</summary>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (QuerySize != KeySize)
            throw new ArgumentException($"Seq2SeqAttention: self-attention needs equal query and key sizes, got {QuerySize} and {KeySize}.");
        var prepared = PrepareKeys(input);
        int n = input.Size(0), s = input.Size(1);
        var mask = Tensor.Ones([n, s], DType.Bool);
        var contexts = new Tensor[s];
        for (int i = 0; i < s; i++) contexts[i] = Attend(input.Select(1, i), input, prepared, mask).Context;
        return Tensor.Stack(contexts, 1);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{Kind}, query_size={QuerySize}, key_size={KeySize}";
}
