using System.Formats.Tar;
using System.IO.Compression;

namespace Nabla.Data;

/// <summary>
/// CIFAR-10 (Krizhevsky, 2009): 50,000 training and 10,000 test colour 32×32 images of 10 classes, read from the
/// binary version. Inputs (N, 3, 32, 32), targets int64 (N). The batch files are looked for in each search directory
/// of <see cref="DatasetSource"/> (directly or under <c>cifar-10-batches-bin/</c>); failing that the archive
/// <c>cifar-10-binary.tar.gz</c> is located or downloaded (verified against the MD5 sum published on the CIFAR page)
/// and its six batch files extracted next to it.
/// </summary>
public sealed class Cifar10 : ImageDataset
{
    /// <summary>The dataset's directory name under <c>root</c>, <c>$NABLA_DATA</c> and the cache.</summary>
    public const string Name = "cifar-10";

    private const string BatchDirectory = "cifar-10-batches-bin";

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> Classes { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>The binary archive with its official URL and published MD5 sum.</summary>
    public static DataResource Archive { get; } = new("cifar-10-binary.tar.gz",
        ["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"], Checksum.Md5("c32a1d4ab5d03f1284b67883e8d87530"));

    private static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    private static readonly string[] TestFiles = ["test_batch.bin"];

    /// <summary>Loads the training (<paramref name="train"/>) or test split.</summary>
    /// <param name="train">True for the five training batches, false for the test batch.</param>
    /// <param name="root">A directory holding the batch files, <c>cifar-10-batches-bin/</c> or the archive, searched first.</param>
    /// <param name="raw">Int32 byte values instead of float32 in [0, 1].</param>
    /// <param name="source">Search and download settings (default <see cref="DatasetSource.Default"/>).</param>
    public Cifar10(bool train = true, string? root = null, bool raw = false, DatasetSource? source = null)
        : this(Load(train ? TrainFiles : TestFiles, root, source ?? DatasetSource.Default), raw) { }

    private Cifar10((byte[] Pixels, long[] Labels) data, bool raw) : base(data.Pixels, data.Labels, 3, 32, 32, raw) { }

    private static (byte[], long[]) Load(string[] files, string? root, DatasetSource source)
    {
        string? dir = source.SearchDirectories(Name, root, null)
            .SelectMany(d => new[] { d, Path.Combine(d, BatchDirectory) })
            .FirstOrDefault(d => files.All(f => File.Exists(Path.Combine(d, f))));
        if (dir is null)
        {
            string archive = source.Locate(Name, root, null, Archive,
                "Pass root or set NABLA_DATA to a directory holding cifar-10-batches-bin/ or cifar-10-binary.tar.gz.");
            dir = Path.Combine(Path.GetDirectoryName(archive)!, BatchDirectory);
            Extract(archive, dir);
        }
        var parts = files.Select(f => CifarBinary.Read(Path.Combine(dir, f))).ToArray();
        var pixels = new byte[parts.Sum(p => (long)p.Pixels.Length)];
        var labels = new long[parts.Sum(p => p.Labels.Length)];
        int pixelOffset = 0, labelOffset = 0;
        foreach (var (p, l) in parts)
        {
            p.CopyTo(pixels, pixelOffset);
            for (int i = 0; i < l.Length; i++) labels[labelOffset + i] = l[i];
            pixelOffset += p.Length;
            labelOffset += l.Length;
        }
        return (pixels, labels);
    }

    // batches.meta.txt is 61 bytes; a 1 MiB cap only stops a hostile archive from filling the disk.
    private const long MaxTextMember = 1 << 20;

    /// <summary>
    /// Extracts the <c>*.bin</c> and <c>*.txt</c> members of the archive's <c>cifar-10-batches-bin/</c> into
    /// <paramref name="dir"/>, by file name only (member paths never choose where files go).
    /// </summary>
    internal static void Extract(string archive, string dir)
    {
        Directory.CreateDirectory(dir);
        using var file = File.OpenRead(archive);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        try
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                string name = Path.GetFileName(entry.Name);
                if (!name.EndsWith(".bin", StringComparison.Ordinal) && !name.EndsWith(".txt", StringComparison.Ordinal)) continue;
                long limit = name.EndsWith(".bin", StringComparison.Ordinal) ? (long)CifarBinary.RecordsPerBatch * CifarBinary.RecordSize : MaxTextMember;
                if (entry.Length > limit)
                    throw new InvalidDataException($"{archive}: member {entry.Name} declares {entry.Length} bytes, more than a CIFAR-10 {Path.GetExtension(name)} file can hold ({limit}).");
                string target = Path.Combine(dir, name);
                string temp = $"{target}.{Guid.NewGuid():N}.part";
                using (var output = File.Create(temp)) entry.DataStream.CopyTo(output);
                File.Move(temp, target, overwrite: true);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"{archive}: corrupt archive: {e.Message}", e);
        }
    }
}
