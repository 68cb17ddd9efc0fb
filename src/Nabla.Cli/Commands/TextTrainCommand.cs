using System.Diagnostics;
using System.Globalization;
using Nabla.Models.Text;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Text;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla text train</c>: trains a character language model with Adam and gradient-norm clipping on the 90% training
/// part of the corpus, reports validation loss as it goes, and compares the final validation loss with n-gram baselines.
/// </summary>
internal static class TextTrainCommand
{
    private const int EvalBatch = 32;

    private sealed record Options(string Model, int Seq, int Batch, double Lr, int? Steps, double? Minutes, int EvalEvery,
        int EvalChars, double Clip, string Batching, string? Corpus, int Seed, string? Save);

    public static int Run(CliArgs args, TextWriter output)
    {
        var o = ReadOptions(args);
        var spec = FindModel(o.Model);
        var config = new Dictionary<string, string> { ["model"] = spec.Name };
        foreach (var (key, fallback) in spec.Options) config[key] = args.String(key) ?? fallback;
        args.RejectUnknown();

        var (text, corpusName) = TextCommand.LoadCorpus(o.Corpus);
        var (vocabulary, train, validation) = TextCommand.Prepare(text, corpusName);
        if (train.Length < o.Seq + 1 || (o.Batching == "stream" && train.Length / o.Batch < 2))
            throw new CliException($"the training part of {corpusName} ({train.Length:N0} characters) is too small for --seq {o.Seq} and --batch {o.Batch}");
        config["vocab_size"] = vocabulary.Count.ToString(CultureInfo.InvariantCulture);

        Tensor.ManualSeed(o.Seed);
        var model = CreateModel(spec, config, o);
        var parameters = model.Module.Parameters().ToArray();
        var optimizer = new Adam(parameters, lr: o.Lr);
        var batches = new BatchSource(model, train, o);
        var evalTokens = validation.AsSpan(0, Math.Min(validation.Length, Math.Max(o.EvalChars, 2))).ToArray();

        output.WriteLine($"corpus {corpusName}: {train.Length:N0} training and {validation.Length:N0} validation characters, vocabulary of {vocabulary.Count}");
        output.WriteLine($"model {Describe(model)}: {parameters.Sum(p => p.NumElements):N0} parameters");
        output.WriteLine($"training with {o.Batching} batches of {o.Batch} x {o.Seq} characters, Adam lr {Num(o.Lr)}, clip {Num(o.Clip)}, " +
            (o.Minutes is double m ? $"{Num(m)} minutes" : $"{o.Steps} steps") + $", seed {o.Seed}, {Threads.Count} threads");
        output.WriteLine($"validation every {o.EvalEvery} steps on the first {evalTokens.Length:N0} validation characters");

        var clock = new Stopwatch();
        int step = 0;
        double lossSum = 0;
        int lossCount = 0;
        model.Module.Train();
        while (o.Steps is int s ? step < s : clock.Elapsed.TotalMinutes < o.Minutes)
        {
            clock.Start();
            double loss = batches.TrainStep(optimizer, parameters, o.Clip);
            clock.Stop();
            step++;
            if (!double.IsFinite(loss)) throw new InvalidDataException($"training diverged: the loss at step {step} is {loss}; try a smaller --lr");
            lossSum += loss;
            lossCount++;
            if (step % o.EvalEvery == 0)
            {
                var (valLoss, _) = LanguageModelEvaluation.CrossEntropy(model, evalTokens, EvalBatch, o.Seq);
                output.WriteLine($"step {step,6} | train loss {Num(lossSum / lossCount, "F4")} | val loss {Num(valLoss, "F4")} (ppl {Num(Math.Exp(valLoss), "F2")})" +
                    $" | {Num(CharsPerSecond(step, o, clock), "N0")} chars/s | {Num(clock.Elapsed.TotalSeconds, "F0")} s");
                lossSum = 0;
                lossCount = 0;
            }
        }
        batches.Dispose();

        output.WriteLine($"trained {step} steps in {Num(clock.Elapsed.TotalSeconds, "F1")} s ({Num(CharsPerSecond(step, o, clock), "N0")} chars/s)");
        var evalClock = Stopwatch.StartNew();
        var (finalLoss, scored) = LanguageModelEvaluation.CrossEntropy(model, validation, EvalBatch, o.Seq);
        output.WriteLine($"validation ({scored:N0} characters scored, {Num(evalClock.Elapsed.TotalSeconds, "F1")} s): " +
            $"loss {Num(finalLoss, "F4")} nats/char, perplexity {Num(Math.Exp(finalLoss), "F2")}");
        var baselines = NGramBaselines.Compute(train, validation, vocabulary.Count, [1, 2, 3, 4], 1.0);
        output.Write(NGramBaselines.Table(baselines, [new NGramBaselines.Row($"{spec.Name}, this run ({step} steps)", finalLoss)]));

        if (o.Save is not null)
        {
            LanguageModelCheckpoint.Save(o.Save, model, vocabulary, new Dictionary<string, string>
            {
                ["steps"] = step.ToString(CultureInfo.InvariantCulture),
                ["val_loss"] = Num(finalLoss, "R"),
                ["corpus"] = corpusName,
            });
            output.WriteLine($"saved model and vocabulary to {o.Save}");
        }
        return 0;
    }

