using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>
/// Float32 attention without a mask (optionally causal), one head (batch matrix) at a time with everything the
/// head touches in L1/L2: Q, K, V and the output gradient are read in place through their row strides (the head
/// views of a fused QKV projection need no copies), Kᵀ or Vᵀ is packed once per head, scores are formed four query
/// rows at a time in 4×32 register tiles, and a causal head skips the key blocks its query block cannot see. The
/// forward pass writes the output with the heads (last batch dim) innermost and the attention weights P (…, L, S)
/// (zero where causally cut), which the backward pass reuses:
/// per head dS = P∘(dP − rowsum(P∘dP))·scale with dP = dO·Vᵀ, dQ = dS·K, dK = dSᵀ·Q, dV = Pᵀ·dO, with no
/// (…, L, S) temporaries beyond one head's dS. Needs AVX-512 (<see cref="Supports"/>).
/// </summary>
internal static unsafe class FusedAttentionKernel
{
    private const int RowBlock = 4;

    [ThreadStatic] private static float[]? t_packed;
    [ThreadStatic] private static float[]? t_rows;
    [ThreadStatic] private static float[]? t_ds;

    /// <summary>True for non-empty float32 Q (…, L, E), K (…, S, E), V (…, S, Ev) with unit stride along their last dim, on AVX-512 hardware.</summary>
    public static bool Supports(Tensor q, Tensor k, Tensor v) =>
        Vector512.IsHardwareAccelerated && Dense(q) && Dense(k) && Dense(v);

    private static bool Dense(Tensor t) =>
        t.DType == DType.Float32 && t.NumElements > 0 && (t.Strides[^1] == 1 || t.Dims[^1] == 1);

    /// <summary>
    /// The output (batch…, L, Ev) and weights P (batch…, L, S) of softmax(Q·Kᵀ·scale)·V, Q, K and V broadcast to
    /// the batch dims <paramref name="batch"/>.
    /// </summary>
    public static (Tensor Output, Tensor Weights) Forward(Tensor q, Tensor k, Tensor v, int[] batch, float scale, bool causal)
    {
        int l = q.Dims[^2], s = k.Dims[^2], e = q.Dims[^1], ev = v.Dims[^1];
        int heads = batch.Length > 0 ? batch[^1] : 1;
        var y = HeadsInner(batch, l, ev);
        var p = Tensor.Empty([.. batch, l, s]);
        int[] qo = Offsets(q, batch), ko = Offsets(k, batch), vo = Offsets(v, batch);
        int rq = q.Strides[^2], rk = k.Strides[^2], rv = v.Strides[^2], ry = heads * ev;
        float[] qb = q.Buffer<float>(), kb = k.Buffer<float>(), vb = v.Buffer<float>(), yb = y.Buffer<float>(), pb = p.Buffer<float>();
        int sp = RoundUp(s, 32);
        ParallelFor.Run(qo.Length, Cost(l, s, e + ev, causal), (start, end) =>
        {
            float* kt = Scratch(ref t_packed, e * sp), sc = Scratch(ref t_rows, RowBlock * sp);
            fixed (float* pq = qb, pk = kb, pv = vb, py = yb, pp = pb)
                for (int b = start; b < end; b++)
                    ForwardHead(pq + qo[b], rq, pk + ko[b], rk, pv + vo[b], rv, pp + (long)b * l * s,
                        py + (long)(b / heads) * l * ry + (long)(b % heads) * ev, ry, l, s, e, ev, scale, causal, kt, sc);
        });
        return (y, p);
    }

    /// <summary>
    /// An output (batch…, H, L, Ev) stored as (batch…, L, H, Ev), H the last batch dim, as PyTorch's fused kernels
    /// lay it out: merging the heads back, y.Transpose(-3, -2).Reshape(…, L, H·Ev), is then a view, not a copy.
    /// </summary>
    private static Tensor HeadsInner(int[] batch, int l, int ev)
    {
        if (batch.Length == 0) return Tensor.Empty([l, ev]);
        int[] stored = [.. batch[..^1], l, batch[^1], ev];
        var dense = Tensor.Empty(stored);
        var denseStrides = Tensor.ContiguousStrides(stored);
        int r = batch.Length;
        var strides = new int[r + 2];
        Array.Copy(denseStrides, strides, r - 1);
        strides[r - 1] = ev;
        strides[r] = batch[^1] * ev;
        strides[r + 1] = 1;
        var y = dense.NewView([.. batch, l, ev], strides, 0);
        dense.Dispose();
        return y;
    }

