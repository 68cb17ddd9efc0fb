using Nabla.Autograd;
using Nabla.Nn;
using F = Nabla.Nn.Functional;

namespace Nabla.Models.Text;

/// <summary>
/// A BERT-style masked language model over characters: token and learned position embeddings, layer norm and dropout;
/// a post-norm <see cref="TransformerEncoder"/> (batch-first); the MLM head of BERT (dense → GELU → layer norm →
/// decoder whose weight is the token embedding, plus its own bias). GELU is the tanh approximation throughout, as in
/// the original BERT code. Ids are (N, L) int64 from a
/// <see cref="BertVocabulary"/>; the logits are (N, L, V). There is no segment embedding: training uses single
/// windows of text, without sentence pairs or next-sentence prediction (which RoBERTa found unhelpful).
/// </summary>
public sealed partial class BertMlm : Module
{
    private readonly Embedding _tokens;
    private readonly Embedding _positions;
    private readonly LayerNorm _embeddingNorm;
    private readonly Dropout _embeddingDropout;
    private readonly Linear _transform;
    private readonly LayerNorm _transformNorm;

    /// <summary>Builds the model for <paramref name="vocabulary"/>; weights and dropout masks are drawn from <paramref name="generator"/> (the default stream when null).</summary>
    public BertMlm(BertVocabulary vocabulary, BertMlmConfig? config = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Vocabulary = vocabulary;
        Config = config ??= new BertMlmConfig();
        int h = config.Hidden;
        _tokens = RegisterModule("token_embedding", new Embedding(vocabulary.Count, h, generator: generator));
        _positions = RegisterModule("position_embedding", new Embedding(config.MaxLength, h, generator: generator));
        _embeddingNorm = RegisterModule("embedding_norm", new LayerNorm(h, config.LayerNormEps));
        _embeddingDropout = RegisterModule("embedding_dropout", new Dropout(config.Dropout, generator));
        var layer = new TransformerEncoderLayer(h, config.Heads, config.Intermediate, config.Dropout, "gelu_tanh", config.LayerNormEps,
            batchFirst: true, normFirst: false, generator: generator);
        Encoder = RegisterModule("encoder", new TransformerEncoder(layer, config.Layers));
        _transform = RegisterModule("head_transform", new Linear(h, h, generator: generator));
        _transformNorm = RegisterModule("head_norm", new LayerNorm(h, config.LayerNormEps));
        DecoderBias = RegisterParameter("head_bias", Tensor.Zeros(vocabulary.Count));
        using (GradMode.NoGrad())
        {
            Init.Normal_(_tokens.Weight, 0, config.InitStd, generator);
            Init.Normal_(_positions.Weight, 0, config.InitStd, generator);
            Init.Normal_(_transform.Weight, 0, config.InitStd, generator);
            _transform.Bias!.Zero_();
        }
    }

    /// <summary>The vocabulary the ids come from.</summary>
    public BertVocabulary Vocabulary { get; }

    /// <summary>The model's sizes.</summary>
    public BertMlmConfig Config { get; }

    /// <summary>The transformer encoder.</summary>
    public TransformerEncoder Encoder { get; }

    /// <summary>The (V, H) token embedding, also the weight of the output decoder.</summary>
    public Tensor TokenEmbedding => _tokens.Weight;

    /// <summary>The (V) output bias of the MLM head.</summary>
    public Tensor DecoderBias { get; }

    /// <summary>
    /// Logits (N, L, V) for ids (N, L), L ≤ <see cref="BertMlmConfig.MaxLength"/>. <c>[PAD]</c> positions are kept out
    /// of attention through a key padding mask.
    /// </summary>
    public Tensor Forward(Tensor ids, Tensor? keyPaddingMask = null) => Logits(Encode(ids, keyPaddingMask));

    /// <summary>The encoder's output (N, L, H) for ids (N, L): the contextual representation of every position.</summary>
    public Tensor Encode(Tensor ids, Tensor? keyPaddingMask = null)
    {
        if (ids.Rank != 2 || ids.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"BertMlm: ids must be an integer (N, L) tensor, got {ids.DType} {ids.Shape}.");
        int l = ids.Size(1);
        if (l > Config.MaxLength)
            throw new ArgumentException($"BertMlm: sequence length {l} of ids {ids.Shape} exceeds the {Config.MaxLength} position embeddings.");
        var positions = Tensor.Arange(0, l, 1, DType.Int64);
        var x = _embeddingDropout.Forward(_embeddingNorm.Forward(_tokens.Forward(ids) + _positions.Forward(positions)));
        if (keyPaddingMask is null)
        {
            var pad = ids.Eq(BertVocabulary.Pad);
            if (pad.Sum().Item() > 0) keyPaddingMask = pad;
        }
        return Encoder.Forward(x, srcKeyPaddingMask: keyPaddingMask);
    }

    /// <summary>The MLM head on hidden states (…, H): dense, GELU, layer norm, then the tied decoder; gives (…, V).</summary>
    public Tensor Logits(Tensor hidden) =>
        F.Linear(_transformNorm.Forward(_transform.Forward(hidden).Gelu("tanh")), _tokens.Weight, DecoderBias);

    /// <summary>
    /// The masked-LM loss: mean cross-entropy of the logits for <paramref name="inputs"/> (N, L) against
    /// <paramref name="labels"/> (N, L), over the positions whose label is not <see cref="BertMasking.IgnoreIndex"/>.
    /// </summary>
    public Tensor Loss(Tensor inputs, Tensor labels)
    {
        var logits = Forward(inputs);
        return F.CrossEntropy(logits.Reshape(-1, Vocabulary.Count), labels.Reshape(-1), ignoreIndex: BertMasking.IgnoreIndex);
    }

    /// <summary>
    /// Replaces every <paramref name="blank"/> in <paramref name="text"/> by <c>[MASK]</c> and fills each with the
    /// model's most likely character (one pass, evaluation mode). The text must fit in MaxLength − 2 characters.
    /// </summary>
    public string FillBlanks(string text, char blank = '_')
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new long[text.Length + 2];
        ids[0] = BertVocabulary.Cls;
        ids[^1] = BertVocabulary.Sep;
        for (int i = 0; i < text.Length; i++) ids[i + 1] = text[i] == blank ? BertVocabulary.Mask : Vocabulary.IdOf(text[i]);
        bool wasTraining = Training;
        Eval();
        try
        {
            using var scope = TensorScope.Begin();
            using var noGrad = GradMode.NoGrad();
            var best = Forward(Tensor.FromArray(ids, 1, ids.Length)).Select(0, 0).Narrow(0, 1, text.Length);
            var chars = text.ToCharArray();
            var predicted = ChooseCharacters(best);
            for (int i = 0; i < chars.Length; i++)
                if (chars[i] == blank) chars[i] = Vocabulary.Chars[(int)predicted[i] - BertVocabulary.FirstCharacter];
            return new string(chars);
        }
        finally
        {
            Train(wasTraining);
        }
    }

    /// <summary>For logits (L, V), the most likely character id at each position (special tokens excluded).</summary>
    private long[] ChooseCharacters(Tensor logits)
    {
        var characters = logits.Narrow(1, BertVocabulary.FirstCharacter, Vocabulary.Count - BertVocabulary.FirstCharacter);
        var ids = characters.Argmax(1).ToArray<long>();
        for (int i = 0; i < ids.Length; i++) ids[i] += BertVocabulary.FirstCharacter;
        return ids;
    }

    /// <summary>Logits for ids (N, L); see <see cref="Forward(Tensor, Tensor?)"/>.</summary>
    protected override Tensor ForwardCore(Tensor input) => Forward(input);
}
