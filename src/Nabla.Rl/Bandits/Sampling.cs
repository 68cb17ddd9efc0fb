namespace Nabla.Rl.Bandits;

/// <summary>Gamma and Beta samplers on a seeded <see cref="Generator"/>, for Thompson sampling.</summary>
public static class Sampling
{
    /// <summary>
    /// A Gamma(<paramref name="shape"/>, <paramref name="scale"/>) sample (mean shape·scale) by Marsaglia and Tsang's
    /// squeeze method (2000); shapes below 1 use the boost Gamma(k) = Gamma(k + 1)·U^(1/k).
    /// </summary>
    public static double Gamma(Generator rng, double shape, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(shape > 0) || double.IsInfinity(shape)) throw new ArgumentOutOfRangeException(nameof(shape), $"Sampling.Gamma: shape must be positive and finite, got {shape}.");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), $"Sampling.Gamma: scale must be positive and finite, got {scale}.");
        if (shape < 1)
        {
            double u;
            do u = rng.NextDouble(); while (u == 0);
            return Gamma(rng, shape + 1, scale) * Math.Pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextNormal();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double u = rng.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
            if (u > 0 && Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v * scale;
        }
    }

    /// <summary>A Beta(<paramref name="alpha"/>, <paramref name="beta"/>) sample as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β).</summary>
    public static double Beta(Generator rng, double alpha, double beta)
    {
        double x = Gamma(rng, alpha), y = Gamma(rng, beta);
        return x / (x + y);
    }
}
