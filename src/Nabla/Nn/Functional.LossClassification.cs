namespace Nabla.Nn;

public static partial class Functional
{
    /// <summary>
    /// Cross-entropy of logits (N, C) or (N, C, d1, ...) (or unbatched (C)) with either class-index targets (N) or
    /// (N, d1, ...), integer, or class-probability targets of the input's shape, float. Class-index targets run
    /// the fused log-softmax + NLL op. <paramref name="weight"/> (C) rescales classes; targets equal to
    /// <paramref name="ignoreIndex"/> contribute nothing and "mean" divides by the summed weight of the other
    /// targets. <paramref name="labelSmoothing"/> ε mixes the target with the uniform distribution:
    /// (1 − ε)·CE + ε/C·Σ_c −w_c·log p_c.
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        string reduction = "mean", double labelSmoothing = 0)
    {
        const string op = "CrossEntropy";
        CheckReduction(reduction, op);
        LayerDTypes.Require(op, input, ("weight", weight));
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"{op}: labelSmoothing must be between 0 and 1, got {labelSmoothing}.");
        if (input.Rank == 0) throw new ArgumentException($"{op}: input must have a class dimension, got a scalar.");
        int classDim = input.Rank == 1 ? 0 : 1;
        int c = input.Dims[classDim];
        CheckClassWeight(weight, c, input, op);
        if (target.DType.IsFloatingPoint()) return ProbabilityCrossEntropy(input, target, weight, reduction, labelSmoothing, classDim);

        var (rows, t, outDims) = ClassRows(input, target, op);
        var nll = Ops.CrossEntropy.Apply(rows, t, weight, ignoreIndex, out var sampleWeight);
        var loss = reduction switch
        {
            "none" => nll.Reshape(outDims),
            "sum" => nll.Sum(),
            _ => nll.Sum() / sampleWeight.Sum(),
        };
        if (labelSmoothing == 0) return loss;
        var logp = rows.LogSoftmax(1);
        var kept = t.Ne(ignoreIndex);
        // Selected rather than multiplied by the mask, so ignored rows add exactly nothing to the loss or its gradient.
        var smooth = Tensor.Where(kept, -(weight is null ? logp : logp * weight).Sum(1), 0.0);
        var smoothLoss = reduction switch
        {
            "none" => smooth.Reshape(outDims),
            "sum" => smooth.Sum(),
            _ => smooth.Sum() / (weight is null ? kept.To(rows.DType).Sum() : sampleWeight.Sum()),
        };
        return loss * (1 - labelSmoothing) + smoothLoss * (labelSmoothing / c);
    }

    private static Tensor ProbabilityCrossEntropy(Tensor input, Tensor target, Tensor? weight, string reduction, double labelSmoothing, int classDim)
    {
        CheckSameShape(input, target, "CrossEntropy");
        int c = input.Dims[classDim];
        if (labelSmoothing > 0) target = target * (1 - labelSmoothing) + labelSmoothing / c;
        var terms = input.LogSoftmax(classDim) * target;
        if (weight is not null)
        {
            var shape = new int[input.Rank];
            Array.Fill(shape, 1);
            shape[classDim] = c;
            terms = terms * weight.Reshape(shape);
        }
        return reduction switch
        {
            "none" => -terms.Sum(classDim),
            "sum" => -terms.Sum(),
            _ => -terms.Sum() / (c == 0 ? 0 : input.NumElements / c),
        };
    }

    /// <summary>
    /// Negative log-likelihood of log-probabilities (N, C) or (N, C, d1, ...) (or (C)) with class-index targets:
    /// −w_t·x_t per sample, "mean" dividing by the summed weights of the non-ignored targets.
    /// </summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100, string reduction = "mean")
    {
        const string op = "NllLoss";
        CheckReduction(reduction, op);
        LayerDTypes.Require(op, input, ("weight", weight));
        if (input.Rank == 0) throw new ArgumentException($"{op}: input must have a class dimension, got a scalar.");
        int c = input.Dims[input.Rank == 1 ? 0 : 1];
        CheckClassWeight(weight, c, input, op);
        var (rows, t, outDims) = ClassRows(input, target, op);
        var (safe, kept) = CheckTargets(t, c, ignoreIndex, input, target, op);
        var keptF = kept.To(rows.DType);
        var sampleWeight = weight is null ? keptF : weight.To(rows.DType).IndexSelect(0, safe) * keptF;
        // Selected rather than multiplied by the weight alone, so ignored rows add exactly nothing to the loss or its
        // gradient (PyTorch skips them), even when every target is ignored and the mean's upstream gradient is 1/0.
        var loss = Tensor.Where(kept, -rows.Gather(1, safe.Unsqueeze(1)).Squeeze(1) * sampleWeight, 0.0);
        return reduction switch
        {
            "none" => loss.Reshape(outDims),
            "sum" => loss.Sum(),
            _ => loss.Sum() / sampleWeight.Sum(),
        };
    }

    /// <summary>
    /// Multi-class hinge loss of scores (N, C) (or (C)) with class-index targets: per sample
    /// Σ_{j≠y} max(0, margin − x_y + x_j)^p / C, with p 1 or 2 and an optional class weight w_y on each term.
    /// </summary>
    public static Tensor MultiMarginLoss(Tensor input, Tensor target, int p = 1, double margin = 1, Tensor? weight = null, string reduction = "mean")
    {
        const string op = "MultiMarginLoss";
        CheckReduction(reduction, op);
        LayerDTypes.Require(op, input, ("weight", weight));
        if (p is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(p), $"{op}: only p = 1 and p = 2 are supported, got {p}.");
        if (input.Rank is not (1 or 2))
            throw new ArgumentException($"{op}: input must be (N, C) or (C), got shape {input.Shape}.");
        int c = input.Dims[^1];
        CheckClassWeight(weight, c, input, op);
        var (rows, t, outDims) = ClassRows(input, target, op);
        var (safe, _) = CheckTargets(t, c, long.MinValue, input, target, op);
        var index = safe.Unsqueeze(1);
        var others = 1.0 - Tensor.OneHot(safe, c).To(rows.DType);
        var hinge = (rows - rows.Gather(1, index) + margin).Relu();
        if (p == 2) hinge = hinge * hinge;
        var perSample = (hinge * others).Sum(1) / c;
        if (weight is not null) perSample = perSample * weight.To(rows.DType).IndexSelect(0, safe);
        return Reduce(perSample.Reshape(outDims), reduction, op);
    }

    private static void CheckClassWeight(Tensor? weight, int c, Tensor input, string op)
    {
        if (weight is not null && (weight.Rank != 1 || weight.Dims[0] != c))
            throw new ArgumentException($"{op}: weight of shape {weight.Shape} does not match {c} classes (input {input.Shape}).");
    }

    /// <summary>
    /// Brings class-index data to rows: input (N, C, d...) becomes (N·d..., C) with the class dim last, target
    /// (N, d...) becomes (N·d...); an unbatched (C) input with a scalar target becomes one row. Also returns the
    /// target's shape, the shape of unreduced losses.
    /// </summary>
    private static (Tensor Rows, Tensor Target, int[] OutDims) ClassRows(Tensor input, Tensor target, string op)
    {
        if (target.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"{op}: class-index targets must be Int64 or Int32, got {target.DType} (target {target.Shape}).");
        var expected = input.Rank == 1 ? [] : input.Dims.Where((_, i) => i != 1).ToArray();
        if (!target.Dims.AsSpan().SequenceEqual(expected))
            throw new ArgumentException(
                $"{op}: target shape {target.Shape} does not match input shape {input.Shape} without its class dimension ({Shape.Format(expected)}).");
        var t = target.To(DType.Int64).Reshape(-1);
        if (input.Rank <= 2) return (input.Rank == 1 ? input.Unsqueeze(0) : input, t, target.Dims);
        var order = new int[input.Rank];
        order[0] = 0;
        for (int i = 2; i < input.Rank; i++) order[i - 1] = i;
        order[^1] = 1;
        return (input.Permute(order).Reshape(-1, input.Dims[1]), t, target.Dims);
    }

    /// <summary>Checks class indices against C; returns them with ignored ones replaced by 0, and the mask of kept ones.</summary>
    private static (Tensor Safe, Tensor Kept) CheckTargets(Tensor t, int c, long ignoreIndex, Tensor input, Tensor target, string op)
    {
        var values = t.Contiguous();
        foreach (long k in values.Span<long>())
            if (k != ignoreIndex && (k < 0 || k >= c))
                throw new ArgumentException($"{op}: target {k} is out of range for {c} classes (input {input.Shape}, target {target.Shape}).");
        var kept = values.Ne(ignoreIndex);
        return (Tensor.Where(kept, values, Tensor.Scalar(0, DType.Int64)), kept);
    }
}
