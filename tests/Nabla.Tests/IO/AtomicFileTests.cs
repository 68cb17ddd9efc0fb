using Nabla.IO;
using Xunit;

namespace Nabla.Tests.IO;

/// <summary>
/// Atomic writes: a temporary file left by a writer that was killed mid-save is removed by the next save of the same
/// target (a live writer's is not), and errors name the target rather than the temporary file.
/// </summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-atomic").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Dictionary<string, Tensor> Weights() => new() { ["w"] = Tensor.Ones(2, 2) };

    [Fact]
    public void NextSaveRemovesStaleTemporaryFilesOfTheSameTargetOnly()
    {
        string target = Path.Combine(_dir, "model.safetensors");
        string stale = Path.Combine(_dir, ".model.safetensors." + Guid.NewGuid().ToString("N") + ".tmp");
        string live = Path.Combine(_dir, ".model.safetensors." + Guid.NewGuid().ToString("N") + ".tmp");
        string otherTarget = Path.Combine(_dir, ".model.safetensors.bak." + Guid.NewGuid().ToString("N") + ".tmp");
        string notOurs = Path.Combine(_dir, ".model.safetensors.backup.tmp");
        foreach (var f in new[] { stale, live, otherTarget, notOurs }) File.WriteAllText(f, "partial");
        using (new FileStream(live, FileMode.Open, FileAccess.Write, FileShare.None))
            Safetensors.Save(target, Weights());
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(otherTarget));
        Assert.True(File.Exists(notOurs));
        Assert.Equal([1f, 1, 1, 1], Safetensors.Load(target)["w"].ToArray<float>());

        Safetensors.Save(target, Weights());
        Assert.False(File.Exists(live));
    }

    [Fact]
    public void ErrorsNameTheTargetNotTheTemporaryFile()
    {
        string blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "");
        string target = Path.Combine(blocker, "x.safetensors");
        var ex = Assert.Throws<IOException>(() => Safetensors.Save(target, Weights()));
        Assert.StartsWith($"cannot write '{target}': cannot create its directory '{blocker}'", ex.Message);
        Assert.IsAssignableFrom<IOException>(ex.InnerException);

        var directory = Assert.Throws<IOException>(() => Safetensors.Save(_dir, Weights()));
        Assert.Equal($"cannot write '{_dir}': it is a directory.", directory.Message);

        if (OperatingSystem.IsLinux())
        {
            string inProc = "/proc/nabla-atomic-test.safetensors";
            var proc = Assert.ThrowsAny<Exception>(() => Safetensors.Save(inProc, Weights()));
            Assert.True(proc is IOException or UnauthorizedAccessException, proc.GetType().Name);
            Assert.StartsWith($"cannot write '{inProc}': ", proc.Message);
            Assert.DoesNotContain(".tmp", proc.Message);
        }
    }

    [Fact]
    public void EnsureWritableChecksWithoutLeavingFiles()
    {
        string target = Path.Combine(_dir, "sub", "model.safetensors");
        AtomicFile.EnsureWritable(target);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "sub")));
        Assert.False(File.Exists(target));
        Assert.Throws<IOException>(() => AtomicFile.EnsureWritable(_dir));
    }
}
