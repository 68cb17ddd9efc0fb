using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

// AVX-512 variants: same 6-row shape and 12 accumulators, but 512-bit registers double the tile width,
// which doubles throughput on cores with full-width 512-bit FMA units.
internal static unsafe partial class GemmMicroKernels
{
    /// <summary>6×32 float tile (AVX-512): <c>C = beta·C + A·B</c>, A packed 6 per depth step, B packed 32 per depth step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Float6x32Avx512(int kc, float* a, float* b, float* c, nint ldc, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        PrefetchTile(c, ldc * sizeof(float), 128);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 32;
        }
        var vb = Vector512.Create(beta);
        int mode = beta == 0f ? 0 : beta == 1f ? 1 : 2;
        Put(c, c00, vb, mode); Put(c + 16, c01, vb, mode); c += ldc;
        Put(c, c10, vb, mode); Put(c + 16, c11, vb, mode); c += ldc;
        Put(c, c20, vb, mode); Put(c + 16, c21, vb, mode); c += ldc;
        Put(c, c30, vb, mode); Put(c + 16, c31, vb, mode); c += ldc;
        Put(c, c40, vb, mode); Put(c + 16, c41, vb, mode); c += ldc;
        Put(c, c50, vb, mode); Put(c + 16, c51, vb, mode);
    }

    /// <summary>6×16 double tile (AVX-512): <c>C = beta·C + A·B</c>, A packed 6 per depth step, B packed 16 per depth step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Double6x16Avx512(int kc, double* a, double* b, double* c, nint ldc, double beta)
    {
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        PrefetchTile(c, ldc * sizeof(double), 128);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 8);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }
        var vb = Vector512.Create(beta);
        int mode = beta == 0d ? 0 : beta == 1d ? 1 : 2;
        Put(c, c00, vb, mode); Put(c + 8, c01, vb, mode); c += ldc;
        Put(c, c10, vb, mode); Put(c + 8, c11, vb, mode); c += ldc;
        Put(c, c20, vb, mode); Put(c + 8, c21, vb, mode); c += ldc;
        Put(c, c30, vb, mode); Put(c + 8, c31, vb, mode); c += ldc;
        Put(c, c40, vb, mode); Put(c + 8, c41, vb, mode); c += ldc;
        Put(c, c50, vb, mode); Put(c + 8, c51, vb, mode);
    }

    /// <summary>Writes one 512-bit accumulator: mode 0 overwrites (C never read), 1 adds, 2 adds beta·C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T>(T* dst, Vector512<T> acc, Vector512<T> beta, int mode) where T : unmanaged
    {
        if (mode == 0) acc.Store(dst);
        else if (mode == 1) (Vector512.Load(dst) + acc).Store(dst);
        else (beta * Vector512.Load(dst) + acc).Store(dst);
    }
}