    /// <summary>
    /// Gradients (batch…, L, E), (batch…, S, E), (batch…, S, Ev) of Q, K and V (each at the broadcast batch shape)
    /// from the output gradient <paramref name="g"/> and the weights <paramref name="p"/> of <see cref="Forward"/>.
    /// </summary>
    public static (Tensor Dq, Tensor Dk, Tensor Dv) Backward(Tensor q, Tensor k, Tensor v, Tensor g, Tensor p, int[] batch, float scale, bool causal)
    {
        int l = q.Dims[^2], s = k.Dims[^2], e = q.Dims[^1], ev = v.Dims[^1];
        if (!(g.Strides[^1] == 1 || ev == 1)) g = g.DenseCopy();
        if (!p.IsContiguous) p = p.DenseCopy();
        var dq = Tensor.Empty([.. batch, l, e]);
        var dk = Tensor.Empty([.. batch, s, e]);
        var dv = Tensor.Empty([.. batch, s, ev]);
        int[] qo = Offsets(q, batch), ko = Offsets(k, batch), vo = Offsets(v, batch), go = Offsets(g, batch);
        int rq = q.Strides[^2], rk = k.Strides[^2], rv = v.Strides[^2], rg = g.Strides[^2];
        float[] qb = q.Buffer<float>(), kb = k.Buffer<float>(), vb = v.Buffer<float>(), gb = g.Buffer<float>(), pb = p.Buffer<float>();
        float[] dqb = dq.Buffer<float>(), dkb = dk.Buffer<float>(), dvb = dv.Buffer<float>();
        int po = p.Offset, sp = RoundUp(s, 32);
        ParallelFor.Run(qo.Length, 2 * Cost(l, s, e + ev, causal), (start, end) =>
        {
            float* vt = Scratch(ref t_packed, ev * sp), dp = Scratch(ref t_rows, RowBlock * sp), ds = Scratch(ref t_ds, l * s);
            fixed (float* pq = qb, pk = kb, pv = vb, pg = gb, pp = pb, pdq = dqb, pdk = dkb, pdv = dvb)
                for (int b = start; b < end; b++)
                    BackwardHead(pq + qo[b], rq, pk + ko[b], rk, pv + vo[b], rv, pg + go[b], rg, pp + po + (long)b * l * s,
                        pdq + (long)b * l * e, pdk + (long)b * s * e, pdv + (long)b * s * ev, l, s, e, ev, scale, causal, vt, dp, ds);
        });
        return (dq, dk, dv);
    }

    private static long Cost(int l, int s, int width, bool causal) => (long)l * s * width / (causal ? 2 : 1);

    private static void ForwardHead(float* q, int rq, float* k, int rk, float* v, int rv, float* p, float* y, int ry,
        int l, int s, int e, int ev, float scale, bool causal, float* kt, float* sc)
    {
        int sp = RoundUp(s, 32);
        PackTransposed(k, rk, s, e, kt, sp);
        for (int i0 = 0; i0 < l; i0 += RowBlock)
        {
            int rows = Math.Min(RowBlock, l - i0);
            int keys = causal ? Math.Min(i0 + rows, s) : s;
            RowDot(q + (long)i0 * rq, rq, rows, kt, sp, e, keys, sc);
            for (int r = 0; r < rows; r++)
            {
                int n = causal ? Math.Min(i0 + r + 1, s) : s;
                var row = new Span<float>(p + (long)(i0 + r) * s, s);
                Softmax(new ReadOnlySpan<float>(sc + r * sp, n), scale, row[..n]);
                row[n..].Clear();
            }
            Combine(rows, p + (long)i0 * s, s, 1, 0, keys, v, rv, ev, y + (long)i0 * ry, ry);
        }
    }

