using Nabla.Kernels;
using Xunit;

namespace Nabla.Tests.Kernels;

[Trait("Category", "Kernels")]
public class GemmTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (2, 7, 17), (7, 1, 33), (17, 33, 2), (33, 65, 7), (65, 17, 130), (130, 257, 33),
        (257, 130, 65), (1, 257, 130), (257, 1, 130), (65, 65, 257), (130, 33, 300), (1000, 40, 270), (7, 4100, 20), (64, 128, 3), (128, 3, 64),
    ];

    private static readonly (double Alpha, double Beta)[] Scales = [(1, 0), (0.5, 1), (-1.5, 0.25), (0, 2), (2, 0)];

    public static TheoryData<int, int, int, bool, bool, int> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool, int>();
        foreach (var (m, n, k) in Shapes)
            for (int t = 0; t < 4; t++)
                foreach (int threads in new[] { 1, 2 })
                    data.Add(m, n, k, (t & 1) != 0, (t & 2) != 0, threads);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SgemmMatchesReference(int m, int n, int k, bool transA, bool transB, int threads)
    {
        var (alpha, beta, pad) = Variant(m, n, k, transA, transB);
        var p = GemmProblem.Create(m, n, k, transA, transB, beta, pad, seed: m * 31 + n * 7 + k);
        float[] a = ToFloat(p.A), b = ToFloat(p.B), c = ToFloat(p.C), expected = ToFloat(p.C);
        GemmReference.Sgemm(transA, transB, m, n, k, (float)alpha, a, p.Lda, b, p.Ldb, (float)beta, expected, p.Ldc);
        RunDriver(transA, transB, m, n, k, (float)alpha, a, p.Lda, b, p.Ldb, (float)beta, c, p.Ldc, threads);
        p.AssertClose(Array.ConvertAll(ToFloat(p.C), x => (double)x), Array.ConvertAll(expected, x => (double)x), Array.ConvertAll(c, x => (double)x), alpha, beta, 2e-7);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DgemmMatchesReference(int m, int n, int k, bool transA, bool transB, int threads)
    {
        var (alpha, beta, pad) = Variant(m, n, k, transA, transB);
        var p = GemmProblem.Create(m, n, k, transA, transB, beta, pad, seed: m * 17 + n * 3 + k);
        double[] c = (double[])p.C.Clone(), expected = (double[])p.C.Clone();
        GemmReference.Dgemm(transA, transB, m, n, k, alpha, p.A, p.Lda, p.B, p.Ldb, beta, expected, p.Ldc);
        RunDriver(transA, transB, m, n, k, alpha, p.A, p.Lda, p.B, p.Ldb, beta, c, p.Ldc, threads);
        p.AssertClose(p.C, expected, c, alpha, beta, 4e-16);
    }

    [Fact]
    public void PublicEntryPointsMatchReference()
    {
        var p = GemmProblem.Create(70, 50, 90, true, false, 0, 3, seed: 5);
        float[] a = ToFloat(p.A), b = ToFloat(p.B), c = ToFloat(p.C), expected = ToFloat(p.C);
        GemmReference.Sgemm(true, false, 70, 50, 90, 1f, a, p.Lda, b, p.Ldb, 0f, expected, p.Ldc);
        Gemm.Sgemm(true, false, 70, 50, 90, 1f, a, p.Lda, b, p.Ldb, 0f, c, p.Ldc);
        p.AssertClose(Array.ConvertAll(ToFloat(p.C), x => (double)x), Array.ConvertAll(expected, x => (double)x), Array.ConvertAll(c, x => (double)x), 1, 0, 2e-7);

        double[] cd = (double[])p.C.Clone(), expectedD = (double[])p.C.Clone();
        GemmReference.Dgemm(true, false, 70, 50, 90, 1, p.A, p.Lda, p.B, p.Ldb, 0, expectedD, p.Ldc);
        Gemm.Dgemm(true, false, 70, 50, 90, 1, p.A, p.Lda, p.B, p.Ldb, 0, cd, p.Ldc);
        p.AssertClose(p.C, expectedD, cd, 1, 0, 4e-16);
    }

    [Fact]
    public void RejectsShortSpansAndSmallStrides()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c.AsSpan(0, 3), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1, a, 2, b, 2, 0, c, 2));
    }

    private static (double Alpha, double Beta, int Pad) Variant(int m, int n, int k, bool transA, bool transB)
    {
        int index = m + 3 * n + 5 * k + (transA ? 1 : 0) + (transB ? 2 : 0);
        var (alpha, beta) = Scales[index % Scales.Length];
        return (alpha, beta, index % 3 == 0 ? 0 : 5);
    }

    internal static float[] ToFloat(double[] values) => Array.ConvertAll(values, x => (float)x);

    private static unsafe void RunDriver(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda,
        float[] b, int ldb, float beta, float[] c, int ldc, int threads)
    {
        fixed (float* pa = a, pb = b, pc = c)
            GemmDriver<float>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads);
    }

    private static unsafe void RunDriver(bool transA, bool transB, int m, int n, int k, double alpha, double[] a, int lda,
        double[] b, int ldb, double beta, double[] c, int ldc, int threads)
    {
        fixed (double* pa = a, pb = b, pc = c)
            GemmDriver<double>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads);
    }
}
