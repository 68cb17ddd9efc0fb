using System.Globalization;
using Nabla.Models.Text;
using Nabla.Text;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla text train|sample|ngram</c>: character language models on the fortunes corpus or a user's text.</summary>
internal static class TextCommand
{
    public const string TrainUsage =
        "nabla text train [--model NAME] [--layers 2] [--hidden 256] [--embedding 64] [--dropout 0] [--seq 100]\n" +
        "                    [--batch 32] [--lr 2e-3] [--steps N | --minutes M] [--eval-every K] [--eval-chars N] [--clip 1.0]\n" +
        "                    [--batching windows|stream] [--corpus PATH] [--seed S] [--save FILE] [--threads N]";

    public const string SampleUsage =
        "nabla text sample --load FILE [--prompt TEXT] [--length 300] [--temperature 0.8] [--top-k K] [--seed S]";

    public const string NGramUsage = "nabla text ngram [--order 1..4] [--k 1] [--corpus PATH]";

    public static int Run(CliArgs args, TextWriter output)
    {
        string sub = args.Positional.Count > 1 ? args.Positional[1] : throw new CliException("text: which command? train, sample or ngram");
        if (args.Positional.Count > 2) throw new CliException($"text {sub}: unexpected argument '{args.Positional[2]}'");
        return sub switch
        {
            "train" => TextTrainCommand.Run(args, output),
            "sample" => Sample(args, output),
            "ngram" => NGram(args, output),
            _ => throw new CliException($"text: unknown command '{sub}'; known: train, sample, ngram"),
        };
    }

    /// <summary>The training text: the fortunes corpus, or the file or every file of the directory given by --corpus.</summary>
    public static (string Text, string Name) LoadCorpus(string? path)
    {
        if (path is null) return (FortunesCorpus.Load(), "fortunes");
        if (Directory.Exists(path)) return (TextCorpus.ReadDirectory(path), path);
        if (File.Exists(path)) return (TextCorpus.ReadFiles([path]), path);
        throw new CliException($"--corpus: '{path}' is neither a file nor a directory");
    }

    /// <summary>The corpus as tokens of its own character vocabulary, split 90/10 into training and validation parts.</summary>
    public static (CharVocabulary Vocabulary, long[] Train, long[] Validation) Prepare(string text, string name)
    {
        if (text.Length < 20) throw new CliException($"the corpus {name} has {text.Length} characters; at least 20 are needed");
        var vocabulary = CharVocabulary.FromText(text);
        var (train, validation) = TrainValidationSplit.Split<long>(vocabulary.EncodeToArray(text), 0.9);
        return (vocabulary, train, validation);
    }

    private static int Sample(CliArgs args, TextWriter output)
    {
        string path = args.String("load") ?? throw new CliException("text sample: --load FILE is required");
        string? prompt = args.String("prompt");
        int length = args.Int("length", 300);
        double temperature = args.Double("temperature", 0.8);
        int? topK = args.String("top-k") is null ? null : args.Int("top-k", 0);
        int seed = args.Int("seed", 0);
        args.RejectUnknown();
        if (length < 0) throw new CliException($"--length {length} must be non-negative");
        if (!(temperature >= 0) || double.IsInfinity(temperature)) throw new CliException($"--temperature {temperature} must be non-negative and finite");
        if (topK is < 1) throw new CliException($"--top-k {topK} must be at least 1");

        var (model, vocabulary, _) = LanguageModelCheckpoint.Load(path);
        prompt ??= DefaultPrompt(vocabulary);
        if (prompt.Length == 0) throw new CliException("--prompt must not be empty");
        foreach (char c in prompt)
            if (!vocabulary.Contains(c))
                throw new CliException($"--prompt: character '{c}' (U+{(int)c:X4}) is not in the vocabulary of {path}");
        string sample = LanguageModelSampler.Sample(model, vocabulary, prompt, length, temperature, topK, new Generator(seed));
        output.WriteLine(prompt + sample);
        return 0;
    }

    /// <summary>A newline starts a fresh text in most corpora; a vocabulary without one starts from its first character.</summary>
    public static string DefaultPrompt(CharVocabulary vocabulary) => vocabulary.Contains('\n') ? "\n" : vocabulary[0].ToString();

    private static int NGram(CliArgs args, TextWriter output)
    {
        int? order = args.String("order") is null ? null : args.Int("order", 0);
        double k = args.Double("k", 1);
        string? corpus = args.String("corpus");
        args.RejectUnknown();
        if (order is < 1 or > 4) throw new CliException($"--order {order} is outside 1..4");
        if (!(k > 0) || double.IsInfinity(k)) throw new CliException($"--k {k} must be positive and finite");
        var (text, name) = LoadCorpus(corpus);
        var (vocabulary, train, validation) = Prepare(text, name);
        output.WriteLine($"corpus {name}: {train.Length:N0} training and {validation.Length:N0} validation characters, vocabulary of {vocabulary.Count}");
        int[] orders = order is int o ? [o] : [1, 2, 3, 4];
        var baselines = NGramBaselines.Compute(train, validation, vocabulary.Count, orders, k);
        output.Write(NGramBaselines.Table(baselines, []));
        return 0;
    }

    /// <summary>Formats a figure with invariant culture.</summary>
    public static string Invariant(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
