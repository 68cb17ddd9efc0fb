using System.Runtime.CompilerServices;

namespace Nabla.Tests.Data;

/// <summary>Paths of the committed fixtures (made by Fixtures/make_fixtures.py) and throwaway temp directories.</summary>
internal static class DataTestUtil
{
    public static string Fixtures { get; } = Path.Combine(Path.GetDirectoryName(ThisFile())!, "Fixtures");

    private static string ThisFile([CallerFilePath] string path = "") => path;

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nabla-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A source that never downloads and caches in a fresh temp directory.</summary>
    public static Nabla.Data.DatasetSource Offline() => new() { Download = false, CacheRoot = TempDir() };

    // Formulas of make_fixtures.py.
    public static int MnistPixel(int i, int r, int c) => (i * 37 + r * 5 + c * 3) % 256;
    public static int MnistLabel(int i) => (i * 3 + 1) % 10;
    public static int CifarPixel(int b, int i, int ch, int r, int c) => (b * 11 + i * 29 + ch * 60 + r * 3 + c * 7) % 256;
    public static int CifarLabel(int b, int i) => (b + i * 4) % 10;
    public static int SvhnPixel(int n, int ch, int row, int col) => (n * 50 + ch * 20 + row * 3 + col * 7) % 256;
}
