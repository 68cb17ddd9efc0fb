using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>Row kernels of the fused classification losses.</summary>
internal static class LossKernel
{
    /// <summary>
    /// Cross-entropy of each row of dense (N, C) logits with its class: w_i·(logsumexp(x_i) − x_i[t_i]), where
    /// w_i = classWeight[t_i] (1 without weights) and 0 for ignored rows. Also returns w and the targets with
    /// ignored ones replaced by 0, so the backward pass can index safely.
    /// </summary>
    public static (Tensor Loss, Tensor SampleWeight, Tensor SafeTarget) CrossEntropy(
        Tensor logits, Tensor target, Tensor? classWeight, long ignoreIndex, string op)
    {
        int n = logits.Dims[0], c = logits.Dims[1];
        var x = logits.IsContiguous ? logits : logits.DenseCopy();
        var t = target.To(DType.Int64);
        if (!t.IsContiguous) t = t.DenseCopy();
        var w = classWeight?.To(logits.DType);
        if (w is not null && !w.IsContiguous) w = w.DenseCopy();
        var loss = Tensor.Empty([n], logits.DType);
        var sampleWeight = Tensor.Empty([n], logits.DType);
        var safe = Tensor.Empty([n], DType.Int64);
        var ts = t.Span<long>();
        var safeSpan = safe.Span<long>();
        for (int i = 0; i < n; i++)
        {
            long k = ts[i];
            if (k == ignoreIndex) { safeSpan[i] = 0; continue; }
            if (k < 0 || k >= c)
                throw new ArgumentException($"{op}: target {k} is out of range for {c} classes (input {logits.Shape}, target {target.Shape}).");
            safeSpan[i] = k;
        }
        if (logits.DType == DType.Float32)
            Rows<float>(x.Span<float>(), ts, w is null ? default : w.Span<float>(), ignoreIndex, c, loss.Span<float>(), sampleWeight.Span<float>());
        else
            Rows<double>(x.Span<double>(), ts, w is null ? default : w.Span<double>(), ignoreIndex, c, loss.Span<double>(), sampleWeight.Span<double>());
        return (loss, sampleWeight, safe);
    }

    /// <summary>
    /// The gradient of <see cref="CrossEntropy"/> in one pass per row: (softmax(x_i) − onehot(t_i))·s_i for logits
    /// (N, C), row scales s (N) (the upstream gradient times the sample weight) and safe targets t (N).
    /// </summary>
    public static Tensor CrossEntropyBackward(Tensor logits, Tensor scale, Tensor safeTarget)
    {
        var x = logits.IsContiguous ? logits : logits.DenseCopy();
        var s = scale.Contiguous();
        var dx = Tensor.Empty(x.Dims, x.DType);
        if (x.DType == DType.Float32) BackwardRows<float>(x, s, safeTarget, dx);
        else BackwardRows<double>(x, s, safeTarget, dx);
        return dx;
    }

    private static void BackwardRows<T>(Tensor x, Tensor scale, Tensor target, Tensor dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Dims[0], c = x.Dims[1];
        if (n == 0 || c == 0) return;
        var (xs, ss, ts, ds) = (x.Buffer<T>(), scale.Buffer<T>(), target.Buffer<long>(), dx.Buffer<T>());
        int xo = x.Offset, so = scale.Offset, to = target.Offset;
        ParallelFor.Run(n, 8L * c, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = xs.AsSpan(xo + i * c, c);
                var d = ds.AsSpan(i * c, c);
                T max = TensorPrimitives.Max<T>(row);
                TensorPrimitives.Subtract(row, max, d);
                TensorPrimitives.Exp(d, d);
                T si = ss[so + i];
                TensorPrimitives.Multiply(d, si / TensorPrimitives.Sum<T>(d), d);
                d[(int)ts[to + i]] -= si;
            }
        });
    }

    private static void Rows<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> t, Span<T> classWeight, long ignoreIndex, int c, Span<T> loss, Span<T> sampleWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < loss.Length; i++)
        {
            if (t[i] == ignoreIndex)
            {
                loss[i] = T.Zero;
                sampleWeight[i] = T.Zero;
                continue;
            }
            var row = x.Slice(i * c, c);
            T max = TensorPrimitives.Max(row);
            T sum = T.Zero;
            if (T.IsFinite(max))
                foreach (var v in row) sum += T.Exp(v - max);
            // A row whose maximum is ±inf or NaN gives what logsumexp gives: NaN for NaN or +inf rows, and for
            // −inf rows the subtraction below yields NaN too, as in PyTorch.
            T lse = T.IsFinite(max) ? max + T.Log(sum) : max;
            T wi = classWeight.IsEmpty ? T.One : classWeight[(int)t[i]];
            sampleWeight[i] = wi;
            loss[i] = wi * (lse - row[(int)t[i]]);
        }
    }
}
