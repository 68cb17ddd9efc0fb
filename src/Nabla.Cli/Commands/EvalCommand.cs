using Nabla.IO;
using Nabla.Models.Vision;
using Nabla.Nn;
using Nabla.Training;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla eval</c> and <c>nabla predict</c>: load saved weights and score or show predictions on the test split.</summary>
internal static class EvalCommand
{
    public const string EvalUsage = "nabla eval [<model>] --load PATH [--dataset NAME] [--data-root DIR]";

    public const string PredictUsage = "nabla predict [<model>] --load PATH [--dataset NAME] [--data-root DIR] [--count N] [--start I]";

    public static int Eval(CliArgs args, TextWriter output)
    {
        var (net, data, trainer) = Load(args);
        args.RejectUnknown();
        var confusion = new ConfusionMatrix(data.Classes.Length);
        trainer.Compile(OptimizerChoice.Create("sgd", net.Parameters(), 0), new CrossEntropyLoss().Forward, new Accuracy(), confusion);
        var scores = trainer.Evaluate(data.Test, 256);
        output.WriteLine($"test loss {scores["loss"]:F4}, test accuracy {scores["accuracy"]:F4} ({data.Test.Count:N0} examples)");
        output.WriteLine(confusion.ToString());
        return 0;
    }

    public static int Predict(CliArgs args, TextWriter output)
    {
        var (_, data, trainer) = Load(args);
        int count = args.Int("count", 10), start = args.Int("start", 0);
        args.RejectUnknown();
        if (start < 0 || start >= data.Test.Count) throw new CliException($"--start {start} is outside the test split (0..{data.Test.Count - 1})");
        count = Math.Min(count, data.Test.Count - start);
        var indices = Enumerable.Range(start, count).ToArray();
        var (inputs, targets) = data.Test.GetBatch(indices);
        var probabilities = trainer.Predict(inputs).Softmax(1);
        var (confidence, predicted) = probabilities.Max(1);
        var p = predicted.ToArray<long>();
        var c = confidence.ToArray<float>();
        var t = targets.ToArray<long>();
        for (int i = 0; i < count; i++)
        {
            string mark = p[i] == t[i] ? "ok " : "MISS";
            output.WriteLine($"{mark} #{indices[i],-6} predicted {data.Classes[p[i]],-12} ({c[i]:P1})  label {data.Classes[t[i]]}");
        }
        return 0;
    }

    private static (Module Net, DatasetChoice Data, Trainer Trainer) Load(CliArgs args)
    {
        string path = args.String("load") ?? throw new CliException("--load PATH is required");
        var weights = Safetensors.Load(path, out var metadata);
        string model = args.Positional.Count > 1 ? args.Positional[1]
            : metadata.GetValueOrDefault("model") ?? throw new CliException($"{path} does not say which model it holds; name it: {string.Join(", ", Ladder.Names)}");
        string datasetName = args.String("dataset") ?? metadata.GetValueOrDefault("dataset") ?? "digits";
        var data = DatasetChoice.Load(datasetName, args.String("data-root"), seed: 0);
        var net = Ladder.Create(model, data.Channels, data.Height, data.Width, data.Classes.Length);
        net.LoadStateDict(weights);
        return (net, data, new Trainer(net));
    }
}
