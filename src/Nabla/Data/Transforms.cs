namespace Nabla.Data;

/// <summary>
/// Input transforms over batches (N, C, H, W), composable as plain functions and applied on the fly with
/// <see cref="TransformedDataset"/>. Random transforms draw from a seeded <see cref="Generator"/>, one draw per
/// example, so a fixed seed and batch order give the same augmentations on every run. Results carry no autograd
/// history (inputs are data).
/// </summary>
public static class Transforms
{
    /// <summary>Applies <paramref name="transforms"/> left to right.</summary>
    public static Func<Tensor, Tensor> Compose(params Func<Tensor, Tensor>[] transforms) => x =>
    {
        foreach (var t in transforms) x = t(x);
        return x;
    };

    /// <summary>Converts to float32 and divides by <paramref name="divisor"/> (255 turns byte values into [0, 1]).</summary>
    public static Func<Tensor, Tensor> ToFloat(double divisor = 255) => x => x.To(DType.Float32) / Tensor.Scalar(divisor);

    /// <summary>(x − mean[c]) / std[c] per channel (dimension 1), like torchvision's <c>Normalize</c>.</summary>
    public static Func<Tensor, Tensor> Normalize(double[] mean, double[] std)
    {
        if (mean.Length != std.Length || mean.Length == 0)
            throw new ArgumentException($"Normalize: mean has {mean.Length} values and std {std.Length}; they need one per channel.");
        foreach (double s in std)
            if (s == 0) throw new ArgumentException("Normalize: std contains 0.");
        var meanT = Tensor.FromArray((double[])mean.Clone());
        var stdT = Tensor.FromArray((double[])std.Clone());
        return x =>
        {
            CheckChannels(x, mean.Length, "Normalize");
            var shape = ChannelShape(x);
            return (x - meanT.To(x.DType).View(shape)) / stdT.To(x.DType).View(shape);
        };
    }

    /// <summary>Subtracts a per-channel mean (dimension 1), e.g. one computed by <see cref="ChannelMean"/>.</summary>
    public static Func<Tensor, Tensor> SubtractMean(double[] mean)
    {
        var meanT = Tensor.FromArray((double[])mean.Clone());
        return x =>
        {
            CheckChannels(x, mean.Length, "SubtractMean");
            return x - meanT.To(x.DType).View(ChannelShape(x));
        };
    }

