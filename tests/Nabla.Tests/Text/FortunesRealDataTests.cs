using System.Diagnostics;
using Nabla.Text;
using Xunit;
using Xunit.Abstractions;

namespace Nabla.Tests.Text;

/// <summary>
/// N-gram models on the real fortunes corpus (Debian package <c>fortunes</c>; .ci/run installs it, so a missing
/// directory is a failure, not a skip). Train on the first 90 % of the text, report validation perplexity.
/// </summary>
public class FortunesRealDataTests(ITestOutputHelper output)
{
    private static string LoadCorpus()
    {
        Assert.True(Directory.Exists(FortunesCorpus.DefaultDirectory),
            $"{FortunesCorpus.DefaultDirectory} is missing: install the Debian package with `apt-get install -y fortunes` (.ci/run does this).");
        return FortunesCorpus.Load();
    }

    [Fact]
    public void CorpusFilesFollowTheBenchmarkRule()
    {
        var files = FortunesCorpus.Files();
        var names = files.Select(Path.GetFileName).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.DoesNotContain(names, n => n!.EndsWith(".dat") || n.EndsWith(".u8"));
        Assert.Contains("fortunes", names);
        Assert.All(files, f => Assert.Null(new FileInfo(f).LinkTarget));
        Assert.InRange(LoadCorpus().Length, 2_000_000, 4_000_000);
    }

    [Fact]
    public void CharModelsImproveWithOrderOnValidation()
    {
        var (train, validation) = TrainValidationSplit.Split(LoadCorpus(), 0.9);
        var vocab = CharVocabulary.FromText(train, unknown: '\uFFFD');
        var trainIds = vocab.EncodeToArray(train);
        var validIds = vocab.EncodeToArray(validation);
        output.WriteLine($"char: vocabulary {vocab.Count}, train {trainIds.Length} chars, validation {validIds.Length} chars");
        var ppl = new double[5];
        for (int order = 1; order <= 4; order++)
        {
            var sw = Stopwatch.StartNew();
            var m = NGramModel.Train(trainIds, order, vocab.Count);
            ppl[order] = m.Perplexity(validIds);
            output.WriteLine($"char order {order} (add-1): validation perplexity {ppl[order]:F3}, train {m.Perplexity(trainIds):F3} ({sw.ElapsedMilliseconds} ms)");
        }
        Assert.InRange(ppl[1], 10, vocab.Count);
        Assert.True(ppl[2] < ppl[1], $"bigram {ppl[2]} does not beat unigram {ppl[1]}");
        Assert.True(ppl[3] < ppl[2], $"trigram {ppl[3]} does not beat bigram {ppl[2]}");
    }

    [Fact]
    public void WordModelsOnValidation()
    {
        var (train, validation) = TrainValidationSplit.Split(LoadCorpus(), 0.9);
        var trainTokens = WordTokenizer.Tokenize(train);
        var vocab = new WordVocabulary(trainTokens, minCount: 2);
        var trainIds = vocab.EncodeTokens(trainTokens);
        var validIds = vocab.EncodeTokens(WordTokenizer.Tokenize(validation));
        output.WriteLine($"word: vocabulary {vocab.Count} (min count 2), train {trainIds.Length} tokens, validation {validIds.Length} tokens, " +
                         $"validation <unk> rate {validIds.Count(t => t == WordVocabulary.UnknownIndex) / (double)validIds.Length:P1}");
        var ppl = new double[5];
        var pplSmallK = new double[5];
        for (int order = 1; order <= 4; order++)
        {
            foreach (double k in new[] { 1.0, 0.01 })
            {
                var sw = Stopwatch.StartNew();
                var m = NGramModel.Train(trainIds, order, vocab.Count, k);
                double p = m.Perplexity(validIds);
                (k == 1.0 ? ppl : pplSmallK)[order] = p;
                output.WriteLine($"word order {order} (k = {k}): validation perplexity {p:F1}, train {m.Perplexity(trainIds):F1} ({sw.ElapsedMilliseconds} ms)");
            }
        }
        Assert.InRange(ppl[1], 50, vocab.Count);
        // Add-1 gives far too much mass to unseen words at V = 16k; with k = 0.01 context helps.
        Assert.True(pplSmallK[2] < pplSmallK[1], $"word bigram {pplSmallK[2]} does not beat unigram {pplSmallK[1]} at k = 0.01");
        var sample = NGramModel.Train(trainIds, 2, vocab.Count, 0.001).Sample(30, new Generator(0), prompt: [vocab.IndexOf("the")]);
        output.WriteLine("word bigram sample (k = 0.001) after 'the': " + string.Join(' ', vocab.DecodeTokens(sample)));
    }
}
