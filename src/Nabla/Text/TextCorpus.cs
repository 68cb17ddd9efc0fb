using System.Text;

namespace Nabla.Text;

/// <summary>Reads plain-text files (UTF-8) into one string, for building vocabularies and language-model corpora.</summary>
public static class TextCorpus
{
    // The CLR's maximum string length.
    private const long MaxChars = 0x3FFFFFDF;

    /// <summary>Concatenates the files at <paramref name="paths"/>, in the order given, decoded as UTF-8.</summary>
    public static string ReadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sb = new StringBuilder();
        foreach (var path in paths)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"TextCorpus: file '{path}' does not exist.", path);
            // UTF-8 never decodes to more chars than bytes, so this catches every corpus too long for one string
            // before reading it, instead of failing with OutOfMemoryException after gigabytes of buffering.
            long length = new FileInfo(path).Length;
            if (sb.Length + length > MaxChars)
                throw new InvalidDataException($"TextCorpus: file '{path}' ({length} bytes) could take the corpus past {MaxChars} characters, the most one string holds.");
            sb.Append(File.ReadAllText(path, Encoding.UTF8));
        }
        return sb.ToString();
    }

    /// <summary>
    /// The regular files (not symbolic links, not subdirectories) directly in <paramref name="directory"/> whose name
    /// passes <paramref name="include"/> (all when null), sorted by file name in ordinal order.
    /// </summary>
    public static IReadOnlyList<string> ListFiles(string directory, Func<string, bool>? include = null)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"TextCorpus: directory '{directory}' does not exist.");
        var files = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) continue;
            if (include is null || include(info.Name)) files.Add(path);
        }
        files.Sort((a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
        return files;
    }

    /// <summary>Concatenates the files chosen by <see cref="ListFiles"/>, in sorted name order.</summary>
    public static string ReadDirectory(string directory, Func<string, bool>? include = null) =>
        ReadFiles(ListFiles(directory, include));
}
