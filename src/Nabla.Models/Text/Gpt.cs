using Nabla.Autograd;
using Nabla.Nn;

namespace Nabla.Models.Text;

/// <summary>
/// A GPT language model in nanoGPT's layout: token embedding <c>transformer.wte</c> (V, d) plus learned position
/// embedding <c>transformer.wpe</c> (block, d), dropout, <see cref="GptConfig.NLayer"/> pre-LayerNorm
/// <see cref="GptBlock"/>s (<c>transformer.h.0</c>, …), a final LayerNorm <c>transformer.ln_f</c> and the
/// bias-free head <c>lm_head</c> Linear(d, V), optionally sharing its weight with <c>wte</c>. State-dict names are
/// nanoGPT's, so weights map one to one onto a nanoGPT checkpoint of the same configuration. Initialisation is
/// nanoGPT's: every Linear and Embedding weight N(0, 0.02), the residual projections (<c>c_proj</c>)
/// N(0, 0.02/√(2·n_layer)), biases zero, LayerNorms one and zero.
/// </summary>
public sealed partial class Gpt : Module, ICharLanguageModel
{
    private readonly ModuleList _blocks;
    private readonly GptBlock[] _blockArray;
    private readonly Dropout _drop;

    /// <summary>Creates the model for <paramref name="config"/>, drawing the initial weights from <paramref name="generator"/> (the default stream when null).</summary>
    public Gpt(GptConfig config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        int d = config.NEmbd;
        var head = new Linear(d, config.VocabSize, bias: false, generator: generator);
        var transformer = new ModuleDict();
        if (config.TieWeights)
        {
            transformer.Add("wte", new Lookup(head.Weight));
            Wte = head.Weight;
        }
        else
        {
            var wte = new Embedding(config.VocabSize, d, generator: generator);
            transformer.Add("wte", wte);
            Wte = wte.Weight;
        }
        var wpe = new Embedding(config.BlockSize, d, generator: generator);
        transformer.Add("wpe", wpe);
        Wpe = wpe.Weight;
        _drop = new Dropout(config.Dropout, generator);
        transformer.Add("drop", _drop);
        _blocks = new ModuleList();
        _blockArray = new GptBlock[config.NLayer];
        for (int i = 0; i < config.NLayer; i++) _blocks.Add(_blockArray[i] = new GptBlock(d, config.NHead, config.Dropout, generator));
        transformer.Add("h", _blocks);
        LnF = new LayerNorm(d);
        transformer.Add("ln_f", LnF);
        RegisterModule("transformer", transformer);
        LmHead = RegisterModule("lm_head", head);
        InitWeights(config, generator);
    }

    /// <summary>The configuration the model was built with.</summary>
    public GptConfig Config { get; }

    /// <summary>The token embedding (V, d), <c>transformer.wte.weight</c> (the same tensor as <see cref="LmHead"/>'s weight when tied).</summary>
    public Tensor Wte { get; }

    /// <summary>The position embedding (block, d), <c>transformer.wpe.weight</c>.</summary>
    public Tensor Wpe { get; }

    /// <summary>The transformer blocks, <c>transformer.h</c>.</summary>
    public IReadOnlyList<GptBlock> Blocks => _blockArray;

    /// <summary>The final LayerNorm, <c>transformer.ln_f</c>.</summary>
    public LayerNorm LnF { get; }

    /// <summary>The output projection Linear(d, V) without bias, <c>lm_head</c>.</summary>
    public Linear LmHead { get; }

    /// <summary>
    /// Number of parameters, a tied weight counted once; with <paramref name="nonEmbedding"/> (the default) without
    /// the position embedding, as nanoGPT's <c>get_num_params</c> reports it.
    /// </summary>
    public long ParameterCount(bool nonEmbedding = true)
    {
        long count = Parameters().Sum(p => (long)p.NumElements);
        return nonEmbedding ? count - Wpe.NumElements : count;
    }

    /// <summary>Logits (N, L, V) for int64 token ids (N, L), L at most <see cref="GptConfig.BlockSize"/>.</summary>
    protected override Tensor ForwardCore(Tensor input) => LmHead.Forward(LnF.Forward(Hidden(input)));

    /// <summary>The last block's output (N, L, d).</summary>
    private Tensor Hidden(Tensor tokens)
    {
        if (tokens.Rank != 2 || tokens.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"Gpt: expected integer token ids (N, L), got {tokens.DType} {tokens.Shape}.");
        int l = tokens.Shape[1];
        if (l > Config.BlockSize)
            throw new ArgumentException($"Gpt: cannot forward a sequence of length {l}, the block size is only {Config.BlockSize} (tokens {tokens.Shape}).");
        var positions = Tensor.Arange(0, l, 1, DType.Int64);
        var x = _drop.Forward(Functional.Embedding(tokens, Wte) + Functional.Embedding(positions, Wpe));
        foreach (var block in _blockArray) x = block.Forward(x);
        return x;
    }

