using System.Security.Cryptography;

namespace Nabla.Data;

/// <summary>Hash algorithms a download can be verified with.</summary>
public enum HashAlgorithmKind
{
    /// <summary>SHA-256, preferred.</summary>
    Sha256,
    /// <summary>MD5, used where the publisher (or torchvision) only gives MD5 sums; it detects corruption, not tampering.</summary>
    Md5,
}

/// <summary>An expected file hash, as lowercase or uppercase hex.</summary>
/// <param name="Algorithm">The hash algorithm.</param>
/// <param name="Hex">The expected digest in hex.</param>
public sealed record Checksum(HashAlgorithmKind Algorithm, string Hex)
{
    /// <summary>An expected SHA-256 digest.</summary>
    public static Checksum Sha256(string hex) => new(HashAlgorithmKind.Sha256, hex);

    /// <summary>An expected MD5 digest.</summary>
    public static Checksum Md5(string hex) => new(HashAlgorithmKind.Md5, hex);

    /// <summary>The digest of the file at <paramref name="path"/> with this checksum's algorithm, lowercase hex.</summary>
    public string Compute(string path)
    {
        using var s = File.OpenRead(path);
        byte[] hash = Algorithm == HashAlgorithmKind.Sha256 ? SHA256.HashData(s) : MD5.HashData(s);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Whether the file at <paramref name="path"/> has this digest.</summary>
    public bool Matches(string path) => string.Equals(Compute(path), Hex, StringComparison.OrdinalIgnoreCase);
}
