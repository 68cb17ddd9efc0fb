using Nabla.Kernels;
using Xunit;

namespace Nabla.Tests.Kernels;

[Trait("Category", "Kernels")]
public class GemmBatchedTests
{
    [Theory]
    [InlineData(4, 9, 13, 11, false, true)]
    [InlineData(3, 70, 65, 80, true, false)]
    [InlineData(2, 150, 140, 130, false, false)]
    public void BroadcastAMatchesPerMatrixReference(int batch, int m, int n, int k, bool transA, bool transB)
    {
        var random = new Random(batch * 100 + m);
        int lda = transA ? m : k, ldb = transB ? k : n;
        long strideB = (long)(transB ? n : k) * ldb, strideC = (long)m * n;
        double[] a = Fill(random, (transA ? k : m) * lda), b = Fill(random, (int)(batch * strideB));
        double[] c = new double[batch * strideC], expected = new double[batch * strideC];
        Array.Fill(c, double.NaN);
        for (int i = 0; i < batch; i++)
            GemmReference.Dgemm(transA, transB, m, n, k, 1.5, a, lda, b.AsSpan((int)(i * strideB)), ldb, 0, expected.AsSpan((int)(i * strideC)), n);

        Gemm.DgemmBatched(transA, transB, batch, m, n, k, 1.5, a, lda, 0, b, ldb, strideB, 0, c, n, strideC);
        for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-9 * (k + 1));

        float[] cf = new float[c.Length];
        Array.Fill(cf, float.NaN);
        Gemm.SgemmBatched(transA, transB, batch, m, n, k, 1.5f, GemmTests.ToFloat(a), lda, 0, GemmTests.ToFloat(b), ldb, strideB, 0f, cf, n, strideC);
        for (int i = 0; i < cf.Length; i++) Assert.Equal(expected[i], cf[i], 2e-5 * (k + 1));
    }

    private static double[] Fill(Random random, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.NextDouble() * 2 - 1;
        return values;
    }
}
