using System.Runtime.Intrinsics;
using Nabla.Autograd;

namespace Nabla.Ops;

/// <summary>
/// Inverted dropout: y = x · m with m = 1/(1 − p) where a uniform draw is ≥ p, else 0. The mask is saved, so the
/// backward and forward rules are the same product with the same mask.
/// </summary>
internal sealed class Dropout : Function
{
    private Tensor? _mask;

    public override string Name => "Dropout";

    public static Tensor Apply(Tensor x, double p, Generator generator)
    {
        Tensor mask, y;
        using (GradMode.NoGrad())
        using (ForwardAD.Suspend())
        {
            // p = 1 drops everything; the scale 1/(1 − p) would be infinite, so the mask is all zeros instead.
            mask = p >= 1 ? Tensor.Zeros(x.Dims, x.DType) : Mask(x.Dims, x.DType, p, generator);
            y = x * mask;
        }
        return Tracks(x) ? new Dropout { _mask = mask }.Record(y, x) : y;
    }

    /// <summary>
    /// The scaled keep-mask in one pass: the same draws and float rounding as
    /// <c>Rand(dims, dtype, generator).Ge(p).To(dtype) * (1 / (1 − p))</c>, without its four temporaries.
    /// </summary>
    private static Tensor Mask(int[] dims, DType dtype, double p, Generator generator)
    {
        if (dtype is not (DType.Float32 or DType.Float64))
            return Tensor.Rand(dims, dtype, generator).Ge(p).To(dtype) * (1.0 / (1.0 - p));
        var mask = Tensor.Allocate(dims, dtype, zero: false);
        if (dtype == DType.Float32) Fill(mask.Span<float>(), (float)p, (float)(1.0 / (1.0 - p)), generator);
        else Fill(mask.Span<double>(), p, 1.0 / (1.0 - p), generator);
        return mask;
    }

    private static void Fill(Span<float> mask, float p, float scale, Generator generator)
    {
        Span<double> draws = stackalloc double[256];
        lock (generator)
            for (int start = 0; start < mask.Length; start += draws.Length)
            {
                var chunk = draws[..Math.Min(draws.Length, mask.Length - start)];
                generator.NextDoubles(chunk);
                var dst = mask.Slice(start, chunk.Length);
                int i = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    // Branch-free: a random keep/drop branch would mispredict on a fifth of the elements.
                    Vector256<float> pv = Vector256.Create(p), sv = Vector256.Create(scale);
                    for (; i + 8 <= chunk.Length; i += 8)
                    {
                        var u = Vector256.Narrow(Vector256.Create(chunk.Slice(i, 4)), Vector256.Create(chunk.Slice(i + 4, 4)));
                        (Vector256.GreaterThanOrEqual(u, pv) & sv).CopyTo(dst.Slice(i, 8));
                    }
                }
                for (; i < chunk.Length; i++) dst[i] = (float)chunk[i] >= p ? scale : 0f;
            }
    }

    private static void Fill(Span<double> mask, double p, double scale, Generator generator)
    {
        lock (generator)
        {
            generator.NextDoubles(mask);
            for (int i = 0; i < mask.Length; i++) mask[i] = mask[i] >= p ? scale : 0.0;
        }
    }

    internal override Tensor?[] Backward(Tensor g) => [g * _mask!];

    internal override Tensor Jvp(Tensor?[] t) => t[0]! * _mask!;

    internal override void Release()
    {
        base.Release();
        _mask = null;
    }
}
