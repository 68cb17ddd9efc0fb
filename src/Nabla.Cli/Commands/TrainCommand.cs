using System.Diagnostics;
using System.Globalization;
using Nabla.Data;
using Nabla.IO;
using Nabla.Models.Vision;
using Nabla.Nn;
using Nabla.Training;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla train &lt;model&gt;</c>: trains a model of the curriculum's ladder and reports test accuracy.</summary>
internal static class TrainCommand
{
    public const string Usage =
        "nabla train <model> [--dataset digits|fashion-mnist|mnist] [--epochs N] [--batch-size N] [--optimizer NAME] [--lr X]\n" +
        "                    [--seed N] [--val-split F] [--save PATH] [--data-root DIR] [--tensorboard DIR] [--csv PATH] [--threads N]";

    public static int Run(CliArgs args, TextWriter output)
    {
        string model = args.Positional.Count > 1 ? args.Positional[1] : throw new CliException("train: which model? " + string.Join(", ", Ladder.Names));
        string datasetName = args.String("dataset", "digits");
        int epochs = args.Int("epochs", datasetName == "digits" ? 20 : 5);
        int batchSize = args.Int("batch-size", 32);
        string optimizerName = args.String("optimizer", "adam");
        double? lr = args.String("lr") is null ? null : args.Double("lr", 0);
        int seed = args.Int("seed", 0);
        double valSplit = args.Double("val-split", 0);
        string? save = args.OutputPath("save");
        string? tensorboard = args.String("tensorboard");
        string? csv = args.String("csv");
        var data = DatasetChoice.Load(datasetName, args.String("data-root"), seed);
        args.RejectUnknown();

        Tensor.ManualSeed(seed);
        var net = Ladder.Create(model, data.Channels, data.Height, data.Width, data.Classes.Length);
        var trainer = new Trainer(net);
        trainer.Compile(OptimizerChoice.Create(optimizerName, net.Parameters(), lr), new CrossEntropyLoss().Forward, new Accuracy());

        IDataset train = data.Train;
        IDataset? validation = null;
        if (valSplit > 0)
        {
            int val = (int)Math.Round(train.Count * valSplit);
            var parts = Datasets.RandomSplit(train, [train.Count - val, val], new Generator(seed));
            (train, validation) = (parts[0], parts[1]);
        }
        var nan = new TerminateOnNaN();
        var callbacks = new List<Callback> { nan };
        if (tensorboard is not null) callbacks.Add(new TensorBoard(tensorboard));
        if (csv is not null) callbacks.Add(new CsvLogger(csv));

        int parameters = net.Parameters().Sum(p => p.NumElements);
        output.WriteLine($"training {model} ({parameters:N0} parameters) on {data.Name} ({train.Count:N0} examples) for {epochs} epochs, " +
            $"batch {batchSize}, {optimizerName} lr {trainer.Optimizer.ParamGroups[0].LearningRate.ToString(CultureInfo.InvariantCulture)}, seed {seed}, {Threads.Count} threads");
        var clock = Stopwatch.StartNew();
        trainer.Fit(train, epochs, batchSize, validation, callbacks, seed: seed);
        if (nan.Message is { } diverged)
            throw new InvalidOperationException($"train: {diverged} Try a smaller --lr than {trainer.Optimizer.ParamGroups[0].LearningRate.ToString(CultureInfo.InvariantCulture)}.");
        double seconds = clock.Elapsed.TotalSeconds;
        var test = trainer.Evaluate(data.Test, 256);
        output.WriteLine($"test loss {test["loss"]:F4}, test accuracy {test["accuracy"]:F4} ({data.Test.Count:N0} examples); trained in {seconds:F1} s");
        if (save is not null)
        {
            Safetensors.Save(save, net.StateDict(), new Dictionary<string, string> { ["model"] = model, ["dataset"] = data.Name, ["format"] = "pt" });
            output.WriteLine($"saved weights to {save}");
        }
        return 0;
    }
}
