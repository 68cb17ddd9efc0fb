"""The op table of differential.py: for each op, a generator of random inputs and arguments and the PyTorch call.

Every name here has a twin in DifferentialOps*.cs (the Nabla call with the same arguments). An input spec is a dict:
shape, dtype, optional domain (any, pos, nonzero, unit, prob, wide, ("int", lo, hi)), grad (default true for floats),
views (default true: the input may be a random non-contiguous view), or data (literal values, e.g. indices).
"""
import random

import torch
import torch.nn.functional as F

DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
FLOATS = ["float32", "float64"]


class Op:
    def __init__(self, name, gen, fn, weight=1.0, allow_expand=True, second_order=True, forward_ad=True):
        self.name, self.gen, self.fn, self.weight = name, gen, fn, weight
        self.allow_expand, self.second_order, self.forward_ad = allow_expand, second_order, forward_ad


OPS = []


def op(name, gen, fn, **kw):
    OPS.append(Op(name, gen, fn, **kw))


def dim_size(r):
    return r.choices([0, 1, 2, 3, 4, 5], weights=[0.04, 0.22, 0.3, 0.24, 0.12, 0.08])[0]


def shape(r, lo=0, hi=4):
    rank = r.randint(lo, hi)
    while True:
        s = [dim_size(r) for _ in range(rank)]
        n = 1
        for d in s: n *= d
        if n <= 240: return s


def fdt(r): return r.choice(FLOATS)


def spec(shape_, dtype, domain="any", **kw):
    return dict(shape=list(shape_), dtype=dtype, domain=domain, **kw)


def bcast(r, out):
    """An operand shape that broadcasts to `out`: some leading dims dropped, some dims set to 1."""
    s = list(out[r.randint(0, len(out)):] if r.random() < 0.3 else out)
    return [1 if r.random() < 0.25 else d for d in s]


def any_dtype(r, floats_only=False):
    if floats_only or r.random() < 0.8: return fdt(r)
    return r.choice(["int64", "bool"])


def scalar_value(r, integral):
    return r.randint(-3, 3) if integral else round(r.uniform(-2.5, 2.5), 3)


# ---- elementwise unary ----------------------------------------------------------------------------------------
def unary(domain, arg_gen=None, ints=False):
    def gen(r):
        dt = fdt(r) if not ints or r.random() < 0.85 else "int64"
        return [spec(shape(r), dt, domain)], (arg_gen(r) if arg_gen else {})
    return gen


U = {
    "neg": ("any", lambda x, a: -x, True), "abs": ("nonzero", lambda x, a: x.abs(), True),
    "exp": ("any", lambda x, a: x.exp(), False), "log": ("pos", lambda x, a: x.log(), False),
    "log1p": ("pos", lambda x, a: x.log1p(), False), "expm1": ("any", lambda x, a: x.expm1(), False),
    "sqrt": ("pos", lambda x, a: x.sqrt(), False), "rsqrt": ("pos", lambda x, a: x.rsqrt(), False),
    "sin": ("any", lambda x, a: x.sin(), False), "cos": ("any", lambda x, a: x.cos(), False),
    "tan": ("unit", lambda x, a: x.tan(), False), "tanh": ("any", lambda x, a: x.tanh(), False),
    "sigmoid": ("any", lambda x, a: x.sigmoid(), False), "erf": ("any", lambda x, a: x.erf(), False),
    "sign": ("nonzero", lambda x, a: x.sign(), True), "reciprocal": ("nonzero", lambda x, a: x.reciprocal(), False),
    "square": ("any", lambda x, a: x.square(), True), "relu": ("nonzero", lambda x, a: x.relu(), False),
    "silu": ("any", lambda x, a: F.silu(x), False), "relu6": ("wide", lambda x, a: F.relu6(x), False),
}
for name, (domain, fn, ints) in U.items():
    op(name, unary(domain, ints=ints), lambda xs, a, fn=fn: fn(xs[0], a))

op("leaky_relu", unary("nonzero", lambda r: {"slope": r.choice([0.01, 0.2, -0.5])}),
   lambda xs, a: F.leaky_relu(xs[0], a["slope"]))
op("elu", unary("nonzero", lambda r: {"alpha": r.choice([1.0, 0.5, 2.0])}), lambda xs, a: F.elu(xs[0], a["alpha"]))
op("gelu", unary("any", lambda r: {"approximate": r.choice(["none", "tanh"])}),
   lambda xs, a: F.gelu(xs[0], approximate=a["approximate"]))
