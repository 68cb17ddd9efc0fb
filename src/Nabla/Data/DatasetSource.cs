namespace Nabla.Data;

/// <summary>A file a dataset needs: its name, the official URLs it can be downloaded from, and its expected hash.</summary>
/// <param name="FileName">The file name, as published.</param>
/// <param name="Urls">Download locations, tried in order.</param>
/// <param name="Checksum">The published digest of the file.</param>
public sealed record DataResource(string FileName, string[] Urls, Checksum Checksum);

/// <summary>
/// Where the file-backed datasets (<see cref="Mnist"/>, <see cref="FashionMnist"/>, <see cref="Cifar10"/>,
/// <see cref="Svhn"/>) look for their files and how they fetch missing ones. Search order: the explicit <c>root</c>
/// argument (and <c>root/&lt;name&gt;</c>), then <c>$NABLA_DATA/&lt;name&gt;</c>, then the Debian package location where
/// there is one, then the download cache; if the file is still missing and <see cref="Download"/> is on, it is
/// downloaded into <c>root</c>, else <c>$NABLA_DATA/&lt;name&gt;</c>, else the cache, through a temporary file that is
/// checked against the dataset's published hash and then moved into place atomically.
/// </summary>
public sealed class DatasetSource
{
    /// <summary>Searches the usual places and downloads into the per-user cache.</summary>
    public static DatasetSource Default { get; } = new();

    /// <summary>Whether missing files are downloaded (default true).</summary>
    public bool Download { get; init; } = true;

    /// <summary>The download cache; defaults to <c>$XDG_CACHE_HOME/nabla</c> or <c>~/.cache/nabla</c>.</summary>
    public string? CacheRoot { get; init; }

    /// <summary>The HTTP handler downloads go through (null: a default <see cref="HttpClientHandler"/>).</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Timeout for one download.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The environment variable naming a directory with one subdirectory per dataset.</summary>
    public const string EnvironmentVariable = "NABLA_DATA";

    /// <summary>The cache directory for dataset <paramref name="name"/>.</summary>
    public string CacheDirectory(string name)
    {
        string root = CacheRoot ?? Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "nabla");
        return Path.Combine(root, name);
    }

    /// <summary>The directories searched for dataset <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> SearchDirectories(string name, string? root, string? systemDirectory)
    {
        var dirs = new List<string>();
        if (root is not null) dirs.AddRange([root, Path.Combine(root, name)]);
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) dirs.Add(Path.Combine(env, name));
        if (systemDirectory is not null) dirs.Add(systemDirectory);
        dirs.Add(CacheDirectory(name));
        return dirs;
    }

    /// <summary>The directory downloads of dataset <paramref name="name"/> go to.</summary>
    public string DownloadDirectory(string name, string? root) =>
        root ?? (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? Path.Combine(env, name) : CacheDirectory(name));

    /// <summary>
    /// The path of <paramref name="resource"/> (or of its uncompressed form, the name without <c>.gz</c>) in the first
    /// search directory that has it, downloading it when none does.
    /// </summary>
    /// <exception cref="FileNotFoundException">Not found and not downloadable; the message lists the paths searched.</exception>
    public string Locate(string name, string? root, string? systemDirectory, DataResource resource, string hint)
    {
        var dirs = SearchDirectories(name, root, systemDirectory);
        string? plain = resource.FileName.EndsWith(".gz", StringComparison.Ordinal) ? resource.FileName[..^3] : null;
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, resource.FileName);
            if (File.Exists(path)) return path;
            if (plain is not null && File.Exists(Path.Combine(dir, plain))) return Path.Combine(dir, plain);
        }
        string searched = string.Join(", ", dirs.Select(d => Path.Combine(d, resource.FileName)));
        if (!Download)
            throw new FileNotFoundException($"{name}: {resource.FileName} not found (searched {searched}) and downloading is off. {hint}");
        var destination = Path.Combine(DownloadDirectory(name, root), resource.FileName);
        try
        {
            Fetch(resource.Urls, destination, resource.Checksum);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidDataException or TaskCanceledException or UnauthorizedAccessException)
        {
            throw new FileNotFoundException($"{name}: {resource.FileName} not found (searched {searched}) and could not be downloaded: {e.Message} {hint}", e);
        }
        return destination;
    }

    /// <summary>
    /// Downloads the first of <paramref name="urls"/> that works to <paramref name="destination"/>, verifying
    /// <paramref name="checksum"/> before moving the temporary file into place. <c>file://</c> URLs are copied.
    /// </summary>
    /// <exception cref="IOException">Every URL failed; the message gives each failure.</exception>
    public void Fetch(IReadOnlyList<string> urls, string destination, Checksum checksum)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var failures = new List<string>();
        foreach (var url in urls)
        {
            string temp = $"{destination}.{Guid.NewGuid():N}.part";
            try
            {
                FetchTo(new Uri(url), temp);
                string actual = checksum.Compute(temp);
                if (!string.Equals(actual, checksum.Hex, StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{url}: {checksum.Algorithm} mismatch (expected {checksum.Hex.ToLowerInvariant()}, got {actual})");
                    continue;
                }
                File.Move(temp, destination, overwrite: true);
                return;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TaskCanceledException or UnauthorizedAccessException or UriFormatException)
            {
                failures.Add($"{url}: {e.Message}");
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        throw new IOException($"Download of {Path.GetFileName(destination)} failed: {string.Join("; ", failures)}.");
    }

    private void FetchTo(Uri uri, string temp)
    {
        using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
        if (uri.IsFile)
        {
            using var input = File.OpenRead(uri.LocalPath);
            input.CopyTo(output);
            return;
        }
        using var client = Handler is null ? new HttpClient() : new HttpClient(Handler, disposeHandler: false);
        client.Timeout = Timeout;
        using var response = client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        using var body = response.Content.ReadAsStream();
        body.CopyTo(output);
    }
}
