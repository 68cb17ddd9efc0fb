namespace Nabla.Autograd;

/// <summary>The outcome of a gradient check: whether it passed and, if not, where it failed.</summary>
/// <param name="Passed">True when every checked entry agreed within tolerance.</param>
/// <param name="MaxAbsError">Largest absolute difference between analytical and numerical entries.</param>
/// <param name="Message">Details of the first failure, or "ok".</param>
public sealed record GradCheckResult(bool Passed, double MaxAbsError, string Message);

/// <summary>
/// Compares autograd derivatives with central finite differences in float64, like <c>torch.autograd.gradcheck</c>
/// (reverse mode) and <c>gradcheck(check_forward_ad=True)</c> (forward mode).
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks the full Jacobian of <paramref name="f"/> computed by reverse mode (one backward pass per output
    /// element) against central differences, for every input that requires grad. Inputs must be float64 leaves;
    /// they may be non-contiguous views. An entry passes when |a − n| ≤ atol + rtol·|n|.
    /// </summary>
    public static GradCheckResult Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        Validate(inputs);
        var numerical = NumericalJacobians(f, inputs, eps);
        var y = f(inputs);
        int m = y.NumElements;
        if (!y.RequiresGrad)
            return Summarise(inputs, numerical, null, atol, rtol, m);
        var analytical = new double[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++) analytical[i] = new double[inputs[i].NumElements * m];
        for (int k = 0; k < m; k++)
        {
            foreach (var x in inputs) x.Grad = null;
            var seed = Tensor.Zeros(y.Dims, y.DType);
            seed.Buffer<double>()[k] = 1;
            y.Backward(seed, retainGraph: true);
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!inputs[i].RequiresGrad || inputs[i].Grad is null) continue;
                var g = inputs[i].Grad!.ToArray<double>();
                for (int j = 0; j < g.Length; j++) analytical[i][j * m + k] = g[j];
            }
        }
        foreach (var x in inputs) x.Grad = null;
        return Summarise(inputs, numerical, analytical, atol, rtol, m);
    }

    /// <summary>
    /// Checks forward mode: for a seeded random direction per input, the JVP of <paramref name="f"/> must equal the
    /// finite-difference directional derivative (f(x + εv) − f(x − εv)) / 2ε.
    /// </summary>
    public static GradCheckResult CheckForward(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, int seed = 0)
    {
        Validate(inputs);
        var gen = new Generator(seed);
        var dirs = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
            dirs[i] = inputs[i].RequiresGrad ? Tensor.Randn(inputs[i].Dims, DType.Float64, gen) : Tensor.Zeros(inputs[i].Dims, DType.Float64);
        Tensor jvp;
        using (GradMode.NoGrad()) jvp = ForwardAD.Jvp(f, inputs, dirs).Jvp;
        var plus = Shifted(f, inputs, dirs, eps);
        var minus = Shifted(f, inputs, dirs, -eps);
        var a = jvp.ToArray<double>();
        double maxErr = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double n = (plus[k] - minus[k]) / (2 * eps);
            double err = Math.Abs(a[k] - n);
            maxErr = Math.Max(maxErr, err);
            if (err > atol + rtol * Math.Abs(n))
                return new GradCheckResult(false, err, $"JVP mismatch at output element {k}: forward mode {a[k]:G10}, numerical {n:G10}.");
        }
        return new GradCheckResult(true, maxErr, "ok");
    }

    /// <summary>
    /// Central-difference gradient (f(x + h) − f(x − h)) / 2h of a scalar function with respect to each input,
    /// the numerical side of <see cref="Check"/>; inputs must be float64.
    /// </summary>
    public static Tensor[] NumericalGradient(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6)
    {
        Validate(inputs);
        var grads = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            var g = Tensor.Zeros(x.Dims, DType.Float64);
            var buf = x.Buffer<double>();
            var dst = g.Buffer<double>();
            using var _ = GradMode.NoGrad();
            for (int j = 0; j < x.NumElements; j++)
            {
                int off = StorageOffset(x, j);
                double orig = buf[off];
                buf[off] = orig + eps;
                double plus = f(inputs).Sum().Item();
                buf[off] = orig - eps;
                double minus = f(inputs).Sum().Item();
                buf[off] = orig;
                dst[j] = (plus - minus) / (2 * eps);
            }
            grads[i] = g;
        }
        return grads;
    }

    private static void Validate(Tensor[] inputs)
    {
        foreach (var x in inputs)
            if (x.DType != DType.Float64)
                throw new ArgumentException($"GradCheck: inputs must be float64 for accurate finite differences, got {x.DType}.");
    }

    private static double[] Shifted(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor[] dirs, double eps)
    {
        using var _ = GradMode.NoGrad();
        var shifted = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) shifted[i] = inputs[i] + dirs[i] * eps;
        return f(shifted).ToArray<double>();
    }

    /// <summary>Column-major-by-input Jacobians: entry [j * m + k] is ∂y_k/∂x_j.</summary>
    private static double[]?[] NumericalJacobians(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps)
    {
        using var _ = GradMode.NoGrad();
        var result = new double[]?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            if (!x.RequiresGrad) continue;
            var buf = x.Buffer<double>();
            int n = x.NumElements;
            double[]? jac = null;
            for (int j = 0; j < n; j++)
            {
                int off = StorageOffset(x, j);
                double orig = buf[off];
                buf[off] = orig + eps;
                var plus = f(inputs).ToArray<double>();
                buf[off] = orig - eps;
                var minus = f(inputs).ToArray<double>();
                buf[off] = orig;
                jac ??= new double[n * plus.Length];
                for (int k = 0; k < plus.Length; k++) jac[j * plus.Length + k] = (plus[k] - minus[k]) / (2 * eps);
            }
            result[i] = jac ?? [];
        }
        return result;
    }

    private static int StorageOffset(Tensor x, int flat)
    {
        int off = x.Offset;
        for (int d = x.Rank - 1; d >= 0; d--)
        {
            off += flat % x.Dims[d] * x.Strides[d];
            flat /= x.Dims[d];
        }
        return off;
    }

    private static GradCheckResult Summarise(Tensor[] inputs, double[]?[] numerical, double[][]? analytical, double atol, double rtol, int m)
    {
        double maxErr = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            var num = numerical[i];
            if (num is null) continue;
            for (int idx = 0; idx < num.Length; idx++)
            {
                double a = analytical?[i][idx] ?? 0, n = num[idx];
                double err = Math.Abs(a - n);
                maxErr = Math.Max(maxErr, err);
                if (err > atol + rtol * Math.Abs(n))
                    return new GradCheckResult(false, err,
                        $"Jacobian mismatch for input {i}, element {idx / Math.Max(m, 1)}, output {idx % Math.Max(m, 1)}: analytical {a:G10}, numerical {n:G10}.");
            }
        }
        return new GradCheckResult(true, maxErr, "ok");
    }
}
