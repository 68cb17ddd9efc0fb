using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
            if (transB && cols == nr && typeof(T) == typeof(float) && Avx.IsSupported)
            {
                PackTransposedPanel((float*)(b + (long)(j0 + jr) * ldb + p0), ldb, kc, nr, (float*)d);
            }
            else if (transB)
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

    /// <summary>
    /// Packs a full panel of transposed float B (nr stored rows of kc elements at <paramref name="src"/>) as
    /// <c>dst[p·nr + j] = src[j·ldb + p]</c> by 8×8 register transposes; the scalar scatter costs about a cycle an
    /// element and dominated products such as a convolution's weight gradient.
    /// </summary>
    private static void PackTransposedPanel(float* src, int ldb, int kc, int nr, float* dst)
    {
        for (int j = 0; j < nr; j += 8)
        {
            float* s = src + (long)j * ldb;
            int p = 0;
            for (; p <= kc - 8; p += 8)
            {
                var r0 = Avx.LoadVector256(s + p);
                var r1 = Avx.LoadVector256(s + ldb + p);
                var r2 = Avx.LoadVector256(s + 2L * ldb + p);
                var r3 = Avx.LoadVector256(s + 3L * ldb + p);
                var r4 = Avx.LoadVector256(s + 4L * ldb + p);
                var r5 = Avx.LoadVector256(s + 5L * ldb + p);
                var r6 = Avx.LoadVector256(s + 6L * ldb + p);
                var r7 = Avx.LoadVector256(s + 7L * ldb + p);
                var t0 = Avx.UnpackLow(r0, r1);
                var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3);
                var t3 = Avx.UnpackHigh(r2, r3);
                var t4 = Avx.UnpackLow(r4, r5);
                var t5 = Avx.UnpackHigh(r4, r5);
                var t6 = Avx.UnpackLow(r6, r7);
                var t7 = Avx.UnpackHigh(r6, r7);
                var u0 = Avx.Shuffle(t0, t2, 0x44);
                var u1 = Avx.Shuffle(t0, t2, 0xEE);
                var u2 = Avx.Shuffle(t1, t3, 0x44);
                var u3 = Avx.Shuffle(t1, t3, 0xEE);
                var u4 = Avx.Shuffle(t4, t6, 0x44);
                var u5 = Avx.Shuffle(t4, t6, 0xEE);
                var u6 = Avx.Shuffle(t5, t7, 0x44);
                var u7 = Avx.Shuffle(t5, t7, 0xEE);
                float* d = dst + (long)p * nr + j;
                Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
                Avx.Store(d + nr, Avx.Permute2x128(u1, u5, 0x20));
                Avx.Store(d + 2 * nr, Avx.Permute2x128(u2, u6, 0x20));
                Avx.Store(d + 3 * nr, Avx.Permute2x128(u3, u7, 0x20));
                Avx.Store(d + 4 * nr, Avx.Permute2x128(u0, u4, 0x31));
                Avx.Store(d + 5 * nr, Avx.Permute2x128(u1, u5, 0x31));
                Avx.Store(d + 6 * nr, Avx.Permute2x128(u2, u6, 0x31));
                Avx.Store(d + 7 * nr, Avx.Permute2x128(u3, u7, 0x31));
            }
            for (; p < kc; p++)
                for (int r = 0; r < 8; r++) dst[(long)p * nr + j + r] = s[(long)r * ldb + p];
        }
    }
}
