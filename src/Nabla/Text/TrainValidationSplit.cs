namespace Nabla.Text;

/// <summary>Splits a text or token sequence into a leading training part and a trailing validation part, without shuffling (language-model style).</summary>
public static class TrainValidationSplit
{
    /// <summary>The split index: ⌊<paramref name="trainFraction"/> · <paramref name="length"/>⌋, checked so both parts are non-empty.</summary>
    public static int SplitIndex(int length, double trainFraction)
    {
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), $"TrainValidationSplit: train fraction {trainFraction} is outside (0, 1).");
        int index = (int)Math.Floor(trainFraction * length);
        if (index < 1 || index >= length)
            throw new ArgumentException($"TrainValidationSplit: {length} items at train fraction {trainFraction} leave an empty part.");
        return index;
    }

    /// <summary>The first ⌊fraction · length⌋ characters and the rest.</summary>
    public static (string Train, string Validation) Split(string text, double trainFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(text);
        int index = SplitIndex(text.Length, trainFraction);
        return (text[..index], text[index..]);
    }

    /// <summary>The first ⌊fraction · length⌋ items and the rest.</summary>
    public static (T[] Train, T[] Validation) Split<T>(ReadOnlySpan<T> items, double trainFraction = 0.9)
    {
        int index = SplitIndex(items.Length, trainFraction);
        return (items[..index].ToArray(), items[index..].ToArray());
    }
}
