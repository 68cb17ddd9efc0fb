using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>The elementwise part of one Elman RNN step, h = tanh(z) or relu(z), on rows of N batch items with hidden size H.</summary>
internal static class RnnKernel
{
    /// <summary>
    /// For rows [0, n): h = act(gh + gi + b_ih + b_hh), where <paramref name="h"/> holds gh = h_prev·W_hhᵀ on entry
    /// (absent biases are empty). ReLU is "z &lt; 0 ? 0 : z" as the Relu op, so NaN passes through.
    /// </summary>
    public static void Forward<T>(int n, int hidden, bool relu, RowMatrix<T> gi, RowMatrix<T> biasIh, RowMatrix<T> biasHh, RowMatrix<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ParallelFor.Run(n, 20L * hidden, (start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var z = h.Row(r, hidden);
                TensorPrimitives.Add(z, gi.Row(r, hidden), z);
                if (!biasIh.IsEmpty) TensorPrimitives.Add(z, biasIh.Row(0, hidden), z);
                if (!biasHh.IsEmpty) TensorPrimitives.Add(z, biasHh.Row(0, hidden), z);
                if (relu) ActivationKernels.Relu<T>(z, z);
                else TensorPrimitives.Tanh<T>(z, z);
            }
        });
    }

    /// <summary>
    /// For rows [0, n): the pre-activation gradient dz = dh∘(1 − h²) (tanh) or dh where h is not ≤ 0 (relu, a select as
    /// the Relu op's backward), from the step's output <paramref name="h"/> and its gradient <paramref name="dh"/>.
    /// </summary>
    public static void Backward<T>(int n, int hidden, bool relu, RowMatrix<T> h, RowMatrix<T> dh, RowMatrix<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ParallelFor.Run(n, 4L * hidden, (start, end) =>
        {
            for (int r = start; r < end; r++)
                BackwardRow<T>(relu, h.Row(r, hidden), dh.Row(r, hidden), dz.Row(r, hidden));
        });
    }

    private static void BackwardRow<T>(bool relu, ReadOnlySpan<T> h, ReadOnlySpan<T> dh, Span<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var hs = MemoryMarshal.Cast<T, Vector<T>>(h);
            var gs = MemoryMarshal.Cast<T, Vector<T>>(dh);
            var ds = MemoryMarshal.Cast<T, Vector<T>>(dz);
            for (int v = 0; v < hs.Length; v++)
                ds[v] = relu ? Vector.ConditionalSelect(Vector.LessThanOrEqual(hs[v], Vector<T>.Zero), Vector<T>.Zero, gs[v])
                    : gs[v] * (Vector<T>.One - hs[v] * hs[v]);
            i = hs.Length * Vector<T>.Count;
        }
        for (; i < h.Length; i++) dz[i] = relu ? (h[i] <= T.Zero ? T.Zero : dh[i]) : dh[i] * (T.One - h[i] * h[i]);
    }
}
