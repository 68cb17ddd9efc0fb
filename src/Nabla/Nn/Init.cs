using Nabla.Autograd;

namespace Nabla.Nn;

/// <summary>
/// Weight initialisers that fill a tensor in place, like <c>torch.nn.init</c> (same names, fan conventions and
/// gains). Each returns the tensor it filled; pass a <see cref="Generator"/> for a private random stream.
/// </summary>
public static class Init
{
    /// <summary>U(a, b).</summary>
    public static Tensor Uniform_(Tensor t, double a = 0, double b = 1, Generator? generator = null) =>
        Fill(t, Tensor.Rand(t.Dims, DType.Float64, generator) * (b - a) + a);

    /// <summary>N(mean, std²).</summary>
    public static Tensor Normal_(Tensor t, double mean = 0, double std = 1, Generator? generator = null) =>
        Fill(t, Tensor.Randn(t.Dims, DType.Float64, generator) * std + mean);

    /// <summary>Every element set to <paramref name="value"/>.</summary>
    public static Tensor Constant_(Tensor t, double value) => Fill(t, Tensor.Scalar(value, DType.Float64));

    /// <summary>Zeros.</summary>
    public static Tensor Zeros_(Tensor t) => Constant_(t, 0);

    /// <summary>Ones.</summary>
    public static Tensor Ones_(Tensor t) => Constant_(t, 1);

    /// <summary>
    /// The recommended gain for a nonlinearity (PyTorch's <c>calculate_gain</c>): linear/conv/sigmoid 1, tanh 5/3,
    /// relu √2, leaky_relu √(2/(1+slope²)), selu 3/4.
    /// </summary>
    public static double CalculateGain(string nonlinearity, double param = 0.01) => nonlinearity switch
    {
        "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose2d" or "sigmoid" => 1,
        "tanh" => 5.0 / 3,
        "relu" => Math.Sqrt(2),
        "leaky_relu" => Math.Sqrt(2 / (1 + param * param)),
        "selu" => 0.75,
        _ => throw new ArgumentException($"CalculateGain: unsupported nonlinearity '{nonlinearity}'."),
    };

    /// <summary>
    /// (fan_in, fan_out) of a weight: for (out, in, k...) it is (in·∏k, out·∏k), as in PyTorch; at least 2-D.
    /// </summary>
    public static (int FanIn, int FanOut) Fans(Tensor t)
    {
        if (t.Rank < 2)
            throw new ArgumentException($"Fans: fan in and fan out need a tensor with at least 2 dimensions, got shape {t.Shape}.");
        int receptive = 1;
        for (int i = 2; i < t.Rank; i++) receptive *= t.Dims[i];
        return (t.Dims[1] * receptive, t.Dims[0] * receptive);
    }

    /// <summary>Glorot uniform: U(−b, b) with b = gain·√(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform_(Tensor t, double gain = 1, Generator? generator = null)
    {
        var (fi, fo) = Fans(t);
        double b = gain * Math.Sqrt(6.0 / (fi + fo));
        return Uniform_(t, -b, b, generator);
    }

    /// <summary>Glorot normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal_(Tensor t, double gain = 1, Generator? generator = null)
    {
        var (fi, fo) = Fans(t);
        return Normal_(t, 0, gain * Math.Sqrt(2.0 / (fi + fo)), generator);
    }

    /// <summary>He uniform: U(−b, b) with b = gain·√(3 / fan), gain from <paramref name="nonlinearity"/> and <paramref name="a"/>.</summary>
    public static Tensor KaimingUniform_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator? generator = null)
    {
        double std = KaimingStd(t, a, mode, nonlinearity);
        double b = Math.Sqrt(3.0) * std;
        return Uniform_(t, -b, b, generator);
    }

    /// <summary>He normal: N(0, σ²) with σ = gain / √fan.</summary>
    public static Tensor KaimingNormal_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator? generator = null) =>
        Normal_(t, 0, KaimingStd(t, a, mode, nonlinearity), generator);

    private static double KaimingStd(Tensor t, double a, string mode, string nonlinearity)
    {
        var (fi, fo) = Fans(t);
        int fan = mode switch
        {
            "fan_in" => fi,
            "fan_out" => fo,
            _ => throw new ArgumentException($"Kaiming: mode must be 'fan_in' or 'fan_out', got '{mode}'."),
        };
        return CalculateGain(nonlinearity, a) / Math.Sqrt(fan);
    }

    /// <summary>
    /// A (semi-)orthogonal matrix scaled by <paramref name="gain"/> (Saxe et al.): the Q factor of a Gaussian matrix
    /// with the signs of R's diagonal folded in, as PyTorch does; tensors of rank above 2 are flattened after dim 0.
    /// </summary>
    public static Tensor Orthogonal_(Tensor t, double gain = 1, Generator? generator = null)
    {
        if (t.Rank < 2)
            throw new ArgumentException($"Orthogonal_: only tensors with 2 or more dimensions are supported, got shape {t.Shape}.");
        int rows = t.Dims[0], cols = t.NumElements / Math.Max(rows, 1);
        bool transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols;
        var a = Tensor.Randn([m * n], DType.Float64, generator).ToArray<double>();
        var q = ThinQ(a, m, n);
        var flat = new double[rows * cols];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                flat[transpose ? j * cols + i : i * cols + j] = gain * q[i * n + j];
        return Fill(t, Tensor.FromArray(flat, t.Dims));
    }

    /// <summary>Thin Q (m×n, m ≥ n) of a row-major matrix by modified Gram–Schmidt, with columns signed so R's diagonal is positive.</summary>
    private static double[] ThinQ(double[] a, int m, int n)
    {
        var q = (double[])a.Clone();
        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[i * n + k] * q[i * n + j];
                for (int i = 0; i < m; i++) q[i * n + j] -= dot * q[i * n + k];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[i * n + j] * q[i * n + j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++) q[i * n + j] /= norm;
        }
        return q;
    }

    private static Tensor Fill(Tensor t, Tensor values)
    {
        using (GradMode.NoGrad()) t.CopyFrom_(values);
        return t;
    }
}
