namespace Nabla.Text;

/// <summary>
/// The text of the Debian package <c>fortunes</c>: every plain file under <see cref="DefaultDirectory"/>, skipping
/// the <c>*.dat</c> index files, the <c>*.u8</c> files and symbolic links, concatenated in sorted name order
/// (about 2.6 MB; the corpus of the <c>lstm</c> and <c>gpt</c> benchmarks).
/// </summary>
public static class FortunesCorpus
{
    /// <summary>Where the Debian package installs the fortune files.</summary>
    public const string DefaultDirectory = "/usr/share/games/fortunes";

    /// <summary>The corpus files in concatenation order.</summary>
    public static IReadOnlyList<string> Files(string? root = null)
    {
        var directory = root ?? DefaultDirectory;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException(
                $"FortunesCorpus: directory '{directory}' does not exist; install the Debian package with `apt-get install -y fortunes`.");
        return TextCorpus.ListFiles(directory, IsCorpusFile);
    }

    /// <summary>The whole corpus as one string.</summary>
    public static string Load(string? root = null) => TextCorpus.ReadFiles(Files(root));

    private static bool IsCorpusFile(string name) =>
        !name.EndsWith(".dat", StringComparison.Ordinal) && !name.EndsWith(".u8", StringComparison.Ordinal);
}
