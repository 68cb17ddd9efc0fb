using System.Text;
using Xunit;

namespace Nabla.Tests.Cli;

/// <summary>
/// <c>nabla text</c> through the tool's real entry point (exit codes, messages on standard error): argument errors,
/// and training, saving, sampling and n-gram baselines on a tiny generated corpus. Console redirection is process-wide,
/// so these run alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TextCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-text-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Nabla(params string[] args) => CliRunner.Run(args);

    private string Corpus()
    {
        var g = new Generator(0);
        string[] words = ["hello", "world", "the", "cat", "sat", "on", "a", "mat", "said", "who"];
        var sb = new StringBuilder();
        while (sb.Length < 6000)
        {
            int n = (int)g.NextInt64(3, 8);
            for (int i = 0; i < n; i++) sb.Append(words[g.NextInt64(0, words.Length)]).Append(i + 1 < n ? ' ' : '.');
            sb.Append('\n');
        }
        string path = Path.Combine(_dir, "corpus.txt");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Theory]
    [InlineData("text", "which command? train, sample or ngram")]
    [InlineData("text fly", "unknown command 'fly'")]
    [InlineData("text train --steps 5 --minutes 1", "give --steps or --minutes, not both")]
    [InlineData("text train --model tcn", "unknown model 'tcn'; known: rnn, lstm, gru, gpt")]
    [InlineData("text train --steps 0", "--steps 0 must be at least 1")]
    [InlineData("text train --lr abc", "--lr: 'abc' is not a valid double")]
    [InlineData("text train --batching shuffled", "--batching 'shuffled' is not windows or stream")]
    [InlineData("text train --steps 1 --bogus 3", "unknown option(s): --bogus")]
    [InlineData("text train --corpus /nonexistent/corpus.txt", "--corpus: '/nonexistent/corpus.txt' is neither a file nor a directory")]
    [InlineData("text sample", "--load FILE is required")]
    [InlineData("text sample --load x --top-k 0", "--top-k 0 must be at least 1")]
    [InlineData("text sample --load x --temperature -1", "--temperature -1 must be non-negative")]
    [InlineData("text ngram --order 5", "--order 5 is outside 1..4")]
    public void ArgumentErrorsExitWithCode2(string command, string message)
    {
        var (code, _, err) = Nabla(command.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void MissingOrForeignCheckpointFailsNamingTheFile()
    {
        string missing = Path.Combine(_dir, "missing.safetensors");
        var (code, _, err) = Nabla("text", "sample", "--load", missing);
        Assert.Equal(1, code);
        Assert.Contains(missing, err);
        string foreign = Path.Combine(_dir, "foreign.safetensors");
        File.WriteAllText(foreign, "this is not a safetensors file at all");
        (code, _, err) = Nabla("text", "sample", "--load", foreign);
        Assert.Equal(1, code);
        Assert.Contains(foreign, err);
    }

    [Fact]
    public void TrainSaveAndSampleOnATinyCorpus()
    {
        string corpus = Corpus();
        string checkpoint = Path.Combine(_dir, "gru.safetensors");
        var (code, output, err) = Nabla("text", "train", "--model", "gru", "--layers", "1", "--hidden", "32", "--embedding", "8",
            "--seq", "16", "--batch", "8", "--steps", "40", "--eval-every", "20", "--lr", "1e-2", "--corpus", corpus, "--save", checkpoint);
        Assert.True(code == 0, err);
        Assert.Contains("model gru embedding=8 hidden=32 layers=1 dropout=0: ", output);
        Assert.Contains("step     20 | train loss", output);
        Assert.Contains("step     40 | train loss", output);
        Assert.Contains("char 4-gram, add-1", output);
        Assert.Contains("gru, this run (40 steps)", output);
        Assert.Contains("saved model and vocabulary to " + checkpoint, output);
        double unigram = Loss(output, "char 1-gram"), trained = Loss(output, "40 steps");
        Assert.True(trained < unigram, $"40 steps ({trained}) did not beat the unigram baseline ({unigram}):\n{output}");

        var first = Nabla("text", "sample", "--load", checkpoint, "--prompt", "the ", "--length", "40", "--seed", "3");
        var again = Nabla("text", "sample", "--load", checkpoint, "--prompt", "the ", "--length", "40", "--seed", "3");
        Assert.True(first.Code == 0, first.Err);
        Assert.StartsWith("the ", first.Out);
        Assert.Equal(4 + 40 + Environment.NewLine.Length, first.Out.Length);
        Assert.Equal(first.Out, again.Out);

        var (badCode, _, badErr) = Nabla("text", "sample", "--load", checkpoint, "--prompt", "xyz");
        Assert.Equal(2, badCode);
        Assert.Contains("--prompt: character 'x' (U+0078) is not in the vocabulary of " + checkpoint, badErr);
    }

    [Fact]
    public void TrainSaveAndSampleAGpt()
    {
        string corpus = Corpus();
        string checkpoint = Path.Combine(_dir, "gpt.safetensors");
        var (code, output, err) = Nabla("text", "train", "--model", "gpt", "--block", "16", "--layers", "1", "--heads", "2", "--width", "16",
            "--seq", "16", "--batch", "8", "--steps", "60", "--eval-every", "30", "--lr", "1e-2", "--corpus", corpus, "--save", checkpoint);
        Assert.True(code == 0, err);
        Assert.Contains("gpt, this run (60 steps)", output);
        double unigram = Loss(output, "char 1-gram"), trained = Loss(output, "60 steps");
        Assert.True(trained < unigram, $"60 steps ({trained}) did not beat the unigram baseline ({unigram}):\n{output}");

        var first = Nabla("text", "sample", "--load", checkpoint, "--prompt", "the cat ", "--length", "30", "--top-k", "5", "--seed", "1");
        var again = Nabla("text", "sample", "--load", checkpoint, "--prompt", "the cat ", "--length", "30", "--top-k", "5", "--seed", "1");
        Assert.True(first.Code == 0, first.Err);
        Assert.StartsWith("the cat ", first.Out);
        Assert.Equal(8 + 30 + Environment.NewLine.Length, first.Out.Length);
        Assert.Equal(first.Out, again.Out);

        var (longCode, _, longErr) = Nabla("text", "train", "--model", "gpt", "--block", "8", "--seq", "16", "--steps", "1", "--corpus", corpus);
        Assert.Equal(2, longCode);
        Assert.Contains("--seq 16 is longer than the gpt model's context of 8", longErr);
    }

    [Fact]
    public void StreamBatchingTrainsAnLstm()
    {
        var (code, output, err) = Nabla("text", "train", "--model", "lstm", "--layers", "2", "--hidden", "16", "--embedding", "8",
            "--seq", "12", "--batch", "4", "--steps", "10", "--eval-every", "5", "--batching", "stream", "--corpus", Corpus());
        Assert.True(code == 0, err);
        Assert.Contains("training with stream batches of 4 x 12 characters", output);
        Assert.Contains("step     10 | train loss", output);
    }

    [Fact]
    public void NGramPrintsTheBaselines()
    {
        var (code, output, err) = Nabla("text", "ngram", "--corpus", Corpus(), "--order", "2");
        Assert.True(code == 0, err);
        Assert.Contains("char 2-gram, add-1", output);
        Assert.DoesNotContain("char 3-gram", output);
    }

    private static double Loss(string output, string rowStart)
    {
        var line = output.Split('\n').First(l => l.Contains(rowStart));
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return double.Parse(fields[^2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
