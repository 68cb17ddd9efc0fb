using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

internal static unsafe partial class GemmDriver<T>
{
    /// <summary>
    /// Packs rows <c>[i0, i0+mc)</c>, depth <c>[p0, p0+kc)</c> of op(A), scaled by alpha, into MR-row slivers
    /// laid out depth-major (<c>dst[p·MR + r]</c>), zero-padding the last sliver.
    /// </summary>
    private static void PackA(bool transA, T* a, int lda, int i0, int mc, int p0, int kc, T alpha, T* dst)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            T* d = dst + (long)ir * kc;
            if (transA)
            {
                // op(A)(i, p) = a[p·lda + i]: each depth step reads MR contiguous elements.
                T* src = a + (long)p0 * lda + i0 + ir;
                for (int p = 0; p < kc; p++, src += lda, d += MR)
                {
                    int r = 0;
                    for (; r < rows; r++) d[r] = alpha * src[r];
                    for (; r < MR; r++) d[r] = T.Zero;
                }
            }
            else if (rows == MR)
            {
                T* s0 = a + (long)(i0 + ir) * lda + p0;
                T* s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
                for (int p = 0; p < kc; p++, d += MR)
                {
                    d[0] = alpha * s0[p];
                    d[1] = alpha * s1[p];
                    d[2] = alpha * s2[p];
                    d[3] = alpha * s3[p];
                    d[4] = alpha * s4[p];
                    d[5] = alpha * s5[p];
                }
            }
            else
            {
                for (int r = 0; r < MR; r++)
                {
                    T* src = a + (long)(i0 + ir + r) * lda + p0;
                    if (r < rows)
                        for (int p = 0; p < kc; p++) d[p * MR + r] = alpha * src[p];
                    else
                        for (int p = 0; p < kc; p++) d[p * MR + r] = T.Zero;
                }
            }
        }
    }

    /// <summary>
    /// Packs depth <c>[p0, p0+kc)</c>, columns <c>[j0, j0+nc)</c> of op(B) into NR-column panels laid out
    /// depth-major (<c>dst[p·NR + j]</c>), zero-padding the last panel.
    /// </summary>
    private static void PackB(bool transB, T* b, int ldb, int p0, int kc, int j0, int nc, T* dst)
    {
        int nr = NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* d = dst + (long)jr * kc;
            if (transB)
            {
                // op(B)(p, j) = b[j·ldb + p]: walk each stored row once, scattering with stride NR.
                for (int j = 0; j < nr; j++)
                {
                    if (j < cols)
                    {
                        T* src = b + (long)(j0 + jr + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) d[p * nr + j] = src[p];
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++) d[p * nr + j] = T.Zero;
                    }
                }
            }
            else if (cols == nr && Vector256.IsHardwareAccelerated)
            {
                T* src = b + (long)p0 * ldb + j0 + jr;
                int width = Vector256<T>.Count;
                for (int p = 0; p < kc; p++, src += ldb, d += nr)
                    for (int j = 0; j < nr; j += width)
                        Vector256.Load(src + j).StoreAligned(d + j);
            }
            else
            {
                T* src = b + (long)p0 * ldb + j0 + jr;
                for (int p = 0; p < kc; p++, src += ldb, d += nr)
                {
                    int j = 0;
                    for (; j < cols; j++) d[j] = src[j];
                    for (; j < nr; j++) d[j] = T.Zero;
                }
            }
        }
    }
}