    private static void BackwardHead(float* q, int rq, float* k, int rk, float* v, int rv, float* g, int rg, float* p,
        float* dq, float* dk, float* dv, int l, int s, int e, int ev, float scale, bool causal, float* vt, float* dp, float* ds)
    {
        int sp = RoundUp(s, 32);
        PackTransposed(v, rv, s, ev, vt, sp);
        for (int i0 = 0; i0 < l; i0 += RowBlock)
        {
            int rows = Math.Min(RowBlock, l - i0);
            int keys = causal ? Math.Min(i0 + rows, s) : s;
            RowDot(g + (long)i0 * rg, rg, rows, vt, sp, ev, keys, dp);
            for (int r = 0; r < rows; r++)
            {
                int n = causal ? Math.Min(i0 + r + 1, s) : s;
                var pr = new ReadOnlySpan<float>(p + (long)(i0 + r) * s, n);
                var dpr = new Span<float>(dp + r * sp, n);
                var dsr = new Span<float>(ds + (long)(i0 + r) * s, s);
                TensorPrimitives.Subtract(dpr, TensorPrimitives.Dot(pr, dpr), dpr);
                TensorPrimitives.Multiply(dpr, pr, dsr[..n]);
                TensorPrimitives.Multiply(dsr[..n], scale, dsr[..n]);
                dsr[n..].Clear();
            }
            Combine(rows, ds + (long)i0 * s, s, 1, 0, keys, k, rk, e, dq + (long)i0 * e, e);
        }
        for (int j0 = 0; j0 < s; j0 += RowBlock)
        {
            int rows = Math.Min(RowBlock, s - j0);
            int first = causal ? Math.Min(j0, l) : 0;
            Combine(rows, ds + j0, 1, s, first, l, q, rq, e, dk + (long)j0 * e, e);
            Combine(rows, p + j0, 1, s, first, l, g, rg, ev, dv + (long)j0 * ev, ev);
        }
    }

    /// <summary>softmax(scale·x) into <paramref name="d"/>; a row whose scaled maximum is −∞ becomes NaN, as softmax of all −∞.</summary>
    private static void Softmax(ReadOnlySpan<float> x, float scale, Span<float> d)
    {
        TensorPrimitives.Multiply(x, scale, d);
        float max = TensorPrimitives.Max(d);
        if (float.IsNegativeInfinity(max))
        {
            d.Fill(float.NaN);
            return;
        }
        TensorPrimitives.Subtract(d, max, d);
        TensorPrimitives.Exp(d, d);
        TensorPrimitives.Divide(d, TensorPrimitives.Sum(d), d);
    }

    /// <summary>dst[c·ld + j] = src[j·rs + c] for j &lt; rows, c &lt; cols; columns rows..ld−1 are zeroed.</summary>
    private static void PackTransposed(float* src, int rs, int rows, int cols, float* dst, int ld)
    {
        for (int c = 0; c < cols; c++)
            new Span<float>(dst + (long)c * ld + rows, ld - rows).Clear();
        int j = 0;
        if (Avx.IsSupported)
            for (; j + 8 <= rows; j += 8)
                GemmDriver<float>.PackTransposed8(src + (long)j * rs, rs, cols, dst + j, ld);
        for (; j < rows; j++)
        {
            float* row = src + (long)j * rs;
            for (int c = 0; c < cols; c++) dst[(long)c * ld + j] = row[c];
        }
    }

    /// <summary>
    /// out[r·ldy + j] = Σ_p x[r·rx + p]·yt[p·ldy + j] for r &lt; 4 (rows past <paramref name="rows"/> repeat row 0 and
    /// land in scratch rows) and j below <paramref name="cols"/> rounded up to 32, which <paramref name="ldy"/> must cover.
    /// </summary>
    private static void RowDot(float* x, int rx, int rows, float* yt, int ldy, int depth, int cols, float* outp)
    {
        float* x0 = x, x1 = rows > 1 ? x + rx : x, x2 = rows > 2 ? x + 2L * rx : x, x3 = rows > 3 ? x + 3L * rx : x;
        int ldo = ldy;
        for (int j = 0; j < cols; j += 32)
        {
            Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default;
            Vector512<float> a20 = default, a21 = default, a30 = default, a31 = default;
            float* col = yt + j;
            for (int p = 0; p < depth; p++, col += ldy)
            {
                var b0 = Vector512.Load(col);
                var b1 = Vector512.Load(col + 16);
                var w = Vector512.Create(x0[p]);
                a00 = Vector512.FusedMultiplyAdd(w, b0, a00);
                a01 = Vector512.FusedMultiplyAdd(w, b1, a01);
                w = Vector512.Create(x1[p]);
                a10 = Vector512.FusedMultiplyAdd(w, b0, a10);
                a11 = Vector512.FusedMultiplyAdd(w, b1, a11);
                w = Vector512.Create(x2[p]);
                a20 = Vector512.FusedMultiplyAdd(w, b0, a20);
                a21 = Vector512.FusedMultiplyAdd(w, b1, a21);
                w = Vector512.Create(x3[p]);
                a30 = Vector512.FusedMultiplyAdd(w, b0, a30);
                a31 = Vector512.FusedMultiplyAdd(w, b1, a31);
            }
            float* o = outp + j;
            a00.Store(o); a01.Store(o + 16); o += ldo;
            a10.Store(o); a11.Store(o + 16); o += ldo;
            a20.Store(o); a21.Store(o + 16); o += ldo;
            a30.Store(o); a31.Store(o + 16);
        }
    }

