using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Nabla.Tests.Cli;

/// <summary>
/// <c>nabla train</c> and the tool's error handling through the real entry point (and, for a diverging run, as a
/// separate process): every failure is one <c>nabla: ...</c> line on standard error with exit code 1 (2 for usage
/// errors), never an unhandled exception with a stack trace. Console redirection is process-wide, so these run alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed partial class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-train-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Nabla(params string[] args) => CliRunner.Run(args);

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    private static void AssertNoStackTrace(string err)
    {
        Assert.DoesNotContain("Unhandled exception", err);
        Assert.DoesNotMatch(StackFrame(), err);
    }

    [Fact]
    public void DivergingTrainingPrintsTheNaNStepAndExitsWithOne()
    {
        var (code, output, err) = Nabla("train", "mlp", "--lr", "1e20", "--epochs", "1", "--optimizer", "sgd");
        Assert.Equal(1, code);
        Assert.Matches(@"^nabla: train: TerminateOnNaN: loss became NaN at global step \d+ \(epoch 0, batch \d+\); training stopped\. Try a smaller --lr", err);
        AssertNoStackTrace(err);
        Assert.DoesNotContain("test accuracy", output);
        Assert.Matches(@"(?m)^\d+/43 - ", output);
        Assert.DoesNotContain("43/43", output);
    }

    [Fact]
    public async Task DivergingTrainingExitsCleanlyAsAProcess()
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Nabla.Cli.dll"), "train", "mlp", "--lr", "1e20", "--epochs", "1", "--optimizer", "sgd" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the nabla CLI");
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
            await p.WaitForExitAsync(timeout.Token);
        string err = await error;
        Assert.True(p.ExitCode == 1, $"exit code {p.ExitCode}\nstderr:\n{err}\nstdout:\n{await output}");
        Assert.Contains("loss became NaN at global step", err);
        AssertNoStackTrace(err);
    }

    [Fact]
    public void UnwritableSavePathFailsBeforeTrainingAndNamesTheTarget()
    {
        string blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "");
        string target = Path.Combine(blocker, "mlp.safetensors");
        var (code, output, err) = Nabla("train", "mlp", "--epochs", "1", "--save", target);
        Assert.Equal(2, code);
        Assert.Contains($"--save: cannot write '{target}'", err);
        Assert.DoesNotContain(".tmp", err);
        Assert.DoesNotContain("training mlp", output);
        AssertNoStackTrace(err);

        (code, output, err) = Nabla("train", "mlp", "--epochs", "1", "--save", _dir);
        Assert.Equal(2, code);
        Assert.Contains($"cannot write '{_dir}': it is a directory", err);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("train mlp --epochs 99999999999", "--epochs: '99999999999' is not a valid int32")]
    [InlineData("train mlp --lr 1e999x", "--lr: '1e999x' is not a valid double")]
    [InlineData("train mlp --optimizer lbfgs", "unknown optimizer 'lbfgs'")]
    public void BadNumbersAndNamesAreUsageErrors(string command, string message)
    {
        var (code, _, err) = Nabla(command.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        AssertNoStackTrace(err);
    }

    [Fact]
    public void SaveWritesTheTargetAndLeavesNoTemporaryFile()
    {
        string target = Path.Combine(_dir, "out", "mlp.safetensors");
        var (code, output, err) = Nabla("train", "mlp", "--epochs", "1", "--save", target);
        Assert.True(code == 0, err);
        Assert.Contains("saved weights to " + target, output);
        Assert.Equal(["mlp.safetensors"], Directory.GetFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName));
    }

    [Fact]
    public void CorruptOrMissingFilesFailWithOneLineAndExitCodeOne()
    {
        string corrupt = Path.Combine(_dir, "corrupt.safetensors");
        File.WriteAllBytes(corrupt, [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', 0xFF, 0xFE, (byte)'}', 0, 0, 0, 0]);
        foreach (var (args, expected) in new[]
        {
            (new[] { "predict", "--load", corrupt }, corrupt),
            (["eval", "--load", Path.Combine(_dir, "missing.safetensors")], "missing.safetensors"),
        })
        {
            var (code, _, err) = Nabla(args);
            Assert.True(code == 1, $"{string.Join(' ', args)}: exit code {code}\n{err}");
            Assert.StartsWith("nabla: ", err);
            Assert.Contains(expected, err);
            AssertNoStackTrace(err);
        }
    }
}
