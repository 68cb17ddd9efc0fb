using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// The Goto/BLIS blocked GEMM for one element type: splits C among threads, then for each thread loops
/// NC column blocks, KC depth blocks (packing B) and MC row blocks (packing A) around the micro-kernel.
/// </summary>
internal static unsafe partial class GemmDriver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the micro-tile.</summary>
    internal const int MR = 6;

    /// <summary>Depth of a packed block: an MR×KC sliver of A plus a KC×NR panel of B stay in L1d (22–28 KiB with the AVX2 kernels, 38–44 KiB with AVX-512 on its 48 KiB L1d).</summary>
    internal const int KC = 256;

    // At most this many multiply-adds go through the unpacked loop; packing would cost more than it saves.
    private const long SmallWork = 32_768;

    // Each extra thread should get at least this many multiply-adds, or the fork/join dominates.
    private const long MinWorkPerThread = 1L << 18;

    /// <summary>Bytes in the widest micro-tile any kernel uses: MR rows of two 512-bit vectors (sizes stack tiles).</summary>
    private const int MaxTileBytes = MR * 128;

    /// <summary>
    /// Columns of the micro-tile: two vectors of the widest usable width. Both conditions are JIT-time constants,
    /// so NR folds to a literal in every loop that uses it.
    /// </summary>
    internal static int NR => UseAvx512 ? 128 / sizeof(T) : 64 / sizeof(T);

    // An MC×KC block of A (~144 KiB) sits in the 512 KiB L2 next to the streaming B panels.
    private static int MC => 147_456 / (KC * sizeof(T)) / MR * MR;

    // A KC×NC block of B (~4 MiB) is shared through L3.
    private static int NC => 4 * 1024 * 1024 / (KC * sizeof(T));

    [ThreadStatic] private static T[]? t_packA;
    [ThreadStatic] private static T[]? t_packB;

    internal static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda,
        T* b, int ldb, T beta, T* c, int ldc, int threads)
    {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == T.Zero)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        long work = (long)m * n * k;
        if (work <= SmallWork)
        {
            Small(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        int maxThreads = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Max(threads, 1));
        var (tm, tn) = ChooseGrid(m, n, k, maxThreads);
        int mPanels = (m + MR - 1) / MR, nPanels = (n + NR - 1) / NR;
        if (tm * tn == 1)
        {
            Blocked(transA, transB, 0, m, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        nint pa = (nint)a, pb = (nint)b, pc = (nint)c;
        ParallelFor.Run(tm * tn, work / (tm * tn), (start, end) =>
        {
            for (int t = start; t < end; t++)
            {
                var (r0, r1) = ParallelFor.Chunk(mPanels, tm, t / tn);
                var (c0, c1) = ParallelFor.Chunk(nPanels, tn, t % tn);
                Blocked(transA, transB, r0 * MR, Math.Min(r1 * MR, m), c0 * NR, Math.Min(c1 * NR, n), k,
                    alpha, (T*)pa, lda, (T*)pb, ldb, beta, (T*)pc, ldc);
            }
        });
    }

    /// <summary>
    /// Picks a tm×tn thread grid over C minimising the largest per-thread share of padded tile work plus
    /// packing, so edge tiles and repacked operands are charged to the split that causes them.
    /// </summary>
    private static (int Tm, int Tn) ChooseGrid(int m, int n, int k, int threads)
    {
        int mPanels = (m + MR - 1) / MR, nPanels = (n + NR - 1) / NR;
        (int, int) best = (1, 1);
        double bestCost = double.MaxValue;
        for (int tm = 1; tm <= threads; tm++)
        {
            if (threads % tm != 0) continue;
            int tn = threads / tm;
            if (tm > mPanels || tn > nPanels) continue;
            double rows = (double)((mPanels + tm - 1) / tm) * MR;
            double cols = (double)((nPanels + tn - 1) / tn) * NR;
            double packing = rows * k * Math.Ceiling(cols / NC) + cols * k;
            double cost = rows * cols * k + 16 * packing;
            if (cost < bestCost)
            {
                bestCost = cost;
                best = (tm, tn);
            }
        }
        return best;
    }

    private static void Blocked(bool transA, bool transB, int m0, int m1, int n0, int n1, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
    {
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int rows = m1 - m0, cols = n1 - n0;
        int mBlocks = (rows + MC - 1) / MC;
        int mcMax = RoundUp((rows + mBlocks - 1) / mBlocks, MR);
        int ncMax = Math.Min(NC, RoundUp(cols, NR));
        T* packA = Buffer(ref t_packA, mcMax * kcMax);
        T* packB = Buffer(ref t_packB, ncMax * kcMax);
        for (int jc = n0; jc < n1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, n1 - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                PackB(transB, b, ldb, pc, kc, jc, nc, packB);
                T blockBeta = pc == 0 ? beta : T.One;
                for (int ic = m0; ic < m1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m1 - ic);
                    PackA(transA, a, lda, ic, mc, pc, kc, alpha, packA);
                    Macro(mc, nc, kc, packA, packB, c + (long)ic * ldc + jc, ldc, blockBeta);
                }
            }
        }
    }

    /// <summary>Runs the micro-kernel over every MR×NR tile of one packed block, B panel outermost so it stays in L1.</summary>
    private static void Macro(int mc, int nc, int kc, T* packA, T* packB, T* c, int ldc, T beta)
    {
        int nr = NR;
        T* edge = stackalloc T[MaxTileBytes / sizeof(T)];
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* bp = packB + (long)jr * kc;
            for (int ir = 0; ir < mc; ir += MR)
            {
                int rows = Math.Min(MR, mc - ir);
                T* ap = packA + (long)ir * kc;
                T* ct = c + (long)ir * ldc + jr;
                if (rows == MR && cols == nr)
                {
                    MicroKernel(kc, ap, bp, ct, ldc, beta);
                }
                else
                {
                    MicroKernel(kc, ap, bp, edge, nr, T.Zero);
                    MergeEdge(edge, nr, rows, cols, ct, ldc, beta);
                }
            }
        }
    }

    private static void MergeEdge(T* tile, int nr, int rows, int cols, T* c, int ldc, T beta)
    {
        for (int i = 0; i < rows; i++)
        {
            T* src = tile + i * nr;
            T* dst = c + (long)i * ldc;
            if (beta == T.Zero)
                for (int j = 0; j < cols; j++) dst[j] = src[j];
            else
                for (int j = 0; j < cols; j++) dst[j] = beta * dst[j] + src[j];
        }
    }

    private static void ScaleC(int m, int n, T beta, T* c, int ldc)
    {
        if (beta == T.One) return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + (long)i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else for (int j = 0; j < n; j++) row[j] *= beta;
        }
    }

    /// <summary>A per-thread, pinned, 64-byte aligned scratch buffer of at least <paramref name="length"/> elements.</summary>
    private static T* Buffer(ref T[]? cache, int length)
    {
        int padded = length + 64 / sizeof(T);
        if (cache is null || cache.Length < padded)
            cache = GC.AllocateUninitializedArray<T>(padded, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(cache));
        return (T*)((address + 63) & ~(nint)63);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
