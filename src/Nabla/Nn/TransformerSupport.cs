namespace Nabla.Nn;

/// <summary>
/// Shared pieces of the transformer layers: input layout and mask shape checks (named after the layer and PyTorch's
/// argument names), the activation by name, recognising the causal mask so the fused attention can cut it without a
/// mask tensor, and the deep copy behind the stacks' clones.
/// </summary>
internal static class TransformerSupport
{
    /// <summary>The activation of the feed-forward block, by PyTorch's name ("gelu_tanh" is <c>F.gelu(x, approximate="tanh")</c>).</summary>
    public static string CheckActivation(string op, string activation) => activation is "relu" or "gelu" or "gelu_tanh"
        ? activation
        : throw new ArgumentException($"{op}: activation should be relu/gelu/gelu_tanh, not {activation}.", nameof(activation));

    /// <summary>Applies the named activation.</summary>
    public static Tensor Activate(Tensor x, string activation) => activation switch
    {
        "gelu" => x.Gelu(),
        "gelu_tanh" => x.Gelu("tanh"),
        _ => x.Relu(),
    };

    /// <summary>Checks d_model, nhead, the feed-forward size and the dropout probability of a layer.</summary>
    public static void CheckSizes(string op, int dModel, int nhead, int dimFeedforward, double dropout)
    {
        if (dModel <= 0 || nhead <= 0 || dModel % nhead != 0)
            throw new ArgumentOutOfRangeException(nameof(nhead), $"{op}: d_model {dModel} must be a positive multiple of nhead {nhead}.");
        if (dimFeedforward <= 0)
            throw new ArgumentOutOfRangeException(nameof(dimFeedforward), $"{op}: dim_feedforward must be positive, got {dimFeedforward}.");
        if (!(dropout >= 0 && dropout <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), $"{op}: dropout has to be between 0 and 1, but got {dropout}.");
    }

    /// <summary>
    /// Sequence length and batch size of <paramref name="x"/> ((L, N, E), (N, L, E) batch-first, or unbatched (L, E),
    /// whose batch is reported as 0); throws unless its last dim is <paramref name="dModel"/>.
    /// </summary>
    public static (int Length, int Batch) Layout(string op, string name, Tensor x, int dModel, bool batchFirst)
    {
        if (x.Rank is not (2 or 3) || x.Dims[^1] != dModel)
            throw new ArgumentException($"{op}: {name} {x.Shape} must be {(batchFirst ? "(N, L, E)" : "(L, N, E)")} or unbatched (L, E) with E = d_model {dModel}.");
        if (x.Rank == 2) return (x.Dims[0], 0);
        return batchFirst ? (x.Dims[1], x.Dims[0]) : (x.Dims[0], x.Dims[1]);
    }

    /// <summary>Throws unless <paramref name="memory"/> has the rank, batch size and d_model of <paramref name="tgt"/>.</summary>
    public static int MemoryLength(string op, Tensor tgt, Tensor memory, int dModel, bool batchFirst)
    {
        var (s, n) = Layout(op, "memory", memory, dModel, batchFirst);
        var (_, nt) = Layout(op, "tgt", tgt, dModel, batchFirst);
        if (memory.Rank != tgt.Rank || n != nt)
            throw new ArgumentException($"{op}: memory {memory.Shape} and tgt {tgt.Shape} must both be batched with the same batch size, or both unbatched.");
        return s;
    }

    /// <summary>Checks an attention mask: (L, S), or (N·nhead, L, S) (nhead, L, S unbatched); Bool or floating point.</summary>
    public static void CheckAttnMask(string op, string name, Tensor? mask, int l, int s, int batch, int nhead, Tensor input)
    {
        if (mask is null) return;
        int heads = Math.Max(batch, 1) * nhead;
        bool ok = mask.Rank == 2 ? mask.Dims[0] == l && mask.Dims[1] == s
            : mask.Rank == 3 && mask.Dims[0] == heads && mask.Dims[1] == l && mask.Dims[2] == s;
        if (!ok)
            throw new ArgumentException($"{op}: {name} {mask.Shape} must be [{l}, {s}] or [{heads}, {l}, {s}] for input {input.Shape}.");
        if (mask.DType != DType.Bool && !mask.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: {name} {mask.Shape} must be Bool or floating point, got {mask.DType}.");
    }

    /// <summary>Checks a key padding mask: (N, S), or (S) for unbatched input; Bool or floating point.</summary>
    public static void CheckPaddingMask(string op, string name, Tensor? mask, int s, int batch, Tensor input)
    {
        if (mask is null) return;
        bool ok = batch == 0 ? mask.Rank == 1 && mask.Dims[0] == s : mask.Rank == 2 && mask.Dims[0] == batch && mask.Dims[1] == s;
        if (!ok)
            throw new ArgumentException($"{op}: {name} {mask.Shape} must be {(batch == 0 ? $"[{s}]" : $"[{batch}, {s}]")} for input {input.Shape}.");
        if (mask.DType != DType.Bool && !mask.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: {name} {mask.Shape} must be Bool or floating point, got {mask.DType}.");
    }

    /// <summary>
    /// Whether attention is causal: with <paramref name="isCausal"/> the mask must be absent or the causal one (an
    /// error otherwise); without it, a mask that is exactly the causal one (Bool true above the diagonal, or 0 on
    /// and below it and −∞ above) is recognised. A mask that requires grad is never replaced.
    /// </summary>
    public static bool ResolveCausal(string op, string name, Tensor? mask, bool isCausal)
    {
        if (mask is null) return isCausal;
        bool causal = !mask.RequiresGrad && IsCausalMask(mask);
        if (isCausal && !causal)
            throw new ArgumentException($"{op}: isCausal is set but {name} {mask.Shape} is not the causal mask (true or −∞ exactly above the diagonal).");
        return causal;
    }

    /// <summary>Makes <paramref name="copy"/> (built with the same configuration) equal to <paramref name="source"/>: dtype, weights, gradient flags and training mode.</summary>
    public static T CopyState<T>(T source, T copy) where T : Module
    {
        if (source.Parameters().FirstOrDefault() is { } first) copy.To(first.DType);
        copy.LoadStateDict(source.StateDict());
        foreach (var ((_, from), (_, to)) in source.NamedParameters().Zip(copy.NamedParameters()))
            to.RequiresGrad = from.RequiresGrad;
        copy.Train(source.Training);
        return copy;
    }

    private static bool IsCausalMask(Tensor mask)
    {
        if (mask.Rank != 2) return false;
        int l = mask.Dims[0], s = mask.Dims[1];
        var m = mask.Contiguous();
        return mask.DType switch
        {
            DType.Bool => Check(m.Span<bool>(), l, s, true, false),
            DType.Float32 => Check(m.Span<float>(), l, s, float.NegativeInfinity, 0f),
            DType.Float64 => Check(m.Span<double>(), l, s, double.NegativeInfinity, 0.0),
            _ => false,
        };
    }

    private static bool Check<T>(ReadOnlySpan<T> m, int l, int s, T above, T rest) where T : IEquatable<T>
    {
        for (int i = 0; i < l; i++)
            for (int j = 0; j < s; j++)
                if (!m[i * s + j].Equals(j > i ? above : rest)) return false;
        return true;
    }
}
