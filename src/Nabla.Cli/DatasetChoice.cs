using Nabla.Data;

namespace Nabla.Cli;

/// <summary>The datasets the CLI trains on: train and test splits plus their geometry and class names.</summary>
internal sealed record DatasetChoice(string Name, IDataset Train, IDataset Test, int Channels, int Height, int Width, string[] Classes)
{
    public static readonly string[] Names = ["digits", "fashion-mnist", "mnist"];

    private static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] DigitClasses = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static DatasetChoice Load(string name, string? root, long seed) => name switch
    {
        "digits" => Digits(seed),
        "fashion-mnist" => new(name, new FashionMnist(train: true, root: root), new FashionMnist(train: false, root: root), 1, 28, 28, FashionClasses),
        "mnist" => new(name, new Mnist(train: true, root: root), new Mnist(train: false, root: root), 1, 28, 28, DigitClasses),
        _ => throw new CliException($"unknown dataset '{name}'; known: {string.Join(", ", Names)}"),
    };

    private static DatasetChoice Digits(long seed)
    {
        var (train, test) = Nabla.Data.Digits.TrainTestSplit(0.25, seed);
        return new("digits", train, test, 1, 8, 8, DigitClasses);
    }
}
