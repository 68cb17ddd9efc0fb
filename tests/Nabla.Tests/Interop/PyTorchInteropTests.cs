using System.Diagnostics;
using System.Text.Json;
using Nabla.Data;
using Nabla.IO;
using Nabla.Models.Vision;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Xunit;

namespace Nabla.Tests.Interop;

/// <summary>
/// Weights trained by Nabla load into the equivalent PyTorch module with <c>load_state_dict(strict=True)</c> and give
/// the same predictions there (needs Debian's python3-torch, which .ci/run installs).
/// </summary>
public class PyTorchInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-interop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void MlpWeightsLoadStrictlyIntoPyTorchAndScoreTheSame()
    {
        Tensor.ManualSeed(3);
        var (train, test) = Digits.TrainTestSplit(0.25, seed: 3);
        var model = Ladder.Create("mlp", 1, 8, 8, 10);
        var trainer = new Trainer(model) { Output = TextWriter.Null };
        trainer.Compile(new Adam(model.Parameters(), 1e-3), new CrossEntropyLoss().Forward, new Accuracy());
        trainer.Fit(train, epochs: 3, batchSize: 32, verbose: 0);
        double nablaAccuracy = trainer.Evaluate(test, 256)["accuracy"];
        var logits = trainer.Predict(test.Inputs).ToArray<float>();

        string weights = Path.Combine(_dir, "mlp.safetensors"), data = Path.Combine(_dir, "test.safetensors");
        Safetensors.Save(weights, model.StateDict());
        Safetensors.Save(data, new Dictionary<string, Tensor> { ["inputs"] = test.Inputs, ["targets"] = test.Targets });
        using var result = RunTorch("evaluate_mlp_in_torch.py", weights, data, "64");

        Assert.Equal(nablaAccuracy, result.RootElement.GetProperty("accuracy").GetDouble(), 12);
        var torchLogits = result.RootElement.GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        TestUtil.AssertClose(torchLogits, logits.Select(v => (double)v).ToArray(), 1e-5, 1e-5);
        Assert.True(nablaAccuracy > 0.8, $"3 epochs on digits should pass 80% test accuracy, got {nablaAccuracy}");
    }

    private static JsonDocument RunTorch(string script, params string[] args)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Interop");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        psi.ArgumentList.Add(Path.Combine(folder, script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{script} failed (is python3-torch installed?):\n{stderr}");
        return JsonDocument.Parse(stdout);
    }
}
