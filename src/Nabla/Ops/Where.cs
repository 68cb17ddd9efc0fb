using Nabla.Autograd;
using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Elementwise selection <c>condition ? a : b</c> with broadcasting of all three (<c>torch.where</c>). The gradient
/// goes to <c>a</c> where the condition holds and to <c>b</c> elsewhere.
/// </summary>
internal sealed class Where : Function
{
    private Tensor? _condition;
    private int[] _shape = [];

    public override string Name => "Where";

    public static Tensor Apply(Tensor condition, Tensor a, Tensor b)
    {
        if (condition.DType != DType.Bool)
            throw new ArgumentException($"Where: condition must be a Bool tensor, got {condition.DType} with shape {condition.Shape}.");
        (a, b) = BinaryOps.Promote(a, b);
        var shape = Strided.BroadcastShapes(Strided.BroadcastShapes(condition.Dims, a.Dims, "Where"), b.Dims, "Where");
        var y = a.DType switch
        {
            DType.Float32 => Select<float>(condition, a, b, shape),
            DType.Float64 => Select<double>(condition, a, b, shape),
            DType.Int64 => Select<long>(condition, a, b, shape),
            DType.Int32 => Select<int>(condition, a, b, shape),
            _ => Select<bool>(condition, a, b, shape),
        };
        return Tracks(a, b) ? new Where { _condition = condition, _shape = shape }.Record(y, a, b) : y;
    }

    internal override Tensor?[] Backward(Tensor g)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        var zero = Tensor.Scalar(0, g.DType);
        return
        [
            a.RequiresGrad ? BinaryOps.SumTo(Apply(_condition!, g, zero), a.Dims) : null,
            b.RequiresGrad ? BinaryOps.SumTo(Apply(_condition!, zero, g), b.Dims) : null,
        ];
    }

    internal override Tensor Jvp(Tensor?[] t)
    {
        var zero = Tensor.Scalar(0, Inputs[0].DType);
        var y = Apply(_condition!, t[0] ?? zero, t[1] ?? zero);
        return y.Dims.AsSpan().SequenceEqual(_shape) ? y : y.Expand(_shape);
    }

    internal override void Release()
    {
        base.Release();
        _condition = null;
    }

    /// <summary>The selection kernel: walks rows of the innermost dimension with each operand's broadcast strides.</summary>
    private static Tensor Select<T>(Tensor c, Tensor a, Tensor b, int[] shape) where T : unmanaged
    {
        var result = Tensor.Empty(shape, a.DType);
        int n = result.NumElements;
        if (n == 0) return result;
        int rank = Math.Max(shape.Length, 1);
        int[] dims = shape.Length == 0 ? [1] : shape;
        int[] sc = shape.Length == 0 ? [0] : Strided.BroadcastStrides(c, shape);
        int[] sa = shape.Length == 0 ? [0] : Strided.BroadcastStrides(a, shape);
        int[] sb = shape.Length == 0 ? [0] : Strided.BroadcastStrides(b, shape);
        var dc = c.Buffer<bool>();
        var da = a.Buffer<T>();
        var db = b.Buffer<T>();
        var dst = result.Buffer<T>();
        int inner = dims[rank - 1], rows = n / inner;
        int ic = sc[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
        ParallelFor.Run(rows, inner, (start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                int oc = c.Offset, oa = a.Offset, ob = b.Offset, r = row;
                for (int d = rank - 2; d >= 0; d--)
                {
                    int idx = r % dims[d];
                    r /= dims[d];
                    oc += idx * sc[d];
                    oa += idx * sa[d];
                    ob += idx * sb[d];
                }
                int o = row * inner;
                for (int i = 0; i < inner; i++, oc += ic, oa += ia, ob += ib)
                    dst[o + i] = dc[oc] ? da[oa] : db[ob];
            }
        });
        return result;
    }
}
