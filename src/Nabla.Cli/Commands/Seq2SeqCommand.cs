using System.Globalization;
using Nabla.IO;
using Nabla.Models.Seq2Seq;
using Nabla.Nn;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla seq2seq</c>: trains an encoder–decoder on a generated digit task and reports greedy and beam accuracy.</summary>
internal static class Seq2SeqCommand
{
    public const string Usage =
        "nabla seq2seq [--task reverse|sort] [--attention none|bahdanau|luong|luong-dot] [--cell gru|lstm] [--steps N]\n" +
        "                    [--min-len 5 --max-len 20] [--beam K] [--alpha A] [--teacher-forcing R] [--scheduled-sampling]\n" +
        "                    [--batch-size N] [--lr X] [--hidden N] [--embedding N] [--unidirectional] [--test-size N]\n" +
        "                    [--model rnn|transformer [--d-model N] [--heads N] [--layers N] [--dropout P]]\n" +
        "                    [--seed S] [--attention-png FILE] [--threads N]";

    public static int Run(CliArgs args, TextWriter output)
    {
        var kind = args.String("task", "reverse") switch
        {
            "reverse" => Seq2SeqTaskKind.Reverse,
            "sort" => Seq2SeqTaskKind.Sort,
            var t => throw new CliException($"seq2seq: unknown task '{t}' (reverse, sort)"),
        };
        bool transformer = args.String("model", "rnn") switch
        {
            "rnn" => false,
            "transformer" => true,
            var m => throw new CliException($"seq2seq: unknown model '{m}' (rnn, transformer)"),
        };
        // Each model reads only its own options, so the other model's options are rejected as unknown.
        string attentionName = transformer ? "multi-head" : args.String("attention", "bahdanau");
        var attention = transformer ? AttentionKind.None : attentionName switch
        {
            "none" => AttentionKind.None,
            "bahdanau" => AttentionKind.Bahdanau,
            "luong" or "luong-general" => AttentionKind.LuongGeneral,
            "luong-dot" => AttentionKind.LuongDot,
            var a => throw new CliException($"seq2seq: unknown attention '{a}' (none, bahdanau, luong, luong-dot)"),
        };
        var cell = transformer ? RecurrentMode.Gru : args.String("cell", "gru") switch
        {
            "gru" => RecurrentMode.Gru,
            "lstm" => RecurrentMode.Lstm,
            var c => throw new CliException($"seq2seq: unknown cell '{c}' (gru, lstm)"),
        };
        int hidden = 0, embedding = 0, dModel = 0, heads = 0, layers = 0;
        bool unidirectional = false;
        double dropout = 0;
        if (transformer)
        {
            (dModel, heads, layers) = (Positive(args, "d-model", 64), Positive(args, "heads", 4), Positive(args, "layers", 2));
            dropout = args.Double("dropout", 0.0);
        }
        else
        {
            (hidden, embedding) = (Positive(args, "hidden", 64), Positive(args, "embedding", 32));
            unidirectional = args.Flag("unidirectional");
        }
        int steps = Positive(args, "steps", 2000);
        int minLength = Positive(args, "min-len", 5), maxLength = Positive(args, "max-len", 20);
        int beam = args.Int("beam", 5);
        double alpha = args.Double("alpha", 1.0);
        double teacherForcing = args.Double("teacher-forcing", 1.0);
        bool scheduled = args.Flag("scheduled-sampling");
        int batchSize = Positive(args, "batch-size", 64);
        double lr = args.Double("lr", transformer ? 1e-3 : 3e-3);
        int testSize = Positive(args, "test-size", 500);
        int seed = args.Int("seed", 0);
        string? png = args.OutputPath("attention-png");
        args.RejectUnknown();
        if (maxLength < minLength) throw new CliException($"seq2seq: --max-len {maxLength} is below --min-len {minLength}");
        if (beam < 0) throw new CliException($"seq2seq: --beam must be 0 (off) or a width, got {beam}");
        if (teacherForcing is < 0 or > 1) throw new CliException($"seq2seq: --teacher-forcing must be in [0, 1], got {teacherForcing}");
        if (png is not null && attention == AttentionKind.None && !transformer) throw new CliException("seq2seq: --attention-png needs an attention model");

        var task = new DigitTask(kind, minLength, maxLength);
        var test = task.Generate(testSize, seed + 1_000_003);
        var heldOut = test.Select(DigitTask.Key).ToHashSet();
        Seq2SeqModel model = transformer
            ? new TransformerSeq2Seq(new TransformerSeq2SeqOptions(DigitVocabulary.Size, dModel, heads, layers, layers, 4 * dModel, dropout), new Generator(seed))
            : new RnnSeq2Seq(new RnnSeq2SeqOptions(DigitVocabulary.Size, embedding, hidden, cell, !unidirectional, attention), new Generator(seed));
        var schedule = scheduled
            ? TeacherForcingSchedule.InverseSigmoidWithMidpoint(Math.Max(1, steps / 2), teacherForcing)
            : TeacherForcingSchedule.Constant(teacherForcing);
        int parameters = model.Parameters().Sum(p => p.NumElements);
        output.WriteLine($"seq2seq {Name(kind)}, lengths {minLength}..{maxLength}: " + (transformer
            ? $"transformer, d_model {dModel}, {heads} heads, {layers}+{layers} layers, feed-forward {4 * dModel}, dropout {dropout.ToString(CultureInfo.InvariantCulture)}"
            : $"{(unidirectional ? "" : "bidirectional ")}{Name(cell)} encoder, attention {attentionName}, hidden {hidden}, embedding {embedding}") +
            $" ({parameters:N0} parameters)");
        output.WriteLine($"training {steps} steps, batch {batchSize}, adam lr {lr.ToString(CultureInfo.InvariantCulture)} with cosine decay, " +
            $"teacher forcing {schedule.Description}, seed {seed}, {Threads.Count} threads");
        var options = new Seq2SeqTrainingOptions(steps, batchSize, lr, 1.0, schedule, seed, Math.Max(1, steps / 20));
        var last = Seq2SeqTraining.Train(model, task, options, heldOut, p => output.WriteLine(
            $"step {p.Step,6}  loss {p.Loss:F4}  token acc {p.TokenAccuracy:F4}  teacher forcing {p.TeacherForcing:F2}  lr {p.LearningRate:E1}  {p.Elapsed.TotalSeconds,7:F1} s"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scores = Seq2SeqTraining.Evaluate(model, test, beam, alpha);
        output.WriteLine($"test ({scores.Count} held-out examples, evaluated in {clock.Elapsed.TotalSeconds:F1} s):");
        output.WriteLine($"  greedy        exact match {scores.GreedyExact:P1}  token accuracy {scores.GreedyToken:P1}");
        if (scores.BeamExact is double be)
            output.WriteLine($"  beam k={beam,-2} a={alpha.ToString(CultureInfo.InvariantCulture)}  exact match {be:P1}  token accuracy {scores.BeamToken:P1}  " +
                $"(beam log p >= greedy's on {scores.BeamNotWorse:P1})");
        output.WriteLine("  exact match by source length: " + string.Join(", ", scores.ByLength.Select(b =>
            $"{b.MinLength}-{b.MaxLength} {b.GreedyExact:P0}" + (b.BeamExact is double x ? $"/{x:P0}" : ""))) + (beam > 0 ? " (greedy/beam)" : ""));
        output.WriteLine($"trained in {last.Elapsed.TotalSeconds:F1} s");

        var samples = Seq2SeqDecoding.Greedy(model, Seq2SeqBatch.From(test.Take(3).ToList()).Source);
        for (int i = 0; i < samples.Count; i++)
            output.WriteLine($"  {DigitVocabulary.Decode(test[i].Source)} -> {DigitVocabulary.Decode(samples[i].Tokens)}{(samples[i].Ended ? "" : " (no EOS)")}" +
                $"  [{(samples[i].Ended && samples[i].Tokens.AsSpan().SequenceEqual(test[i].Target) ? "ok" : "want " + DigitVocabulary.Decode(test[i].Target))}]");
        if (png is not null)
        {
            var example = test.OrderByDescending(e => e.Source.Length).First();
            var decoded = Seq2SeqDecoding.Greedy(model, Seq2SeqBatch.From([example]).Source)[0];
            Png.WriteHeatmap(png, decoded.Attention!, cellSize: 12);
            output.WriteLine($"attention of {DigitVocabulary.Decode(example.Source)} -> {DigitVocabulary.Decode(decoded.Tokens)}</s> " +
                $"({decoded.Attention!.Size(0)} output rows x {decoded.Attention.Size(1)} input columns) written to {png}");
        }
        return 0;
    }

    private static int Positive(CliArgs args, string name, int fallback)
    {
        int value = args.Int(name, fallback);
        return value > 0 ? value : throw new CliException($"seq2seq: --{name} must be positive, got {value}");
    }

    private static string Name(Seq2SeqTaskKind kind) => kind == Seq2SeqTaskKind.Reverse ? "reverse" : "sort";

    private static string Name(RecurrentMode cell) => cell == RecurrentMode.Gru ? "GRU" : "LSTM";
}
