namespace Nabla.Rl.Spaces;

/// <summary>
/// A set of valid observations or actions with seeded sampling, like <c>gymnasium.spaces.Space</c>. A space that was
/// never seeded draws its seed from the process's entropy on first use, as Gymnasium does; call <see cref="Seed"/> for
/// reproducible samples.
/// </summary>
public abstract class Space
{
    private Generator? _rng;

    /// <summary>Reseeds the space's generator, so the following samples are the same for the same seed.</summary>
    public void Seed(long seed) => _rng = new Generator(seed);

    /// <summary>The generator behind <c>Sample</c>.</summary>
    protected Generator Rng => _rng ??= new Generator(Random.Shared.NextInt64());

    /// <summary>Whether <paramref name="value"/> is an element of this space (false for values of another type).</summary>
    public abstract bool ContainsValue(object? value);
}

/// <summary>A space whose elements are of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The element type: <c>float[]</c> for <see cref="Box"/>, <c>int</c> for <see cref="Discrete"/>.</typeparam>
public abstract class Space<T> : Space
{
    /// <summary>A random element, drawn from the space's own seeded generator.</summary>
    public abstract T Sample();

    /// <summary>Whether <paramref name="value"/> is an element of this space.</summary>
    public abstract bool Contains(T value);

    /// <inheritdoc />
    public override bool ContainsValue(object? value) => value is T t && Contains(t);
}
