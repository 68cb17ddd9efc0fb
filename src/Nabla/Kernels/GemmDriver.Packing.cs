using System.Runtime.CompilerServices;
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
                if (typeof(T) == typeof(float) && rows == MR && alpha == T.One && MR == 6)
                {
                    for (int p = 0; p < kc; p++, src += lda, d += MR)
                    {
                        Vector128.Store(Vector128.Load((float*)src), (float*)d);
                        *(long*)((float*)d + 4) = *(long*)((float*)src + 4);
                    }
                    continue;
                }
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
                int p = 0;
                if (typeof(T) == typeof(float) && Avx.IsSupported && MR == 6)
                    p = PackRows6((float*)s0, lda, kc, Unsafe.As<T, float>(ref alpha), (float*)d);
                d += p * MR;
                for (; p < kc; p++, d += MR)
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
                int j = 0;
                if (typeof(T) == typeof(float) && Avx.IsSupported)
                    for (; j + 8 <= cols; j += 8)
                        PackTransposed8((float*)b + (long)(j0 + jr + j) * ldb + p0, ldb, kc, (float*)d + j, nr);
                // op(B)(p, j) = b[j·ldb + p]: walk each stored row once, scattering with stride NR.
                for (; j < nr; j++)
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
    /// Packs depth steps of six rows <c>src + r·ld</c> (r &lt; 6), scaled by alpha, as <c>dst[p·6 + r]</c>, eight
    /// depth steps at a time through an 8×8 register transpose (two zero rows): each column is stored as eight
    /// floats whose last two the next column's store overwrites. The loop stops while at least one depth step is
    /// left, so that overhang always lands on slots the caller's scalar tail writes; returns the steps packed.
    /// </summary>
    private static int PackRows6(float* src, int ld, int kc, float alpha, float* dst)
    {
        float* s0 = src, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld;
        var scale = Vector256.Create(alpha);
        bool scaled = alpha != 1f;
        int p = 0;
        for (; p + 8 < kc; p += 8)
        {
            Vector256<float> r0 = Avx.LoadVector256(s0 + p), r1 = Avx.LoadVector256(s1 + p);
            Vector256<float> r2 = Avx.LoadVector256(s2 + p), r3 = Avx.LoadVector256(s3 + p);
            Vector256<float> r4 = Avx.LoadVector256(s4 + p), r5 = Avx.LoadVector256(s5 + p);
            if (scaled)
            {
                r0 *= scale; r1 *= scale; r2 *= scale;
                r3 *= scale; r4 *= scale; r5 *= scale;
            }
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, Vector256<float>.Zero, 0x44), u5 = Avx.Shuffle(t4, Vector256<float>.Zero, 0xEE);
            Vector256<float> u6 = Avx.Shuffle(t5, Vector256<float>.Zero, 0x44), u7 = Avx.Shuffle(t5, Vector256<float>.Zero, 0xEE);
            float* d = dst + p * 6;
            Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(d + 6, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(d + 12, Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(d + 18, Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(d + 24, Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(d + 30, Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(d + 36, Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(d + 42, Avx.Permute2x128(u3, u7, 0x31));
        }
        return p;
    }

    /// <summary>
    /// Writes <c>dst[p·stride + r] = src[r·ld + p]</c> for 8 rows r and depth p &lt; kc: 8×8 blocks transposed in
    /// registers, so each store is a whole row of the panel instead of eight scattered elements.
    /// </summary>
    internal static void PackTransposed8(float* src, int ld, int kc, float* dst, int stride)
    {
        float* s0 = src, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld, s6 = s5 + ld, s7 = s6 + ld;
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            Vector256<float> r0 = Avx.LoadVector256(s0 + p), r1 = Avx.LoadVector256(s1 + p);
            Vector256<float> r2 = Avx.LoadVector256(s2 + p), r3 = Avx.LoadVector256(s3 + p);
            Vector256<float> r4 = Avx.LoadVector256(s4 + p), r5 = Avx.LoadVector256(s5 + p);
            Vector256<float> r6 = Avx.LoadVector256(s6 + p), r7 = Avx.LoadVector256(s7 + p);
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
            float* d = dst + (long)p * stride;
            Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(d + stride, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(d + 2 * stride, Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(d + 3 * stride, Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(d + 4 * stride, Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(d + 5 * stride, Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(d + 6 * stride, Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(d + 7 * stride, Avx.Permute2x128(u3, u7, 0x31));
        }
        for (; p < kc; p++)
        {
            float* d = dst + (long)p * stride;
            d[0] = s0[p]; d[1] = s1[p]; d[2] = s2[p]; d[3] = s3[p];
            d[4] = s4[p]; d[5] = s5[p]; d[6] = s6[p]; d[7] = s7[p];
        }
    }
}