    /// <summary>
    /// Extends each row of <paramref name="prompt"/> (token ids (N, L) or (L)) by <paramref name="maxNewTokens"/>
    /// sampled tokens, feeding the model at most the last <see cref="GptConfig.BlockSize"/> tokens, and returns
    /// prompt and continuation (N, L + maxNewTokens) (or (L + maxNewTokens)) as int64. Each step divides the last
    /// position's logits by <paramref name="temperature"/> (0 takes the argmax: greedy decoding), keeps only the
    /// <paramref name="topK"/> largest when given (ties with the k-th kept, as nanoGPT), and samples from their
    /// softmax with <paramref name="generator"/> (<see cref="Generator.Default"/> when null). Runs without
    /// gradients and in the current mode: call <see cref="Module.Eval"/> first when the model has dropout.
    /// </summary>
    public Tensor Generate(Tensor prompt, int maxNewTokens, double temperature = 1.0, int? topK = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (!(temperature >= 0) || double.IsPositiveInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"Gpt.Generate: temperature must be finite and non-negative, got {temperature}.");
        if (topK is <= 0)
            throw new ArgumentOutOfRangeException(nameof(topK), $"Gpt.Generate: topK must be positive, got {topK}.");
        if (prompt.Rank is not (1 or 2) || prompt.DType is not (DType.Int64 or DType.Int32) || prompt.Shape[^1] == 0)
            throw new ArgumentException($"Gpt.Generate: expected a non-empty integer prompt (N, L) or (L), got {prompt.DType} {prompt.Shape}.");
        generator ??= Generator.Default;
        var rows = prompt.Rank == 1 ? prompt.Unsqueeze(0) : prompt;
        int n = rows.Shape[0], l = rows.Shape[1], total = l + maxNewTokens, v = Config.VocabSize;
        var ids = new long[n * total];
        var given = rows.To(DType.Int64).Contiguous().ToArray<long>();
        for (int i = 0; i < n; i++) Array.Copy(given, i * l, ids, i * total, l);
        var scratch = new double[v];
        using (GradMode.NoGrad())
        {
            for (int t = l; t < total; t++)
            {
                using var scope = TensorScope.Begin();
                int start = Math.Max(0, t - Config.BlockSize), len = t - start;
                var context = new long[n * len];
                for (int i = 0; i < n; i++) Array.Copy(ids, i * total + start, context, i * len, len);
                var last = Hidden(Tensor.FromArray(context, n, len)).Select(1, len - 1);
                var logits = LmHead.Forward(LnF.Forward(last)).To(DType.Float64).Contiguous().ToArray<double>();
                for (int i = 0; i < n; i++)
                    ids[i * total + t] = Sample(logits.AsSpan(i * v, v), temperature, topK, generator, scratch);
            }
        }
        var result = Tensor.FromArray(ids, n, total);
        return prompt.Rank == 1 ? result.Squeeze(0) : result;
    }

    /// <summary>One token from a row of logits (rewritten in place), as <see cref="Generate"/> describes.</summary>
    private static long Sample(Span<double> logits, double temperature, int? topK, Generator generator, double[] scratch)
    {
        if (temperature == 0) return ArgMax(logits);
        double max = double.NegativeInfinity;
        for (int j = 0; j < logits.Length; j++)
        {
            logits[j] /= temperature;
            if (logits[j] > max) max = logits[j];
        }
        double floor = double.NegativeInfinity;
        if (topK is int k && k < logits.Length)
        {
            logits.CopyTo(scratch);
            Array.Sort(scratch, 0, logits.Length);
            floor = scratch[logits.Length - k];
        }
        double sum = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            logits[j] = logits[j] < floor ? 0 : Math.Exp(logits[j] - max);
            sum += logits[j];
        }
        if (!(sum > 0) || double.IsInfinity(sum)) return ArgMax(logits);
        double u = generator.NextDouble() * sum, acc = 0;
        int lastPositive = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            if (logits[j] <= 0) continue;
            acc += logits[j];
            lastPositive = j;
            if (u < acc) return j;
        }
        return lastPositive;
    }

    private static long ArgMax(ReadOnlySpan<double> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
            if (row[j] > row[best]) best = j;
        return best;
    }

    private void InitWeights(GptConfig config, Generator? generator)
    {
        double projStd = 0.02 / Math.Sqrt(2.0 * Math.Max(config.NLayer, 1));
        using (GradMode.NoGrad())
        {
            foreach (var (name, module) in NamedModules())
            {
                switch (module)
                {
                    case Linear linear:
                        Init.Normal_(linear.Weight, 0, name.EndsWith("c_proj", StringComparison.Ordinal) ? projStd : 0.02, generator);
                        if (linear.Bias is { } bias) Init.Zeros_(bias);
                        break;
                    case Embedding embedding:
                        Init.Normal_(embedding.Weight, 0, 0.02, generator);
                        break;
                }
            }
        }
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"vocab_size={Config.VocabSize}, block_size={Config.BlockSize}, n_layer={Config.NLayer}, n_head={Config.NHead}, n_embd={Config.NEmbd}, dropout={Config.Dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)}, tie_weights={Config.TieWeights}";

    /// <summary>The tied token embedding: a module whose only parameter is the head's weight, so the state dict names it <c>transformer.wte.weight</c>.</summary>
    private sealed class Lookup : Module
    {
        public Lookup(Tensor weight) => Weight = RegisterParameter("weight", weight);

        public Tensor Weight { get; }

        protected override Tensor ForwardCore(Tensor input) => Functional.Embedding(input, Weight);
    }
}
