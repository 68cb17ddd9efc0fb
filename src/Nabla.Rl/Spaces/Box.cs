using System.Globalization;

namespace Nabla.Rl.Spaces;

/// <summary>
/// A box of float32 vectors, <c>Low[i] ≤ x[i] ≤ High[i]</c>, like <c>gymnasium.spaces.Box</c> with dtype float32.
/// Elements are flat <c>float[]</c> of <see cref="Size"/> values laid out row-major in <see cref="Shape"/>. Sampling
/// follows Gymnasium: uniform on dimensions bounded on both sides, standard normal on unbounded ones, and shifted
/// exponential on half-bounded ones (an infinite bound counts as no bound).
/// </summary>
public sealed class Box : Space<float[]>
{
    private readonly float[] _low, _high;
    private readonly int[] _shape;

    /// <summary>A box with the same bounds on every element of <paramref name="shape"/>.</summary>
    public Box(float low, float high, params int[] shape)
        : this(Filled(low, shape), Filled(high, shape), shape)
    {
    }

    /// <summary>A box with per-element bounds; <paramref name="shape"/> defaults to <c>[low.Length]</c>.</summary>
    public Box(float[] low, float[] high, int[]? shape = null)
    {
        shape ??= [low.Length];
        int size = Numel(shape);
        if (low.Length != size || high.Length != size)
            throw new ArgumentException($"Box: low has {low.Length} and high {high.Length} elements, shape ({string.Join(", ", shape)}) needs {size}.");
        for (int i = 0; i < size; i++)
            if (!(low[i] <= high[i]))
                throw new ArgumentException($"Box: low[{i}] = {low[i]} is not ≤ high[{i}] = {high[i]}.");
        _low = (float[])low.Clone();
        _high = (float[])high.Clone();
        _shape = (int[])shape.Clone();
    }

    /// <summary>The lower bounds, one per element.</summary>
    public IReadOnlyList<float> Low => _low;

    /// <summary>The upper bounds, one per element.</summary>
    public IReadOnlyList<float> High => _high;

    /// <summary>The shape of an element, e.g. <c>[4]</c> for CartPole.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The number of floats in an element (the product of <see cref="Shape"/>).</summary>
    public int Size => _low.Length;

    /// <inheritdoc />
    public override float[] Sample()
    {
        var x = new float[Size];
        Sample(x);
        return x;
    }

    /// <summary>Writes a random element into <paramref name="destination"/> (length <see cref="Size"/>).</summary>
    public void Sample(Span<float> destination)
    {
        if (destination.Length != Size)
            throw new ArgumentException($"Box.Sample: destination has {destination.Length} elements, the box {Size}.");
        var rng = Rng;
        for (int i = 0; i < Size; i++)
        {
            bool below = !float.IsNegativeInfinity(_low[i]), above = !float.IsPositiveInfinity(_high[i]);
            double v = (below, above) switch
            {
                (true, true) => _low[i] + ((double)_high[i] - _low[i]) * rng.NextDouble(),
                (false, false) => rng.NextNormal(),
                (true, false) => _low[i] - Math.Log(1.0 - rng.NextDouble()),
                (false, true) => _high[i] + Math.Log(1.0 - rng.NextDouble()),
            };
            destination[i] = Math.Clamp((float)v, _low[i], _high[i]);
        }
    }

    /// <inheritdoc />
    public override bool Contains(float[] value) => value is not null && Contains((ReadOnlySpan<float>)value);

    /// <summary>Whether <paramref name="value"/> has <see cref="Size"/> elements, all within the bounds (NaN is not).</summary>
    public bool Contains(ReadOnlySpan<float> value)
    {
        if (value.Length != Size) return false;
        for (int i = 0; i < Size; i++)
            if (!(value[i] >= _low[i] && value[i] <= _high[i])) return false;
        return true;
    }

    /// <summary>Like Gymnasium's: <c>Box([-4.8 ...], [4.8 ...], (4,), float32)</c>, bounds in round-trip float32 form.</summary>
    public override string ToString()
    {
        static string Format(float[] v) => "[" + string.Join(" ", v.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]";
        string shape = _shape.Length == 1 ? $"({_shape[0]},)" : "(" + string.Join(", ", _shape) + ")";
        return $"Box({Format(_low)}, {Format(_high)}, {shape}, float32)";
    }

    private static float[] Filled(float value, int[] shape)
    {
        var a = new float[Numel(shape)];
        Array.Fill(a, value);
        return a;
    }

    private static int Numel(int[] shape)
    {
        int n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Box: negative dimension in shape ({string.Join(", ", shape)}).");
            n *= d;
        }
        return n;
    }
}
