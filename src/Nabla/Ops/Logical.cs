using Nabla.Kernels;

namespace Nabla.Ops;

/// <summary>
/// Elementwise logic on truth values with broadcasting (<c>torch.logical_and</c> and friends): any dtype is read as
/// nonzero = true, results are Bool, and nothing is recorded by autograd.
/// </summary>
internal static class Logical
{
    /// <summary>a ∧ b.</summary>
    public static Tensor And(Tensor a, Tensor b) => BinaryKernel.Run<bool, bool, AndK>(AsBool(a), AsBool(b), "LogicalAnd");

    /// <summary>a ∨ b.</summary>
    public static Tensor Or(Tensor a, Tensor b) => BinaryKernel.Run<bool, bool, OrK>(AsBool(a), AsBool(b), "LogicalOr");

    /// <summary>a ⊕ b.</summary>
    public static Tensor Xor(Tensor a, Tensor b) => BinaryKernel.Run<bool, bool, XorK>(AsBool(a), AsBool(b), "LogicalXor");

    /// <summary>¬x.</summary>
    public static Tensor Not(Tensor x)
    {
        var src = AsBool(x);
        var dense = src.IsContiguous ? src : src.DenseCopy();
        var result = Tensor.Empty(x.Dims, DType.Bool);
        int n = x.NumElements;
        var s = dense.Buffer<bool>().AsSpan(dense.Offset, n);
        var d = result.Buffer<bool>().AsSpan(0, n);
        for (int i = 0; i < n; i++) d[i] = !s[i];
        return result;
    }

    /// <summary>Operators <c>&amp; | ^ !</c> are logical only on Bool tensors (PyTorch reads them as bitwise on integers).</summary>
    public static Tensor RequireBool(Tensor x, string op)
    {
        if (x.DType != DType.Bool)
            throw new ArgumentException($"{op}: operator expects Bool tensors, got {x.DType} with shape {x.Shape}; use the Logical* methods to treat nonzero values as true.");
        return x;
    }

    private static Tensor AsBool(Tensor x) => x.DType == DType.Bool ? x : x.Detach().To(DType.Bool);

    private readonly struct AndK : IRunKernel<bool, bool>
    {
        public static void Run(bool[] a, int oa, int sa, bool[] b, int ob, int sb, Span<bool> d)
        {
            for (int i = 0; i < d.Length; i++, oa += sa, ob += sb) d[i] = a[oa] & b[ob];
        }
    }

    private readonly struct OrK : IRunKernel<bool, bool>
    {
        public static void Run(bool[] a, int oa, int sa, bool[] b, int ob, int sb, Span<bool> d)
        {
            for (int i = 0; i < d.Length; i++, oa += sa, ob += sb) d[i] = a[oa] | b[ob];
        }
    }

    private readonly struct XorK : IRunKernel<bool, bool>
    {
        public static void Run(bool[] a, int oa, int sa, bool[] b, int ob, int sb, Span<bool> d)
        {
            for (int i = 0; i < d.Length; i++, oa += sa, ob += sb) d[i] = a[oa] ^ b[ob];
        }
    }
}
