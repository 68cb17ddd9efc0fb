using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>
/// AVX2/FMA register-blocked micro-kernels. Each keeps a 6-row tile of C in 12 ymm accumulators and, per depth
/// step, loads two B vectors and broadcasts six A scalars, so 12 FMAs hide the 2×4-cycle FMA latency.
/// </summary>
internal static unsafe partial class GemmMicroKernels
{
    /// <summary>6×16 float tile: <c>C = beta·C + A·B</c>, A packed 6 per depth step, B packed 16 per depth step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Float6x16(int kc, float* a, float* b, float* c, nint ldc, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        PrefetchTile(c, ldc * sizeof(float), 64);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }
        var vb = Vector256.Create(beta);
        int mode = beta == 0f ? 0 : beta == 1f ? 1 : 2;
        Put(c, c00, vb, mode); Put(c + 8, c01, vb, mode); c += ldc;
        Put(c, c10, vb, mode); Put(c + 8, c11, vb, mode); c += ldc;
        Put(c, c20, vb, mode); Put(c + 8, c21, vb, mode); c += ldc;
        Put(c, c30, vb, mode); Put(c + 8, c31, vb, mode); c += ldc;
        Put(c, c40, vb, mode); Put(c + 8, c41, vb, mode); c += ldc;
        Put(c, c50, vb, mode); Put(c + 8, c51, vb, mode);
    }

    /// <summary>6×8 double tile: <c>C = beta·C + A·B</c>, A packed 6 per depth step, B packed 8 per depth step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Double6x8(int kc, double* a, double* b, double* c, nint ldc, double beta)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        PrefetchTile(c, ldc * sizeof(double), 64);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 4);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 8;
        }
        var vb = Vector256.Create(beta);
        int mode = beta == 0d ? 0 : beta == 1d ? 1 : 2;
        Put(c, c00, vb, mode); Put(c + 4, c01, vb, mode); c += ldc;
        Put(c, c10, vb, mode); Put(c + 4, c11, vb, mode); c += ldc;
        Put(c, c20, vb, mode); Put(c + 4, c21, vb, mode); c += ldc;
        Put(c, c30, vb, mode); Put(c + 4, c31, vb, mode); c += ldc;
        Put(c, c40, vb, mode); Put(c + 4, c41, vb, mode); c += ldc;
        Put(c, c50, vb, mode); Put(c + 4, c51, vb, mode);
    }

    /// <summary>
    /// Starts fetching the tile's six rows of C so the misses overlap the depth loop instead of stalling the
    /// final read-modify-write; C outgrows the caches long before the packed A and B blocks do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile(void* c, nint rowBytes, int tileBytes)
    {
        byte* row = (byte*)c;
        for (int r = 0; r < 6; r++, row += rowBytes)
        {
            for (int offset = 0; offset < tileBytes; offset += 64) Sse.Prefetch0(row + offset);
            Sse.Prefetch0(row + tileBytes - 1);
        }
    }

    /// <summary>Writes one accumulator: mode 0 overwrites (C never read), 1 adds, 2 adds beta·C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T>(T* dst, Vector256<T> acc, Vector256<T> beta, int mode) where T : unmanaged
    {
        if (mode == 0) acc.Store(dst);
        else if (mode == 1) (Vector256.Load(dst) + acc).Store(dst);
        else (beta * Vector256.Load(dst) + acc).Store(dst);
    }
}
