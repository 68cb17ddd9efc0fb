using System.Globalization;
using System.IO.Compression;

namespace Nabla.Data;

/// <summary>
/// The embedded default dataset: 1,797 handwritten digits, 8×8 grey images with values 0–16 and labels 0–9. Credit:
/// the test set of the UCI "Optical Recognition of Handwritten Digits" data set by E. Alpaydin and C. Kaynak (UCI
/// Machine Learning Repository), licensed CC BY 4.0, as distributed with scikit-learn. Needs no files or network.
/// </summary>
public static class Digits
{
    /// <summary>Number of examples.</summary>
    public const int Count = 1797;

    private const string ResourceName = "Nabla.Data.Resources.digits.csv.gz";

    /// <summary>
    /// Loads all digits: inputs (1797, 1, 8, 8) float32 in [0, 1] (pixel / 16), targets int64 (1797), in file order.
    /// The tensors are created outside any open <see cref="TensorScope"/>.
    /// </summary>
    public static TensorDataset Load()
    {
        using var stream = typeof(Digits).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Digits: embedded resource {ResourceName} is missing from the assembly.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var pixels = new float[Count * 64];
        var labels = new long[Count];
        int row = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            if (row == Count) throw new InvalidDataException($"Digits: more than {Count} rows in {ResourceName}.");
            var fields = line.Split(',');
            if (fields.Length != 65) throw new InvalidDataException($"Digits: row {row} has {fields.Length} fields, expected 65.");
            for (int k = 0; k < 64; k++) pixels[row * 64 + k] = float.Parse(fields[k], CultureInfo.InvariantCulture) / 16f;
            labels[row] = (long)double.Parse(fields[64], CultureInfo.InvariantCulture);
            row++;
        }
        if (row != Count) throw new InvalidDataException($"Digits: {row} rows in {ResourceName}, expected {Count}.");
        using (TensorScope.Suspend())
            return new TensorDataset(Tensor.FromArray(pixels, Count, 1, 8, 8), Tensor.FromArray(labels));
    }

    /// <summary>
    /// A deterministic shuffled split into training and test sets: the same <paramref name="seed"/> gives the same
    /// split on every machine. The test set gets round(<paramref name="testFraction"/> · 1797) examples.
    /// </summary>
    public static (TensorDataset Train, TensorDataset Test) TrainTestSplit(double testFraction = 0.25, long seed = 0)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), $"Digits.TrainTestSplit: testFraction {testFraction} must be in (0, 1).");
        var all = Load();
        int testCount = (int)Math.Round(testFraction * Count);
        var perm = Datasets.Permutation(Count, new Generator(seed));
        using (TensorScope.Suspend())
        {
            var testIndex = Tensor.FromArray(Array.ConvertAll(perm[..testCount], i => (long)i));
            var trainIndex = Tensor.FromArray(Array.ConvertAll(perm[testCount..], i => (long)i));
            return (new TensorDataset(all.Inputs.IndexSelect(0, trainIndex), all.Targets.IndexSelect(0, trainIndex)),
                new TensorDataset(all.Inputs.IndexSelect(0, testIndex), all.Targets.IndexSelect(0, testIndex)));
        }
    }
}
