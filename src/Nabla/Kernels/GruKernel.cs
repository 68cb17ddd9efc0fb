using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// The elementwise part of one GRU step (PyTorch's gate order r, z, n, with n = tanh(gi_n + b_in + r∘(gh_n + b_hn)))
/// on rows of N batch items with hidden size H. The saved state of a row is r | z | n | gh_n + b_hn (4H).
/// </summary>
internal static class GruKernel
{
    /// <summary>
    /// For rows [0, n): from gh = h_prev·W_hhᵀ and gi = x·W_ihᵀ (rows of 3H; absent biases are empty) writes
    /// r | z | n | gh_n + b_hn into <paramref name="saved"/> (rows of 4H; <paramref name="gh"/> may be its first 3H
    /// columns) and h = n + z∘(h_prev − n) into <paramref name="h"/>.
    /// </summary>
    public static void Forward<T>(int n, int hidden, RowMatrix<T> gh, RowMatrix<T> gi, RowMatrix<T> biasIh, RowMatrix<T> biasHh,
        RowMatrix<T> hPrev, RowMatrix<T> saved, RowMatrix<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ParallelFor.Run(n, 30L * hidden, (start, end) =>
        {
            int h2 = 2 * hidden, h3 = 3 * hidden;
            for (int r = start; r < end; r++)
            {
                var s = saved.Row(r, 4 * hidden);
                var ghr = gh.Row(r, h3);
                var gir = gi.Row(r, h3);
                var ghn = s.Slice(h3, hidden);
                var nr = s.Slice(h2, hidden);
                if (biasHh.IsEmpty) ghr.Slice(h2, hidden).CopyTo(ghn);
                else TensorPrimitives.Add(ghr.Slice(h2, hidden), biasHh.Row(0, h3).Slice(h2, hidden), ghn);
                var rz = s[..h2];
                TensorPrimitives.Add(ghr[..h2], gir[..h2], rz);
                if (!biasIh.IsEmpty) TensorPrimitives.Add(rz, biasIh.Row(0, h2), rz);
                if (!biasHh.IsEmpty) TensorPrimitives.Add(rz, biasHh.Row(0, h2), rz);
                TensorPrimitives.Sigmoid<T>(rz, rz);
                TensorPrimitives.MultiplyAdd(s[..hidden], ghn, gir.Slice(h2, hidden), nr);
                if (!biasIh.IsEmpty) TensorPrimitives.Add(nr, biasIh.Row(0, h3).Slice(h2, hidden), nr);
                TensorPrimitives.Tanh<T>(nr, nr);
                var hr = h.Row(r, hidden);
                TensorPrimitives.Subtract(hPrev.Row(r, hidden), nr, hr);
                TensorPrimitives.MultiplyAdd(hr, s.Slice(hidden, hidden), nr, hr);
            }
        });
    }

    /// <summary>
    /// For rows [0, n), given the <paramref name="saved"/> gates, h_prev and the gradient <paramref name="dh"/> of the new
    /// h (all paths summed), writes the gradients of gi and gh (rows of 3H) and overwrites <paramref name="dh"/> with
    /// the part of h_prev's gradient that does not go through gh (dh∘z).
    /// </summary>
    public static void Backward<T>(int n, int hidden, RowMatrix<T> saved, RowMatrix<T> hPrev, RowMatrix<T> dh, RowMatrix<T> dgi,
        RowMatrix<T> dgh) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ParallelFor.Run(n, 30L * hidden, (start, end) =>
        {
            for (int r = start; r < end; r++)
                BackwardRow<T>(hidden, saved.Row(r, 4 * hidden), hPrev.Row(r, hidden), dh.Row(r, hidden), dgi.Row(r, 3 * hidden), dgh.Row(r, 3 * hidden));
        });
    }

    private static void BackwardRow<T>(int hidden, ReadOnlySpan<T> saved, ReadOnlySpan<T> hPrev, Span<T> dh, Span<T> dgi, Span<T> dgh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T s = ref MemoryMarshal.GetReference(saved);
        ref T hp = ref MemoryMarshal.GetReference(hPrev);
        ref T dhr = ref MemoryMarshal.GetReference(dh);
        ref T gi = ref MemoryMarshal.GetReference(dgi);
        ref T gh = ref MemoryMarshal.GetReference(dgh);
        nuint h = (nuint)hidden, j = 0;
        if (Vector.IsHardwareAccelerated && hidden >= Vector<T>.Count)
        {
            var one = Vector<T>.One;
            for (; j <= h - (nuint)Vector<T>.Count; j += (nuint)Vector<T>.Count)
            {
                var r = Vector.LoadUnsafe(ref s, j);
                var z = Vector.LoadUnsafe(ref s, h + j);
                var nv = Vector.LoadUnsafe(ref s, 2 * h + j);
                var ghn = Vector.LoadUnsafe(ref s, 3 * h + j);
                var d = Vector.LoadUnsafe(ref dhr, j);
                var dnp = d * (one - z) * (one - nv * nv);
                var drp = dnp * ghn * r * (one - r);
                var dzp = d * (Vector.LoadUnsafe(ref hp, j) - nv) * z * (one - z);
                drp.StoreUnsafe(ref gi, j);
                drp.StoreUnsafe(ref gh, j);
                dzp.StoreUnsafe(ref gi, h + j);
                dzp.StoreUnsafe(ref gh, h + j);
                dnp.StoreUnsafe(ref gi, 2 * h + j);
                (dnp * r).StoreUnsafe(ref gh, 2 * h + j);
                (d * z).StoreUnsafe(ref dhr, j);
            }
        }
        for (; j < h; j++)
        {
            T r = At(ref s, j), z = At(ref s, h + j), nv = At(ref s, 2 * h + j), ghn = At(ref s, 3 * h + j), d = At(ref dhr, j);
            T dnp = d * (T.One - z) * (T.One - nv * nv);
            T drp = dnp * ghn * r * (T.One - r);
            T dzp = d * (At(ref hp, j) - nv) * z * (T.One - z);
            At(ref gi, j) = drp;
            At(ref gh, j) = drp;
            At(ref gi, h + j) = dzp;
            At(ref gh, h + j) = dzp;
            At(ref gi, 2 * h + j) = dnp;
            At(ref gh, 2 * h + j) = dnp * r;
            At(ref dhr, j) = d * z;
        }
    }

    private static ref T At<T>(ref T start, nuint index) => ref System.Runtime.CompilerServices.Unsafe.Add(ref start, index);
}