    /// <summary>The mean of each input channel over a whole dataset (every example and position), in double precision.</summary>
    public static double[] ChannelMean(IDataset dataset, int batchSize = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        double[]? sums = null;
        long perChannel = 0;
        var indices = new int[batchSize];
        for (int start = 0; start < dataset.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, dataset.Count - start);
            for (int i = 0; i < n; i++) indices[i] = start + i;
            using var scope = TensorScope.Begin();
            var x = dataset.GetBatch(indices.AsSpan(0, n)).Inputs;
            if (x.Rank < 2) throw new ArgumentException($"ChannelMean: inputs {x.Shape} have no channel dimension.");
            var values = x.To(DType.Float64).Contiguous().ToArray<double>();
            int c = x.Dims[1], inner = x.NumElements / (n * c);
            sums ??= new double[c];
            for (int k = 0; k < values.Length; k++) sums[k / inner % c] += values[k];
            perChannel += (long)n * inner;
        }
        if (sums is null) throw new ArgumentException("ChannelMean: the dataset is empty.");
        for (int k = 0; k < sums.Length; k++) sums[k] /= perChannel;
        return sums;
    }

    /// <summary>
    /// Pads each image by <paramref name="padding"/> zeros on every side, then crops a random
    /// <paramref name="size"/>×<paramref name="size"/> window, like torchvision's <c>RandomCrop(size, padding)</c>.
    /// Input (N, C, H, W), output (N, C, size, size).
    /// </summary>
    public static Func<Tensor, Tensor> RandomCrop(int size, int padding = 0, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        return x =>
        {
            CheckImages(x, "RandomCrop");
            int h = x.Dims[2], w = x.Dims[3];
            if (h + 2 * padding < size || w + 2 * padding < size)
                throw new ArgumentException($"RandomCrop: crop size {size} is larger than the padded image {h + 2 * padding}×{w + 2 * padding} of input {x.Shape}.");
            var g = generator ?? Generator.Default;
            int n = x.Dims[0];
            var offsets = new (int Top, int Left)[n];
            lock (g)
                for (int i = 0; i < n; i++)
                    offsets[i] = ((int)g.NextInt64(0, h + 2 * padding - size + 1) - padding, (int)g.NextInt64(0, w + 2 * padding - size + 1) - padding);
            var dense = x.Contiguous();
            var y = Tensor.Zeros([n, x.Dims[1], size, size], x.DType);
            switch (x.DType)
            {
                case DType.Float32: Crop(dense.Buffer<float>(), y.Buffer<float>(), x.Dims, size, offsets); break;
                case DType.Float64: Crop(dense.Buffer<double>(), y.Buffer<double>(), x.Dims, size, offsets); break;
                case DType.Int32: Crop(dense.Buffer<int>(), y.Buffer<int>(), x.Dims, size, offsets); break;
                case DType.Int64: Crop(dense.Buffer<long>(), y.Buffer<long>(), x.Dims, size, offsets); break;
                default: Crop(dense.Buffer<bool>(), y.Buffer<bool>(), x.Dims, size, offsets); break;
            }
            return y;
        };
    }

    private static void Crop<T>(T[] src, T[] dst, int[] dims, int size, (int Top, int Left)[] offsets)
    {
        int c = dims[1], h = dims[2], w = dims[3];
        for (int i = 0; i < dims[0]; i++)
        {
            var (top, left) = offsets[i];
            int x0 = Math.Max(0, -left), x1 = Math.Min(size, w - left);
            for (int ch = 0; ch < c; ch++)
                for (int r = 0; r < size; r++)
                {
                    int sr = top + r;
                    if (sr < 0 || sr >= h || x1 <= x0) continue;
                    Array.Copy(src, ((i * c + ch) * h + sr) * w + left + x0, dst, ((i * c + ch) * size + r) * size + x0, x1 - x0);
                }
        }
    }

    /// <summary>Mirrors each image left–right with probability <paramref name="p"/>, like torchvision's <c>RandomHorizontalFlip</c>.</summary>
    public static Func<Tensor, Tensor> RandomHorizontalFlip(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"RandomHorizontalFlip: p {p} is not in [0, 1].");
        return x =>
        {
            CheckImages(x, "RandomHorizontalFlip");
            var g = generator ?? Generator.Default;
            var flip = new bool[x.Dims[0]];
            lock (g)
                for (int i = 0; i < flip.Length; i++) flip[i] = g.NextDouble() < p;
            var y = x.Detach().Contiguous().Clone();
            switch (x.DType)
            {
                case DType.Float32: Flip(y.Buffer<float>(), x.Dims, flip); break;
                case DType.Float64: Flip(y.Buffer<double>(), x.Dims, flip); break;
                case DType.Int32: Flip(y.Buffer<int>(), x.Dims, flip); break;
                case DType.Int64: Flip(y.Buffer<long>(), x.Dims, flip); break;
                default: Flip(y.Buffer<bool>(), x.Dims, flip); break;
            }
            return y;
        };
    }

    private static void Flip<T>(T[] data, int[] dims, bool[] flip)
    {
        int rows = dims[1] * dims[2], w = dims[3];
        for (int i = 0; i < dims[0]; i++)
            if (flip[i])
                for (int r = 0; r < rows; r++) data.AsSpan((i * rows + r) * w, w).Reverse();
    }

    private static int[] ChannelShape(Tensor x)
    {
        var shape = new int[x.Rank];
        Array.Fill(shape, 1);
        shape[1] = x.Dims[1];
        return shape;
    }

    private static void CheckChannels(Tensor x, int channels, string op)
    {
        if (x.Rank < 2 || x.Dims[1] != channels)
            throw new ArgumentException($"{op}: input {x.Shape} should be (N, {channels}, ...) for {channels} channel statistics.");
    }

    private static void CheckImages(Tensor x, string op)
    {
        if (x.Rank != 4) throw new ArgumentException($"{op}: input {x.Shape} should be a batch of images (N, C, H, W).");
    }
}
