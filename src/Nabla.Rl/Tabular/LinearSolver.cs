namespace Nabla.Rl.Tabular;

/// <summary>Dense linear systems by Gaussian elimination with partial pivoting (an LU factorisation done in place).</summary>
public static class LinearSolver
{
    /// <summary>
    /// Solves <c>A x = b</c> for square <paramref name="a"/> (n, n) and <paramref name="b"/> (n); neither input is
    /// modified. Throws when A is singular to working precision.
    /// </summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException($"LinearSolver.Solve: matrix is [{n}, {a.GetLength(1)}], not square.");
        if (b.Length != n) throw new ArgumentException($"LinearSolver.Solve: right-hand side has {b.Length} entries for a [{n}, {n}] matrix.");
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        double scale = 0;
        foreach (double v in m) scale = Math.Max(scale, Math.Abs(v));
        double tiny = Math.Max(scale, 1) * n * 1e-14;
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++)
                if (Math.Abs(m[i, k]) > Math.Abs(m[pivot, k])) pivot = i;
            if (Math.Abs(m[pivot, k]) <= tiny)
                throw new ArgumentException($"LinearSolver.Solve: the [{n}, {n}] matrix is singular (no pivot in column {k}).");
            if (pivot != k)
            {
                for (int j = 0; j < n; j++) (m[k, j], m[pivot, j]) = (m[pivot, j], m[k, j]);
                (x[k], x[pivot]) = (x[pivot], x[k]);
            }
            double inv = 1.0 / m[k, k];
            for (int i = k + 1; i < n; i++)
            {
                double f = m[i, k] * inv;
                if (f == 0) continue;
                for (int j = k + 1; j < n; j++) m[i, j] -= f * m[k, j];
                x[i] -= f * x[k];
            }
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int j = i + 1; j < n; j++) s -= m[i, j] * x[j];
            x[i] = s / m[i, i];
        }
        return x;
    }
}
