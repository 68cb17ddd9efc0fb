using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// The elementwise part of one LSTM step (PyTorch's gate order i, f, g, o) on rows of N batch items with hidden size H:
/// the forward pass from pre-activations to the new state, and the backward pass from the state's gradients to the
/// pre-activations' gradients. Sigmoid and tanh are <see cref="TensorPrimitives"/>' (the same as the Sigmoid and Tanh ops).
/// </summary>
internal static class LstmKernel
{
    /// <summary>
    /// For rows [0, n): z = gh + gi + b_ih + b_hh (rows of 4H; absent biases are empty), stored activated into
    /// <paramref name="gates"/> (which may be <paramref name="gh"/> itself) as i, f, g, o; then c = f∘c_prev + i∘g and
    /// h = o∘tanh(c) (rows of H).
    /// </summary>
    public static void Forward<T>(int n, int hidden, RowMatrix<T> gh, RowMatrix<T> gi, RowMatrix<T> biasIh, RowMatrix<T> biasHh,
        RowMatrix<T> cPrev, RowMatrix<T> gates, RowMatrix<T> c, RowMatrix<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ParallelFor.Run(n, 40L * hidden, (start, end) =>
        {
            int g4 = 4 * hidden;
            for (int r = start; r < end; r++)
            {
                var z = gates.Row(r, g4);
                TensorPrimitives.Add(gh.Row(r, g4), gi.Row(r, g4), z);
                if (!biasIh.IsEmpty) TensorPrimitives.Add(z, biasIh.Row(0, g4), z);
                if (!biasHh.IsEmpty) TensorPrimitives.Add(z, biasHh.Row(0, g4), z);
                var ifg = z[..(2 * hidden)];
                TensorPrimitives.Sigmoid<T>(ifg, ifg);
                var g = z.Slice(2 * hidden, hidden);
                TensorPrimitives.Tanh<T>(g, g);
                var o = z.Slice(3 * hidden, hidden);
                TensorPrimitives.Sigmoid<T>(o, o);
                var cr = c.Row(r, hidden);
                TensorPrimitives.Multiply(z.Slice(hidden, hidden), cPrev.Row(r, hidden), cr);
                TensorPrimitives.MultiplyAdd(z[..hidden], g, cr, cr);
                var hr = h.Row(r, hidden);
                TensorPrimitives.Tanh<T>(cr, hr);
                TensorPrimitives.Multiply(hr, o, hr);
            }
        });
    }

    /// <summary>
    /// For rows [0, n), given the activated <paramref name="gates"/>, the new cell state <paramref name="c"/>, the old one
    /// <paramref name="cPrev"/> and the gradients <paramref name="dh"/> and <paramref name="dc"/> of h and c (all paths
    /// summed), writes the pre-activations' gradient into <paramref name="dz"/> (rows of 4H) and overwrites
    /// <paramref name="dc"/> with the gradient of c_prev.
    /// </summary>
    public static void Backward<T>(int n, int hidden, RowMatrix<T> gates, RowMatrix<T> c, RowMatrix<T> cPrev, RowMatrix<T> dh,
        RowMatrix<T> dc, RowMatrix<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ParallelFor.Run(n, 40L * hidden, (start, end) =>
        {
            for (int r = start; r < end; r++)
                BackwardRow<T>(hidden, gates.Row(r, 4 * hidden), c.Row(r, hidden), cPrev.Row(r, hidden), dh.Row(r, hidden), dc.Row(r, hidden), dz.Row(r, 4 * hidden));
        });
    }

    private static void BackwardRow<T>(int hidden, ReadOnlySpan<T> gates, ReadOnlySpan<T> c, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> dh, Span<T> dc, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // tanh(c) goes into the o-gate slot of dz first: each element is read there before its gradient replaces it.
        var dzo = dz.Slice(3 * hidden, hidden);
        TensorPrimitives.Tanh(c, dzo);
        ref T gt = ref MemoryMarshal.GetReference(gates);
        ref T cp = ref MemoryMarshal.GetReference(cPrev);
        ref T dhr = ref MemoryMarshal.GetReference(dh);
        ref T dcr = ref MemoryMarshal.GetReference(dc);
        ref T dzr = ref MemoryMarshal.GetReference(dz);
        nuint h = (nuint)hidden, j = 0;
        if (Vector.IsHardwareAccelerated && hidden >= Vector<T>.Count)
        {
            var one = Vector<T>.One;
            for (; j <= h - (nuint)Vector<T>.Count; j += (nuint)Vector<T>.Count)
            {
                var i = Vector.LoadUnsafe(ref gt, j);
                var f = Vector.LoadUnsafe(ref gt, h + j);
                var g = Vector.LoadUnsafe(ref gt, 2 * h + j);
                var o = Vector.LoadUnsafe(ref gt, 3 * h + j);
                var tc = Vector.LoadUnsafe(ref dzr, 3 * h + j);
                var dhv = Vector.LoadUnsafe(ref dhr, j);
                var dct = Vector.LoadUnsafe(ref dcr, j) + dhv * o * (one - tc * tc);
                (dct * g * i * (one - i)).StoreUnsafe(ref dzr, j);
                (dct * Vector.LoadUnsafe(ref cp, j) * f * (one - f)).StoreUnsafe(ref dzr, h + j);
                (dct * i * (one - g * g)).StoreUnsafe(ref dzr, 2 * h + j);
                (dhv * tc * o * (one - o)).StoreUnsafe(ref dzr, 3 * h + j);
                (dct * f).StoreUnsafe(ref dcr, j);
            }
        }
        for (; j < h; j++)
        {
            T i = At(ref gt, j), f = At(ref gt, h + j), g = At(ref gt, 2 * h + j), o = At(ref gt, 3 * h + j);
            T tc = At(ref dzr, 3 * h + j), dhv = At(ref dhr, j);
            T dct = At(ref dcr, j) + dhv * o * (T.One - tc * tc);
            At(ref dzr, j) = dct * g * i * (T.One - i);
            At(ref dzr, h + j) = dct * At(ref cp, j) * f * (T.One - f);
            At(ref dzr, 2 * h + j) = dct * i * (T.One - g * g);
            At(ref dzr, 3 * h + j) = dhv * tc * o * (T.One - o);
            At(ref dcr, j) = dct * f;
        }
    }

    private static ref T At<T>(ref T start, nuint index) => ref System.Runtime.CompilerServices.Unsafe.Add(ref start, index);
}