    /// <summary>
    /// out[r·ldo + w] = Σ_{j ∈ [first, last)} c[r·cr + j·cj]·src[j·rs + w] for r &lt; <paramref name="rows"/> (at most
    /// 4) and w &lt; <paramref name="width"/>: row-major coefficients (cr = ld, cj = 1) give C·Src, column access
    /// (cr = 1, cj = ld) gives Cᵀ·Src. An empty range writes zeros.
    /// </summary>
    private static void Combine(int rows, float* c, int cr, int cj, int first, int last, float* src, int rs, int width, float* outp, int ldo)
    {
        float* c0 = c, c1 = rows > 1 ? c + cr : c, c2 = rows > 2 ? c + 2L * cr : c, c3 = rows > 3 ? c + 3L * cr : c;
        int w = 0;
        for (; w + 32 <= width; w += 32)
        {
            Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default;
            Vector512<float> a20 = default, a21 = default, a30 = default, a31 = default;
            for (int j = first; j < last; j++)
            {
                float* sj = src + (long)j * rs + w;
                long at = (long)j * cj;
                var b0 = Vector512.Load(sj);
                var b1 = Vector512.Load(sj + 16);
                var f = Vector512.Create(c0[at]);
                a00 = Vector512.FusedMultiplyAdd(f, b0, a00);
                a01 = Vector512.FusedMultiplyAdd(f, b1, a01);
                f = Vector512.Create(c1[at]);
                a10 = Vector512.FusedMultiplyAdd(f, b0, a10);
                a11 = Vector512.FusedMultiplyAdd(f, b1, a11);
                f = Vector512.Create(c2[at]);
                a20 = Vector512.FusedMultiplyAdd(f, b0, a20);
                a21 = Vector512.FusedMultiplyAdd(f, b1, a21);
                f = Vector512.Create(c3[at]);
                a30 = Vector512.FusedMultiplyAdd(f, b0, a30);
                a31 = Vector512.FusedMultiplyAdd(f, b1, a31);
            }
            StoreRows(outp + w, ldo, rows, a00, a10, a20, a30);
            StoreRows(outp + w + 16, ldo, rows, a01, a11, a21, a31);
        }
        for (; w + 16 <= width; w += 16)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int j = first; j < last; j++)
            {
                var b = Vector512.Load(src + (long)j * rs + w);
                long at = (long)j * cj;
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(c0[at]), b, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(c1[at]), b, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(c2[at]), b, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(c3[at]), b, a3);
            }
            StoreRows(outp + w, ldo, rows, a0, a1, a2, a3);
        }
        for (; w < width; w++)
        {
            for (int r = 0; r < rows; r++)
            {
                float* cr0 = c + (long)r * cr;
                float sum = 0;
                for (int j = first; j < last; j++) sum += cr0[(long)j * cj] * src[(long)j * rs + w];
                outp[(long)r * ldo + w] = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRows(float* o, int ldo, int rows, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3)
    {
        a0.Store(o);
        if (rows > 1) a1.Store(o + ldo);
        if (rows > 2) a2.Store(o + 2L * ldo);
        if (rows > 3) a3.Store(o + 3L * ldo);
    }

    /// <summary>Storage offsets of the batch matrices of <paramref name="t"/> (…, R, C) broadcast to <paramref name="batch"/>, in row-major batch order.</summary>
    private static int[] Offsets(Tensor t, int[] batch)
    {
        var strides = Strided.BroadcastStrides(t, [.. batch, t.Dims[^2], t.Dims[^1]]);
        var offsets = new int[Shape.Numel(batch)];
        var index = new int[batch.Length];
        for (int b = 0; b < offsets.Length; b++)
        {
            int offset = t.Offset;
            for (int d = 0; d < batch.Length; d++) offset += index[d] * strides[d];
            offsets[b] = offset;
            for (int d = batch.Length - 1; d >= 0 && ++index[d] == batch[d]; d--) index[d] = 0;
        }
        return offsets;
    }

    /// <summary>A per-thread, pinned scratch buffer of at least <paramref name="length"/> floats.</summary>
    private static float* Scratch(ref float[]? cache, int length)
    {
        if (cache is null || cache.Length < length)
            cache = GC.AllocateUninitializedArray<float>(Math.Max(length, 16), pinned: true);
        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(cache));
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
