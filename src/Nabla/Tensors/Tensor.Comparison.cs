using Nabla.Autograd;
using Nabla.Ops;

namespace Nabla;

// == and != are deliberately not overloaded: Tensor is a reference type and `t == null` must keep its meaning.
public sealed partial class Tensor
{
    /// <summary>Elementwise a == b with broadcasting, as a Bool tensor (<c>torch.eq</c>).</summary>
    [NonDifferentiable]
    public Tensor Eq(Tensor other) => Comparisons.Apply<Comparisons.EqOp>(this, other, "Eq");

    /// <summary>Elementwise equality with a scalar.</summary>
    [NonDifferentiable]
    public Tensor Eq(double other) => Comparisons.Apply<Comparisons.EqOp>(this, Wrap(other), "Eq");

    /// <summary>Elementwise equality with a scalar (an integer scalar, compared in the tensor's dtype).</summary>
    [NonDifferentiable]
    public Tensor Eq(long other) => Comparisons.Apply<Comparisons.EqOp>(this, Wrap(other), "Eq");

    /// <summary>Elementwise a != b with broadcasting, as a Bool tensor (<c>torch.ne</c>).</summary>
    [NonDifferentiable]
    public Tensor Ne(Tensor other) => Comparisons.Apply<Comparisons.NeOp>(this, other, "Ne");

    /// <summary>Elementwise inequality with a scalar.</summary>
    [NonDifferentiable]
    public Tensor Ne(double other) => Comparisons.Apply<Comparisons.NeOp>(this, Wrap(other), "Ne");

    /// <summary>Elementwise inequality with a scalar (an integer scalar, compared in the tensor's dtype).</summary>
    [NonDifferentiable]
    public Tensor Ne(long other) => Comparisons.Apply<Comparisons.NeOp>(this, Wrap(other), "Ne");

    /// <summary>Elementwise a &lt; b with broadcasting, as a Bool tensor (<c>torch.lt</c>).</summary>
    [NonDifferentiable]
    public Tensor Lt(Tensor other) => Comparisons.Apply<Comparisons.LtOp>(this, other, "Lt");

    /// <summary>Elementwise a &lt; scalar.</summary>
    [NonDifferentiable]
    public Tensor Lt(double other) => Comparisons.Apply<Comparisons.LtOp>(this, Wrap(other), "Lt");

    /// <summary>Elementwise a &lt; scalar (an integer scalar, compared in the tensor's dtype).</summary>
    [NonDifferentiable]
    public Tensor Lt(long other) => Comparisons.Apply<Comparisons.LtOp>(this, Wrap(other), "Lt");

    /// <summary>Elementwise a &lt;= b with broadcasting, as a Bool tensor (<c>torch.le</c>).</summary>
    [NonDifferentiable]
    public Tensor Le(Tensor other) => Comparisons.Apply<Comparisons.LeOp>(this, other, "Le");

    /// <summary>Elementwise a &lt;= scalar.</summary>
    [NonDifferentiable]
    public Tensor Le(double other) => Comparisons.Apply<Comparisons.LeOp>(this, Wrap(other), "Le");

    /// <summary>Elementwise a &lt;= scalar (an integer scalar, compared in the tensor's dtype).</summary>
    [NonDifferentiable]
    public Tensor Le(long other) => Comparisons.Apply<Comparisons.LeOp>(this, Wrap(other), "Le");

    /// <summary>Elementwise a &gt; b with broadcasting, as a Bool tensor (<c>torch.gt</c>).</summary>
    [NonDifferentiable]
    public Tensor Gt(Tensor other) => Comparisons.Apply<Comparisons.GtOp>(this, other, "Gt");

    /// <summary>Elementwise a &gt; scalar.</summary>
    [NonDifferentiable]
    public Tensor Gt(double other) => Comparisons.Apply<Comparisons.GtOp>(this, Wrap(other), "Gt");

    /// <summary>Elementwise a &gt; scalar (an integer scalar, compared in the tensor's dtype).</summary>
    [NonDifferentiable]
    public Tensor Gt(long other) => Comparisons.Apply<Comparisons.GtOp>(this, Wrap(other), "Gt");

    /// <summary>Elementwise a &gt;= b with broadcasting, as a Bool tensor (<c>torch.ge</c>).</summary>
    [NonDifferentiable]
    public Tensor Ge(Tensor other) => Comparisons.Apply<Comparisons.GeOp>(this, other, "Ge");

    /// <summary>Elementwise a &gt;= scalar.</summary>
    [NonDifferentiable]
    public Tensor Ge(double other) => Comparisons.Apply<Comparisons.GeOp>(this, Wrap(other), "Ge");

    /// <summary>Elementwise a &gt;= scalar (an integer scalar, compared in the tensor's dtype).</summary>
    [NonDifferentiable]
    public Tensor Ge(long other) => Comparisons.Apply<Comparisons.GeOp>(this, Wrap(other), "Ge");