    private static Options ReadOptions(CliArgs args)
    {
        var o = new Options(
            Model: args.String("model", "lstm"),
            Seq: args.Int("seq", 100),
            Batch: args.Int("batch", 32),
            Lr: args.Double("lr", 2e-3),
            Steps: args.String("steps") is null ? null : args.Int("steps", 0),
            Minutes: args.String("minutes") is null ? null : args.Double("minutes", 0),
            EvalEvery: args.Int("eval-every", 100),
            EvalChars: args.Int("eval-chars", 50_000),
            Clip: args.Double("clip", 1.0),
            Batching: args.String("batching", "windows"),
            Corpus: args.String("corpus"),
            Seed: args.Int("seed", 0),
            Save: args.OutputPath("save"));
        if (o.Steps is not null && o.Minutes is not null) throw new CliException("give --steps or --minutes, not both");
        if (o.Steps is null && o.Minutes is null) o = o with { Steps = 1000 };
        if (o.Steps is < 1) throw new CliException($"--steps {o.Steps} must be at least 1");
        if (o.Minutes is double m && !(m > 0 && double.IsFinite(m))) throw new CliException($"--minutes {m} must be positive");
        if (o.Seq < 1) throw new CliException($"--seq {o.Seq} must be at least 1");
        if (o.Batch < 1) throw new CliException($"--batch {o.Batch} must be at least 1");
        if (!(o.Lr > 0 && double.IsFinite(o.Lr))) throw new CliException($"--lr {o.Lr} must be positive");
        if (o.EvalEvery < 1) throw new CliException($"--eval-every {o.EvalEvery} must be at least 1");
        if (o.EvalChars < 2) throw new CliException($"--eval-chars {o.EvalChars} must be at least 2");
        if (!(o.Clip >= 0 && double.IsFinite(o.Clip))) throw new CliException($"--clip {o.Clip} must be non-negative (0: no clipping)");
        if (o.Batching is not ("windows" or "stream")) throw new CliException($"--batching '{o.Batching}' is not windows or stream");
        return o;
    }

    private static LanguageModelSpec FindModel(string name) =>
        LanguageModelCatalog.Models.FirstOrDefault(m => m.Name == name)
        ?? throw new CliException($"--model: unknown model '{name}'; known: {string.Join(", ", LanguageModelCatalog.Names)}");

    private static ICharLanguageModel CreateModel(LanguageModelSpec spec, Dictionary<string, string> config, Options o)
    {
        ICharLanguageModel model;
        try
        {
            model = spec.Create(config, new Generator(o.Seed));
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
        if (model.ContextLength is int context && o.Seq > context)
            throw new CliException($"--seq {o.Seq} is longer than the {spec.Name} model's context of {context}");
        if (o.Batching == "stream" && model is not IRecurrentCharLanguageModel)
            throw new CliException($"--batching stream needs a recurrent model; {spec.Name} reads fixed windows (use --batching windows)");
        return model;
    }

    private static string Describe(ICharLanguageModel model) =>
        model.Config["model"] + " " + string.Join(" ", model.Config.Where(kv => kv.Key is not ("model" or "vocab_size")).Select(kv => $"{kv.Key}={kv.Value}"));

    private static double CharsPerSecond(int step, Options o, Stopwatch clock) =>
        clock.Elapsed.TotalSeconds > 0 ? (double)step * o.Batch * o.Seq / clock.Elapsed.TotalSeconds : 0;

    private static string Num(double value, string format = "G4") => TextCommand.Invariant(value, format);

    /// <summary>
    /// Training batches and one optimisation step: random windows from a fresh state, or the contiguous stream of
    /// <see cref="ContiguousStream"/> with the state carried (detached) from batch to batch and reset at each pass's start.
    /// </summary>
    private sealed class BatchSource(ICharLanguageModel model, long[] train, Options o) : IDisposable
    {
        private readonly RandomWindows? _windows = o.Batching == "windows" ? new RandomWindows(train, o.Seq, o.Batch, new Generator(o.Seed + 1)) : null;
        private readonly ContiguousStream? _stream = o.Batching == "stream" ? new ContiguousStream(train, o.Batch, batchFirst: true) : null;
        private CharRnnState? _state;
        private int _position;

        public double TrainStep(Optimizer optimizer, Tensor[] parameters, double clip)
        {
            using var scope = TensorScope.Begin();
            optimizer.ZeroGrad();
            Tensor logits, targets;
            CharRnnState? next = null;
            if (_windows is not null)
            {
                (var inputs, targets) = _windows.Next();
                logits = model.Forward(inputs);
            }
            else
            {
                if (_position >= _stream!.Length - 1) (_position, _state) = (0, Reset(_state));
                (var inputs, targets) = _stream.GetBatch(_position, o.Seq);
                _position += o.Seq;
                (logits, next) = ((IRecurrentCharLanguageModel)model).ForwardWithState(inputs, _state);
            }
            var loss = Functional.CrossEntropy(logits.Reshape(-1, logits.Size(-1)), targets.Reshape(-1));
            loss.Backward();
            if (clip > 0) ClipGrad.ClipGradNorm_(parameters, clip);
            optimizer.Step();
            if (next is not null)
            {
                _state?.Dispose();
                _state = next.Detach().KeepIn(scope);
            }
            return loss.Item();
        }

        public void Dispose() => _state?.Dispose();

        private static CharRnnState? Reset(CharRnnState? state)
        {
            state?.Dispose();
            return null;
        }
    }
}
