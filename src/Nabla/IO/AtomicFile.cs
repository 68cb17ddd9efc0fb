using System.Buffers;

namespace Nabla.IO;

/// <summary>
/// Writes files so that readers see either the old or the complete new content: the bytes go to a temporary file
/// <c>.{name}.{guid}.tmp</c> in the same directory (same file system, so the final rename is atomic), are flushed to
/// disk, and then replace the target. A temporary file left behind by a writer that was killed is removed by the next
/// write of the same target. Errors name the target, not the temporary file.
/// </summary>
public static class AtomicFile
{
    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>Writes <paramref name="path"/> atomically with the bytes <paramref name="write"/> puts into the stream it is given.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (full, dir) = Prepare(path);
        RemoveStaleTemps(dir, Path.GetFileName(full));
        string temp = TempName(dir, full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(temp);
            if (e is IOException or UnauthorizedAccessException) throw CannotWrite(path, temp, e);
            throw;
        }
    }

    /// <summary>
    /// Checks, without touching an existing <paramref name="path"/>, that <see cref="Write"/> could write it now: the
    /// directory exists or can be created, a file can be created in it, and the path is not a directory. Lets a long job
    /// fail at its start rather than after the work whose result it was to save. Raises <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> naming <paramref name="path"/>.
    /// </summary>
    public static void EnsureWritable(string path)
    {
        var (full, dir) = Prepare(path);
        string temp = TempName(dir, full);
        try
        {
            using var probe = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(path, temp, e);
        }
    }

    private static (string Full, string Dir) Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new IOException($"cannot write '{path}': it is a root directory.");
        if (Directory.Exists(full)) throw new IOException($"cannot write '{path}': it is a directory.");
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.');
            string message = $"cannot write '{path}': cannot create its directory '{dir}': {reason}.";
            throw e is UnauthorizedAccessException ? new UnauthorizedAccessException(message, e) : new IOException(message, e);
        }
        return (full, dir);
    }

    private static string TempName(string dir, string full) =>
        Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");

    /// <summary>
    /// Deletes <c>.{name}.{guid}.tmp</c> files whose writer is gone. A live writer holds its temporary file open with
    /// <see cref="FileShare.None"/> (an exclusive lock on Unix too), so opening it exclusively fails and it is left alone.
    /// </summary>
    private static void RemoveStaleTemps(string dir, string name)
    {
        string prefix = "." + name + ".";
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(dir, "*.tmp");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var file in candidates)
        {
            string fileName = Path.GetFileName(file);
            if (fileName.Length != prefix.Length + 32 + 4 || !fileName.StartsWith(prefix, StringComparison.Ordinal)
                || fileName.AsSpan(prefix.Length, 32).ContainsAnyExcept(LowerHexDigits))
                continue;
            try
            {
                using var stale = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The error for <paramref name="target"/>; the runtime's message names the temporary file it failed on, which is replaced by the target.</summary>
    private static Exception CannotWrite(string target, string temp, Exception inner)
    {
        string reason = inner is UnauthorizedAccessException ? "permission denied" : inner.Message.Replace(temp, target, StringComparison.Ordinal);
        string message = $"cannot write '{target}': {reason.TrimEnd('.')}.";
        return inner is UnauthorizedAccessException ? new UnauthorizedAccessException(message, inner) : new IOException(message, inner);
    }
}
