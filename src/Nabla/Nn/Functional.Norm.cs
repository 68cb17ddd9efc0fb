using Nabla.Autograd;

namespace Nabla.Nn;

public static partial class Functional
{
    /// <summary>
    /// Batch normalisation of input (N, C, ...) per channel. In training, normalises with the batch statistics and,
    /// when running statistics are given, updates them in place: mean ← (1 − momentum)·mean + momentum·batch mean,
    /// var ← (1 − momentum)·var + momentum·unbiased batch var. Otherwise normalises with the running statistics.
    /// Weight and bias have shape (C).
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        if (input.Rank < 2)
            throw new ArgumentException($"BatchNorm: input must have at least 2 dimensions (N, C, ...), got shape {input.Shape}.");
        int c = input.Dims[1];
        foreach (var (name, t) in new[] { ("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias) })
            if (t is not null && (t.Rank != 1 || t.Dims[0] != c))
                throw new ArgumentException($"BatchNorm: {name} of shape {t.Shape} does not match {c} channels (input {input.Shape}).");
        LayerDTypes.Require("BatchNorm", input, ("weight", weight), ("bias", bias), ("running_mean", runningMean), ("running_var", runningVar));
        var shape = new int[input.Rank];
        Array.Fill(shape, 1);
        shape[1] = c;
        var w = weight?.Reshape(shape);
        var b = bias?.Reshape(shape);
        if (!training)
        {
            if (runningMean is null || runningVar is null)
                throw new ArgumentException($"BatchNorm: evaluation mode needs running_mean and running_var (input {input.Shape}).");
            var y = (input - runningMean.Reshape(shape)) * (runningVar.Reshape(shape) + eps).Rsqrt();
            if (w is not null) y = y * w;
            return b is null ? y : y + b;
        }
        int perChannel = c == 0 ? 0 : input.NumElements / c;
        if (perChannel <= 1)
            throw new ArgumentException($"BatchNorm: expected more than 1 value per channel when training, got input {input.Shape}.");
        var output = Ops.BatchNorm.Apply(input, w, b, eps, out var mean, out var var);
        using (GradMode.NoGrad())
        {
            if (runningMean is not null) runningMean.Mul_(1 - momentum).Add_(mean.Reshape(c), momentum);
            if (runningVar is not null) runningVar.Mul_(1 - momentum).Add_(var.Reshape(c) * (perChannel / (perChannel - 1.0)), momentum);
        }
        return output;
    }

    /// <summary>
    /// Layer normalisation over the trailing dims given by <paramref name="normalizedShape"/>, with optional
    /// elementwise weight and bias of that shape.
    /// </summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        int k = normalizedShape.Length;
        if (k == 0 || k > input.Rank || !input.Dims.AsSpan(input.Rank - k).SequenceEqual(normalizedShape))
            throw new ArgumentException(
                $"LayerNorm: input shape {input.Shape} does not end with the normalized shape {Shape.Format(normalizedShape)}.");
        foreach (var (name, t) in new[] { ("weight", weight), ("bias", bias) })
            if (t is not null && !t.Dims.AsSpan().SequenceEqual(normalizedShape))
                throw new ArgumentException($"LayerNorm: {name} of shape {t.Shape} does not match the normalized shape {Shape.Format(normalizedShape)}.");
        LayerDTypes.Require("LayerNorm", input, ("weight", weight), ("bias", bias));
        return Ops.LayerNorm.Apply(input, k, weight, bias, eps);
    }

    /// <summary>
    /// Local response normalisation across channels of input (N, C, ...): x / (k + α/n · Σ x²)^β, the sum running
    /// over the n = <paramref name="size"/> channels from c − ⌊n/2⌋ to c + ⌊(n − 1)/2⌋ (zero beyond the edges).
    /// </summary>
    public static Tensor LocalResponseNorm(Tensor input, int size, double alpha = 1e-4, double beta = 0.75, double k = 1.0)
    {
        if (input.Rank < 3)
            throw new ArgumentException($"LocalResponseNorm: input must have at least 3 dimensions (N, C, ...), got shape {input.Shape}.");
        if (size < 1)
            throw new ArgumentOutOfRangeException(nameof(size), $"LocalResponseNorm: size must be positive, got {size}.");
        int c = input.Dims[1];
        var pad = new int[2 * (input.Rank - 1)];
        pad[^2] = size / 2;
        pad[^1] = (size - 1) / 2;
        var padded = input.Square().Pad(pad);
        var sum = padded.Narrow(1, 0, c);
        for (int j = 1; j < size; j++) sum = sum + padded.Narrow(1, j, c);
        return input / (sum * (alpha / size) + k).Pow(beta);
    }
}
