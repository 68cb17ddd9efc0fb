using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

internal static unsafe partial class GemmDriver<T>
{
    private static bool UseFma => Fma.IsSupported && Avx2.IsSupported;

    private static bool UseAvx512 => Avx512F.IsSupported;

    /// <summary>
    /// <c>C[MR×NR] = beta·C + Apanel·Bpanel</c> over depth <paramref name="kc"/>; with beta = 0 C is only written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel(int kc, T* a, T* b, T* c, int ldc, T beta)
    {
        if (UseAvx512 && typeof(T) == typeof(float))
            GemmMicroKernels.Float6x32Avx512(kc, (float*)a, (float*)b, (float*)c, ldc, Unsafe.As<T, float>(ref beta));
        else if (UseAvx512 && typeof(T) == typeof(double))
            GemmMicroKernels.Double6x16Avx512(kc, (double*)a, (double*)b, (double*)c, ldc, Unsafe.As<T, double>(ref beta));
        else if (UseFma && typeof(T) == typeof(float))
            GemmMicroKernels.Float6x16(kc, (float*)a, (float*)b, (float*)c, ldc, Unsafe.As<T, float>(ref beta));
        else if (UseFma && typeof(T) == typeof(double))
            GemmMicroKernels.Double6x8(kc, (double*)a, (double*)b, (double*)c, ldc, Unsafe.As<T, double>(ref beta));
        else
            Portable(kc, a, b, c, ldc, beta);
    }

    /// <summary>The same tile computed with <see cref="Vector{T}"/> accumulators in a stack buffer, for CPUs without FMA.</summary>
    private static void Portable(int kc, T* a, T* b, T* c, int ldc, T beta)
    {
        int nr = NR;
        T* acc = stackalloc T[MaxTileBytes / sizeof(T)];
        new Span<T>(acc, MR * nr).Clear();
        int width = Vector<T>.Count;
        bool vectorised = Vector.IsHardwareAccelerated && nr % width == 0;
        for (int p = 0; p < kc; p++, a += MR, b += nr)
        {
            for (int r = 0; r < MR; r++)
            {
                T ar = a[r];
                T* row = acc + r * nr;
                if (vectorised)
                {
                    var av = new Vector<T>(ar);
                    for (int j = 0; j < nr; j += width)
                        Vector.Store(Vector.Load(row + j) + av * Vector.Load(b + j), row + j);
                }
                else
                {
                    for (int j = 0; j < nr; j++) row[j] += ar * b[j];
                }
            }
        }
        for (int r = 0; r < MR; r++)
        {
            T* src = acc + r * nr;
            T* dst = c + (long)r * ldc;
            if (beta == T.Zero)
                for (int j = 0; j < nr; j++) dst[j] = src[j];
            else
                for (int j = 0; j < nr; j++) dst[j] = beta * dst[j] + src[j];
        }
    }
}
