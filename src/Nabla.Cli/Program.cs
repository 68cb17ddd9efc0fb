using Nabla;
using Nabla.Cli;
using Nabla.Cli.Commands;
using Nabla.Models.Text;
using Nabla.Models.Vision;

// The `nabla` tool. With no arguments it runs its main job: a model trained on the embedded digits set.
const string Help =
    "nabla: train and run the curriculum's models with Nabla\n\n" +
    "usage:\n" +
    "  nabla                      train mlp on the embedded digits set and report test accuracy\n" +
    "  " + TrainCommand.Usage + "\n" +
    "  " + EvalCommand.EvalUsage + "\n" +
    "  " + EvalCommand.PredictUsage + "\n" +
    "  " + TextCommand.TrainUsage + "\n" +
    "  " + TextCommand.SampleUsage + "\n" +
    "  " + TextCommand.NGramUsage + "\n" +
    "  " + Seq2SeqCommand.Usage + "\n" +
    "  " + Word2VecCommand.Usage + "\n" +
    "  " + RlCommand.Usage + "\n" +
    "  nabla demo                 fit sin(x) with the autodiff core alone\n\n" +
    "models: ";

CliErrors.InstallForBackgroundThreads();
var arguments = args.Length == 0 ? ["train", "mlp"] : args;
try
{
    var cli = new CliArgs(arguments);
    if (cli.String("threads") is { } threads) Threads.Count = cli.Int("threads", Threads.Count);
    string command = cli.Positional.Count > 0 ? cli.Positional[0] : "help";
    return command switch
    {
        "train" => TrainCommand.Run(cli, Console.Out),
        "eval" => EvalCommand.Eval(cli, Console.Out),
        "predict" => EvalCommand.Predict(cli, Console.Out),
        "text" => TextCommand.Run(cli, Console.Out),
        "seq2seq" => Seq2SeqCommand.Run(cli, Console.Out),
        "demo" => DemoCommand.Run(Console.Out),
        "word2vec" => Word2VecCommand.Run(cli, Console.Out),
        "rl" => RlCommand.Run(cli, Console.Out),
        "help" or "--help" => PrintHelp(),
        _ => throw new CliException($"unknown command '{command}'"),
    };
}
catch (Exception e)
{
    return CliErrors.Report(e, Console.Error);
}

static int PrintHelp()
{
    Console.WriteLine(Help + string.Join(", ", Ladder.Names) + "\ndatasets: " + string.Join(", ", DatasetChoice.Names) +
        "\noptimizers: " + string.Join(", ", OptimizerChoice.Names) +
        "\ntext models: " + string.Join("; ", LanguageModelCatalog.Models.Select(m =>
            $"{m.Name} ({string.Join(" ", m.Options.Select(o => $"--{o.Key} {o.Value}"))})")));
    return 0;
}