    /// <summary>Elementwise a &lt; b (see <see cref="Lt(Tensor)"/>).</summary>
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);

    /// <summary>Elementwise a &gt; b (see <see cref="Gt(Tensor)"/>).</summary>
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);

    /// <summary>Elementwise a &lt;= b (see <see cref="Le(Tensor)"/>).</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);

    /// <summary>Elementwise a &gt;= b (see <see cref="Ge(Tensor)"/>).</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);

    /// <summary>Elementwise a &lt; scalar.</summary>
    public static Tensor operator <(Tensor a, double b) => a.Lt(b);

    /// <summary>Elementwise a &lt; scalar.</summary>
    public static Tensor operator <(Tensor a, long b) => a.Lt(b);

    /// <summary>Elementwise a &gt; scalar.</summary>
    public static Tensor operator >(Tensor a, double b) => a.Gt(b);

    /// <summary>Elementwise a &gt; scalar.</summary>
    public static Tensor operator >(Tensor a, long b) => a.Gt(b);

    /// <summary>Elementwise a &lt;= scalar.</summary>
    public static Tensor operator <=(Tensor a, double b) => a.Le(b);

    /// <summary>Elementwise a &lt;= scalar.</summary>
    public static Tensor operator <=(Tensor a, long b) => a.Le(b);

    /// <summary>Elementwise a &gt;= scalar.</summary>
    public static Tensor operator >=(Tensor a, double b) => a.Ge(b);

    /// <summary>Elementwise a &gt;= scalar.</summary>
    public static Tensor operator >=(Tensor a, long b) => a.Ge(b);

    /// <summary>Elementwise scalar &lt; b.</summary>
    public static Tensor operator <(double a, Tensor b) => b.Gt(a);

    /// <summary>Elementwise scalar &lt; b.</summary>
    public static Tensor operator <(long a, Tensor b) => b.Gt(a);

    /// <summary>Elementwise scalar &gt; b.</summary>
    public static Tensor operator >(double a, Tensor b) => b.Lt(a);

    /// <summary>Elementwise scalar &gt; b.</summary>
    public static Tensor operator >(long a, Tensor b) => b.Lt(a);

    /// <summary>Elementwise scalar &lt;= b.</summary>
    public static Tensor operator <=(double a, Tensor b) => b.Ge(a);

    /// <summary>Elementwise scalar &lt;= b.</summary>
    public static Tensor operator <=(long a, Tensor b) => b.Ge(a);

    /// <summary>Elementwise scalar &gt;= b.</summary>
    public static Tensor operator >=(double a, Tensor b) => b.Le(a);

    /// <summary>Elementwise scalar &gt;= b.</summary>
    public static Tensor operator >=(long a, Tensor b) => b.Le(a);

    /// <summary>True where the element is NaN (never for integer tensors), like <c>torch.isnan</c>.</summary>
    [NonDifferentiable]
    public Tensor IsNan() => Comparisons.Classify(this, Comparisons.Kind.NaN);

    /// <summary>True where the element is ±infinity, like <c>torch.isinf</c>.</summary>
    [NonDifferentiable]
    public Tensor IsInf() => Comparisons.Classify(this, Comparisons.Kind.Infinity);

    /// <summary>True where the element is neither NaN nor infinite, like <c>torch.isfinite</c>.</summary>
    [NonDifferentiable]
    public Tensor IsFinite() => Comparisons.Classify(this, Comparisons.Kind.Finite);

    /// <summary>Elementwise logical and with broadcasting; nonzero counts as true (<c>torch.logical_and</c>).</summary>
    [NonDifferentiable]
    public Tensor LogicalAnd(Tensor other) => Logical.And(this, other);

    /// <summary>Elementwise logical or with broadcasting; nonzero counts as true (<c>torch.logical_or</c>).</summary>
    [NonDifferentiable]
    public Tensor LogicalOr(Tensor other) => Logical.Or(this, other);

    /// <summary>Elementwise logical exclusive or with broadcasting; nonzero counts as true (<c>torch.logical_xor</c>).</summary>
    [NonDifferentiable]
    public Tensor LogicalXor(Tensor other) => Logical.Xor(this, other);

    /// <summary>Elementwise logical not; nonzero counts as true (<c>torch.logical_not</c>).</summary>
    [NonDifferentiable]
    public Tensor LogicalNot() => Logical.Not(this);

    /// <summary>Logical and of two Bool tensors with broadcasting; other dtypes are rejected.</summary>
    public static Tensor operator &(Tensor a, Tensor b) => Logical.And(Logical.RequireBool(a, "LogicalAnd (&)"), Logical.RequireBool(b, "LogicalAnd (&)"));

    /// <summary>Logical or of two Bool tensors with broadcasting; other dtypes are rejected.</summary>
    public static Tensor operator |(Tensor a, Tensor b) => Logical.Or(Logical.RequireBool(a, "LogicalOr (|)"), Logical.RequireBool(b, "LogicalOr (|)"));

    /// <summary>Logical exclusive or of two Bool tensors with broadcasting; other dtypes are rejected.</summary>
    public static Tensor operator ^(Tensor a, Tensor b) => Logical.Xor(Logical.RequireBool(a, "LogicalXor (^)"), Logical.RequireBool(b, "LogicalXor (^)"));

    /// <summary>Logical not of a Bool tensor; other dtypes are rejected.</summary>
    public static Tensor operator !(Tensor x) => Logical.Not(Logical.RequireBool(x, "LogicalNot (!)"));
}
