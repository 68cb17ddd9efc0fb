using System.Diagnostics;
using System.Globalization;
using Nabla.Models.Text;
using Nabla.Text;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla word2vec</c>: trains skip-gram or CBOW embeddings on the fortunes corpus (or a text) and prints nearest neighbours.</summary>
internal static class Word2VecCommand
{
    public const string Usage =
        "nabla word2vec [--mode skipgram|cbow] [--dim 100] [--window 5] [--negatives 5] [--epochs N] [--min-count 5]\n" +
        "                    [--sample 1e-3] [--lr X] [--batch-size 256] [--dense] [--seed N] [--time-limit SECONDS]\n" +
        "                    [--corpus PATH] [--save FILE] [--neighbours w1,w2,...] [--top 8]";

    private const string DefaultNeighbours = "man,woman,love,money,god,computer,day,good";

    public static int Run(CliArgs args, TextWriter output)
    {
        var options = new Word2VecOptions
        {
            Mode = args.String("mode", "skipgram") switch
            {
                "skipgram" or "skip-gram" => Word2VecMode.SkipGram,
                "cbow" => Word2VecMode.Cbow,
                var m => throw new CliException($"word2vec: unknown --mode '{m}' (skipgram or cbow)"),
            },
        };
        options.Dimension = args.Int("dim", options.Dimension);
        options.Window = args.Int("window", options.Window);
        options.Negatives = args.Int("negatives", options.Negatives);
        options.Epochs = args.Int("epochs", options.Epochs);
        options.MinCount = args.Int("min-count", options.MinCount);
        options.Sample = args.Double("sample", options.Sample);
        options.BatchSize = args.Int("batch-size", options.BatchSize);
        options.SparseGradients = !args.Flag("dense");
        options.Seed = args.Int("seed", 1);
        if (args.String("lr") is not null) options.LearningRate = args.Double("lr", 0);
        if (args.String("time-limit") is not null) options.TimeLimit = TimeSpan.FromSeconds(args.Double("time-limit", 0));
        string? corpusPath = args.String("corpus");
        string? save = args.OutputPath("save");
        var queries = args.String("neighbours", DefaultNeighbours).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int top = args.Int("top", 8);
        args.RejectUnknown();
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliException("word2vec: " + e.Message.Split(Environment.NewLine)[0]);
        }

        var clock = Stopwatch.StartNew();
        string text = corpusPath is null ? FortunesCorpus.Load()
            : Directory.Exists(corpusPath) ? TextCorpus.ReadDirectory(corpusPath)
            : TextCorpus.ReadFiles([corpusPath]);
        var documents = Word2VecCorpus.TokenizeDocuments(text, lowercase: options.Lowercase);
        var corpus = Word2VecCorpus.Build(documents, options.MinCount, options.Lowercase);
        double kept = 0;
        var keep = corpus.KeepProbabilities(options.Sample);
        for (int i = 0; i < keep.Length; i++) kept += keep[i] * corpus.Counts[i];
        output.WriteLine($"corpus {corpusPath ?? FortunesCorpus.DefaultDirectory}: {text.Length:N0} chars, {documents.Count:N0} documents, " +
            $"{corpus.WordCount:N0} words in a vocabulary of {corpus.Vocabulary.Count - 1:N0} (min-count {options.MinCount}), " +
            $"~{kept:N0} kept per epoch by subsampling t={F(options.Sample)}; read in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"training {(options.Mode == Word2VecMode.SkipGram ? "skip-gram" : "CBOW")}: dim {options.Dimension}, window {options.Window}" +
            $"{(options.DynamicWindow ? " (random reduced)" : "")}, {options.Negatives} negatives, {options.Epochs} epochs, batch {options.BatchSize}, " +
            $"SGD lr {F(options.EffectiveLearningRate)} decaying linearly, {(options.SparseGradients ? "sparse" : "dense")} gradients, seed {options.Seed}, {Threads.Count} threads");
        options.Progress = p => output.WriteLine(
            $"epoch {p.Epoch}  {100.0 * p.Words / p.TotalWords,5:F1}%  loss {p.Loss:F4}  lr {p.LearningRate:F5}  {p.WordsPerSecond,9:N0} words/s  {p.Elapsed.TotalSeconds,6:F1} s");
        clock.Restart();
        var model = Word2Vec.Train(corpus, options);
        output.WriteLine($"trained in {clock.Elapsed.TotalSeconds:F1} s");

        foreach (var word in queries)
        {
            if (!model.Contains(word))
            {
                output.WriteLine($"{word}: not in the vocabulary");
                continue;
            }
            var neighbours = model.MostSimilar(word, top);
            output.WriteLine($"{word}: " + string.Join(", ", neighbours.Select(n => $"{n.Word} {n.Similarity.ToString("F2", CultureInfo.InvariantCulture)}")));
        }
        if (save is not null)
        {
            model.Save(save);
            output.WriteLine($"saved to {save}");
        }
        return 0;
    }

    private static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
