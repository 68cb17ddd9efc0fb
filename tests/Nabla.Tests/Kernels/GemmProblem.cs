using Nabla.Kernels;
using Xunit;

namespace Nabla.Tests.Kernels;

/// <summary>Random operands for one GEMM test, with padded strides, and the error check against a reference result.</summary>
internal sealed class GemmProblem
{
    public required int M { get; init; }
    public required int N { get; init; }
    public required int K { get; init; }
    public required bool TransA { get; init; }
    public required bool TransB { get; init; }
    public required int Lda { get; init; }
    public required int Ldb { get; init; }
    public required int Ldc { get; init; }
    public required double[] A { get; init; }
    public required double[] B { get; init; }
    public required double[] C { get; init; }

    /// <summary>Builds operands; with beta = 0 C starts as NaN garbage, which the product must overwrite.</summary>
    public static GemmProblem Create(int m, int n, int k, bool transA, bool transB, double beta, int pad, int seed)
    {
        var random = new Random(seed);
        int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
        var c = Fill(random, (m - 1) * ldc + n + pad);
        if (beta == 0) Array.Fill(c, double.NaN);
        return new GemmProblem
        {
            M = m, N = n, K = k, TransA = transA, TransB = transB, Lda = lda, Ldb = ldb, Ldc = ldc,
            A = Fill(random, ((transA ? k : m) - 1) * lda + (transA ? m : k)),
            B = Fill(random, ((transB ? n : k) - 1) * ldb + (transB ? k : n)),
            C = c,
        };
    }

    /// <summary>
    /// Checks every element of C against the reference within <c>(K + 2)·unit</c> times the sum of |a||b| (plus |beta·c|),
    /// and that padding between rows of C still equals <paramref name="original"/>.
    /// </summary>
    public void AssertClose(double[] original, double[] expected, double[] actual, double alpha, double beta, double unit)
    {
        double[] absA = Array.ConvertAll(A, Math.Abs), absB = Array.ConvertAll(B, Math.Abs);
        double[] bound = Array.ConvertAll(C, x => double.IsNaN(x) ? 0 : Math.Abs(x));
        GemmReference.Dgemm(TransA, TransB, M, N, K, Math.Abs(alpha), absA, Lda, absB, Ldb, Math.Abs(beta), bound, Ldc);
        double tolerance = (K + 2) * unit;
        for (int i = 0; i < actual.Length; i++)
        {
            int row = i / Ldc, col = i % Ldc;
            if (row < M && col < N)
            {
                double error = Math.Abs(actual[i] - expected[i]);
                Assert.True(error <= tolerance * bound[i] + 1e-300,
                    $"C[{row},{col}] = {actual[i]}, expected {expected[i]} (error {error}, bound {tolerance * bound[i]})");
            }
            else
            {
                Assert.True(BitConverter.DoubleToInt64Bits(actual[i]) == BitConverter.DoubleToInt64Bits(original[i]) || (double.IsNaN(actual[i]) && double.IsNaN(original[i])),
                    $"padding C[{row},{col}] was modified");
            }
        }
    }

    private static double[] Fill(Random random, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.NextDouble() * 2 - 1;
        return values;
    }
}
