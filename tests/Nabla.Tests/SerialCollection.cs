using Xunit;

namespace Nabla.Tests;

/// <summary>Tests that measure per-thread allocations share the process-wide buffer pool, so they run alone.</summary>
[CollectionDefinition("Serial", DisableParallelization = true)]
public sealed class SerialCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Serial";
}