op("softplus", unary("wide", lambda r: {"beta": r.choice([1.0, 2.0]), "threshold": r.choice([20.0, 3.0])}),
   lambda xs, a: F.softplus(xs[0], a["beta"], a["threshold"]))
op("hardtanh", unary("wide", lambda r: {"min": -r.uniform(0.5, 2), "max": r.uniform(0.5, 2)}),
   lambda xs, a: F.hardtanh(xs[0], a["min"], a["max"]))


def clamp_args(r):
    lo, hi = -r.uniform(0.2, 1.5), r.uniform(0.2, 1.5)
    return r.choice([{"min": lo, "max": hi}, {"min": lo}, {"max": hi}])


op("clamp", unary("any", clamp_args, ints=False), lambda xs, a: xs[0].clamp(a.get("min"), a.get("max")))


# ---- tensor ∘ scalar ------------------------------------------------------------------------------------------
def scalar_gen(domain):
    def gen(r):
        dt = any_dtype(r) if r.random() < 0.3 else fdt(r)
        return [spec(shape(r), dt, domain)], {"c": scalar_value(r, r.random() < 0.5)}
    return gen


op("add_scalar", scalar_gen("any"), lambda xs, a: xs[0] + a["c"])
op("sub_scalar", scalar_gen("any"), lambda xs, a: xs[0] - a["c"])
op("rsub_scalar", scalar_gen("any"), lambda xs, a: a["c"] - xs[0])
op("mul_scalar", scalar_gen("any"), lambda xs, a: xs[0] * a["c"])
op("div_scalar", scalar_gen("any"), lambda xs, a: xs[0] / (a["c"] if a["c"] != 0 else 2))
op("rdiv_scalar", scalar_gen("nonzero"), lambda xs, a: a["c"] / xs[0])
op("pow_scalar", lambda r: ([spec(shape(r), fdt(r), "pos")], {"c": r.choice([2, 3, -1, 0, 0.5, 1.5, -2.5])}),
   lambda xs, a: xs[0] ** a["c"])
op("pow_scalar_int", lambda r: ([spec(shape(r), fdt(r), "any")], {"c": r.choice([2, 3, 1, 0])}),
   lambda xs, a: xs[0] ** a["c"])
op("rpow_scalar", lambda r: ([spec(shape(r), fdt(r), "any")], {"c": r.choice([2.0, 0.5, 3.5])}),
   lambda xs, a: a["c"] ** xs[0])


# ---- elementwise binary with broadcasting and mixed dtypes ------------------------------------------------------
def binary(domain_a="any", domain_b="any", floats_only=False, mixed=0.3):
    def gen(r):
        out = shape(r)
        mix = r.random() < mixed
        da = any_dtype(r, floats_only) if mix else fdt(r)
        db = any_dtype(r, floats_only) if mix else da
        sa, sb = bcast(r, out), bcast(r, out)
        if r.random() < 0.15: sb = []
        if r.random() < 0.5: sa, sb = (sb, sa) if r.random() < 0.5 else (sa, sb)
        return [spec(sa, da, domain_a), spec(sb, db, domain_b)], {}
    return gen


op("add", binary(), lambda xs, a: xs[0] + xs[1], weight=3)
op("sub", binary(), lambda xs, a: xs[0] - xs[1], weight=3)
op("mul", binary(), lambda xs, a: xs[0] * xs[1], weight=3)
op("div", binary("any", "nonzero"), lambda xs, a: xs[0] / xs[1], weight=3)
op("pow", binary("pos", "any", floats_only=True), lambda xs, a: xs[0] ** xs[1], weight=2)
op("maximum", binary("any", "any"), lambda xs, a: torch.maximum(xs[0], xs[1]), weight=2, allow_expand=False)
op("minimum", binary("any", "any"), lambda xs, a: torch.minimum(xs[0], xs[1]), weight=2, allow_expand=False)
for cmp in ["eq", "ne", "lt", "le", "gt", "ge"]:
    op(cmp, binary(mixed=0.5), lambda xs, a, cmp=cmp: getattr(torch, cmp)(xs[0], xs[1]), weight=0.5)


def where_gen(r):
    out = shape(r)
    mix = r.random() < 0.3
    da = any_dtype(r) if mix else fdt(r)
    db = any_dtype(r) if mix else da
    return [spec(bcast(r, out), "bool"), spec(bcast(r, out), da), spec(bcast(r, out), db)], {}


op("where", where_gen, lambda xs, a: torch.where(xs[0], xs[1], xs[2]), weight=2)
