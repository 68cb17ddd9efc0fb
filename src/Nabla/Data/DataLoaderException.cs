namespace Nabla.Data;

/// <summary>
/// A dataset failed while a <see cref="DataLoader"/> was loading a batch: the message names the batch and the dataset
/// indices it holds, and <see cref="Exception.InnerException"/> is the dataset's own exception (for instance the
/// <see cref="IOException"/> of an unreadable record). Raised on the thread that enumerates the loader, also when
/// the batch was loaded on the prefetching worker.
/// </summary>
public sealed class DataLoaderException : Exception
{
    private const int ShownIndices = 8;

    /// <summary>Wraps <paramref name="inner"/>, thrown while loading batch <paramref name="batch"/> of the examples <paramref name="indices"/>.</summary>
    public DataLoaderException(int batch, IReadOnlyList<int> indices, Exception inner)
        : base($"DataLoader: loading batch {batch} (dataset {Describe(indices)}) failed: {inner.Message}", inner)
    {
        Batch = batch;
        Indices = indices;
    }

    /// <summary>The 0-based batch of the enumeration that failed.</summary>
    public int Batch { get; }

    /// <summary>The dataset indices of that batch, in the order they were requested.</summary>
    public IReadOnlyList<int> Indices { get; }

    private static string Describe(IReadOnlyList<int> indices) =>
        indices.Count == 1 ? $"index {indices[0]}"
        : indices.Count <= ShownIndices ? $"indices [{string.Join(", ", indices)}]"
        : $"indices [{string.Join(", ", indices.Take(ShownIndices))}, ...] ({indices.Count} examples)";
}
