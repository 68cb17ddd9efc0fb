"""Reductions, scans, softmax, matmul, views, joins and indexing for differential.py (twins in DifferentialOps.Shaped.cs)."""
import torch

from differential_ops import op, shape, spec, fdt, bcast, dim_size

INTS = ["int64", "bool"]


def dims_subset(r, rank, allow_empty=False):
    picked = [d for d in range(rank) if r.random() < 0.5]
    if not picked and (rank == 0 or not allow_empty) and rank > 0: picked = [r.randrange(rank)]
    return [d - rank if r.random() < 0.3 else d for d in picked]


def one_dim(r, rank):
    d = r.randrange(max(rank, 1))
    return d - max(rank, 1) if r.random() < 0.3 else d


def reduce_gen(int_ok=False, empty_ok=False, domain="any"):
    def gen(r):
        s = shape(r)
        dt = r.choice(INTS) if int_ok and r.random() < 0.15 else fdt(r)
        return [spec(s, dt, domain)], {"dims": dims_subset(r, len(s), empty_ok), "keepdim": r.random() < 0.4}
    return gen


def dim_gen(int_ok=False, lo=0):
    def gen(r):
        s = shape(r, lo=lo)
        dt = r.choice(INTS) if int_ok and r.random() < 0.15 else fdt(r)
        return [spec(s, dt)], {"dim": one_dim(r, len(s)), "keepdim": r.random() < 0.4}
    return gen


op("sum", reduce_gen(int_ok=True, empty_ok=True), lambda xs, a: xs[0].sum(a["dims"], keepdim=a["keepdim"]), weight=2)
op("sum_all", lambda r: ([spec(shape(r), fdt(r))], {}), lambda xs, a: xs[0].sum())
op("mean", reduce_gen(empty_ok=True), lambda xs, a: xs[0].mean(a["dims"], keepdim=a["keepdim"]), weight=2)
op("prod_dim", dim_gen(lo=1), lambda xs, a: xs[0].prod(a["dim"], keepdim=a["keepdim"]), allow_expand=False)
op("prod_all", lambda r: ([spec(shape(r, hi=2), fdt(r), "nonzero")], {}), lambda xs, a: xs[0].prod(), allow_expand=False)
op("amax", reduce_gen(), lambda xs, a: xs[0].amax(a["dims"], keepdim=a["keepdim"]), allow_expand=False)
op("amin", reduce_gen(), lambda xs, a: xs[0].amin(a["dims"], keepdim=a["keepdim"]), allow_expand=False)
op("max_all", lambda r: ([spec(shape(r), fdt(r))], {}), lambda xs, a: xs[0].max(), allow_expand=False)
op("max_dim", dim_gen(lo=1), lambda xs, a: xs[0].max(a["dim"], keepdim=a["keepdim"]).values, allow_expand=False)
op("min_dim", dim_gen(lo=1), lambda xs, a: xs[0].min(a["dim"], keepdim=a["keepdim"]).values, allow_expand=False)
op("max_dim_indices", dim_gen(lo=1), lambda xs, a: xs[0].max(a["dim"], keepdim=a["keepdim"]).indices, allow_expand=False)
op("argmax", dim_gen(lo=1), lambda xs, a: xs[0].argmax(a["dim"], keepdim=a["keepdim"]), allow_expand=False)
op("argmin", dim_gen(lo=1), lambda xs, a: xs[0].argmin(a["dim"], keepdim=a["keepdim"]), allow_expand=False)


def var_gen(r):
    s = shape(r, lo=1)
    return [spec(s, fdt(r))], {"dims": dims_subset(r, len(s)), "correction": r.choice([0, 1, 1, 2]), "keepdim": r.random() < 0.4}


op("var", var_gen, lambda xs, a: torch.var(xs[0], a["dims"], correction=a["correction"], keepdim=a["keepdim"]), weight=2)
# No expanded inputs: an expanded row is constant, where std has no derivative and PyTorch's finite one depends on how
# its mean happened to round (0 when it is exact, ±1/√n-sized otherwise); the std = 0 rule has its own tests.
op("std", var_gen, lambda xs, a: torch.std(xs[0], a["dims"], correction=a["correction"], keepdim=a["keepdim"]), weight=2,
   allow_expand=False)
op("logsumexp", reduce_gen(), lambda xs, a: torch.logsumexp(xs[0], a["dims"], keepdim=a["keepdim"]))
op("softmax", dim_gen(), lambda xs, a: torch.softmax(xs[0], a["dim"]), weight=2)
op("log_softmax", dim_gen(), lambda xs, a: torch.log_softmax(xs[0], a["dim"]), weight=2)
op("cumsum", dim_gen(int_ok=True), lambda xs, a: torch.cumsum(xs[0], a["dim"]))


# ---- matmul --------------------------------------------------------------------------------------------------
def matmul_gen(r):
    k, n, m = dim_size(r), r.randint(1, 4), r.randint(1, 4)
    kind = r.choice(["vv", "mv", "vm", "mm", "bmm", "bmm", "bmv"])
    batch = [r.randint(1, 3) for _ in range(r.randint(1, 2))]
    a = {"vv": [k], "mv": [n, k], "vm": [k], "mm": [n, k], "bmm": bcast(r, batch) + [n, k], "bmv": batch + [n, k]}[kind]
    b = {"vv": [k], "mv": [k], "vm": [k, m], "mm": [k, m], "bmm": bcast(r, batch) + [k, m], "bmv": [k]}[kind]
    dt = fdt(r)
    return [spec(a, dt), spec(b, dt if r.random() < 0.9 else "float64")], {}


op("matmul", matmul_gen, lambda xs, a: xs[0] @ xs[1], weight=3)


# ---- views and copies -----------------------------------------------------------------------------------------
def reshape_gen(r):
    s = shape(r)
    n = 1
    for d in s: n *= d
    target = [n] if n > 0 else [0, r.randint(1, 3)]
    while len(target) < 4 and target[-1] % 2 == 0 and target[-1] > 0 and r.random() < 0.6:
        target = target[:-1] + [target[-1] // 2, 2]
    if r.random() < 0.3: target[r.randrange(len(target))] = -1
    return [spec(s, fdt(r))], {"shape": target}


def permute_gen(r):
    s = shape(r)
    p = list(range(len(s)))
    r.shuffle(p)
    return [spec(s, fdt(r))], {"dims": p}


def dim_arg_gen(lo=1, extra=None):
    def gen(r):
        s = shape(r, lo=lo)
        a = {"dim": one_dim(r, len(s))}
        if extra: a.update(extra(r, s, a["dim"] % len(s)))
        return [spec(s, fdt(r))], a
    return gen


op("reshape", reshape_gen, lambda xs, a: xs[0].reshape(a["shape"]))
op("permute", permute_gen, lambda xs, a: xs[0].permute(a["dims"]))
op("transpose", dim_arg_gen(2, lambda r, s, d: {"dim1": r.randrange(len(s))}), lambda xs, a: xs[0].transpose(a["dim"], a["dim1"]))
op("squeeze_all", lambda r: ([spec(shape(r), fdt(r))], {}), lambda xs, a: xs[0].squeeze())
op("squeeze_dim", dim_arg_gen(), lambda xs, a: xs[0].squeeze(a["dim"]))
op("unsqueeze", lambda r: (lambda s: ([spec(s, fdt(r))], {"dim": r.randint(-len(s) - 1, len(s))}))(shape(r, hi=3)),
   lambda xs, a: xs[0].unsqueeze(a["dim"]))
op("flatten", dim_arg_gen(1, lambda r, s, d: {"end": r.randrange(d, len(s))}), lambda xs, a: xs[0].flatten(a["dim"], a["end"]))
op("narrow", dim_arg_gen(1, lambda r, s, d: (lambda st: {"start": st, "length": r.randint(0, s[d] - st)})(r.randint(0, s[d]))),
   lambda xs, a: xs[0].narrow(a["dim"], a["start"], a["length"]))
op("slice", dim_arg_gen(1, lambda r, s, d: {"start": r.randint(-3, 3), "end": r.randint(-3, 6), "step": r.randint(1, 3)}),
   lambda xs, a: xs[0][(slice(None),) * (a["dim"] % xs[0].dim()) + (slice(a["start"], a["end"], a["step"]),)])
op("select", dim_arg_gen(1, lambda r, s, d: {"index": r.randint(-s[d], s[d] - 1) if s[d] > 0 else 0}),
   lambda xs, a: xs[0].select(a["dim"], a["index"]))
op("flip", lambda r: (lambda s: ([spec(s, fdt(r))], {"dims": dims_subset(r, len(s))}))(shape(r, lo=1)),
   lambda xs, a: xs[0].flip(a["dims"]))
op("repeat", lambda r: (lambda s: ([spec(s, fdt(r))], {"sizes": [r.randint(0, 2) if r.random() < 0.1 else r.randint(1, 2) for _ in range(len(s) + r.randint(0, 1))]}))(shape(r, hi=3)),
   lambda xs, a: xs[0].repeat(a["sizes"]))
op("expand", lambda r: (lambda out: ([spec(bcast(r, out), fdt(r))], {"shape": out}))(shape(r)), lambda xs, a: xs[0].expand(a["shape"]))
op("contiguous", lambda r: ([spec(shape(r), fdt(r))], {}), lambda xs, a: xs[0].contiguous())
op("to_dtype", lambda r: ([spec(shape(r), r.choice(["float32", "float64", "int64", "bool"]))], {"dtype": r.choice(["float32", "float64"])}),
   lambda xs, a: xs[0].to({"float32": torch.float32, "float64": torch.float64}[a["dtype"]]))


# ---- joins and padding ----------------------------------------------------------------------------------------
def cat_gen(stack):
    def gen(r):
        s = shape(r, lo=0 if stack else 1, hi=3)
        n = r.randint(1, 3)
        d = r.randint(0, len(s)) if stack else r.randrange(len(s))
        specs = []
        dt = fdt(r)
        for _ in range(n):
            si = list(s)
            if not stack: si[d] = dim_size(r)
            specs.append(spec(si, dt if r.random() < 0.85 else r.choice(["float32", "float64", "int64"])))
        return specs, {"dim": d}
    return gen


op("cat", cat_gen(False), lambda xs, a: torch.cat(xs, a["dim"]), weight=2)
op("stack", cat_gen(True), lambda xs, a: torch.stack(xs, a["dim"]))


def pad_gen(r):
    s = shape(r, lo=1)
    k = r.randint(1, len(s))
    pad = [r.randint(0, 2) for _ in range(2 * k)]
    for i in range(k):  # PyTorch 1.13 rejects a size-0 dim padded by nothing ("negative output size"); later versions do not
        if s[-1 - i] == 0 and pad[2 * i] + pad[2 * i + 1] == 0: pad[2 * i] = 1
    return [spec(s, fdt(r))], {"pad": pad, "value": r.choice([0.0, 1.5])}


op("pad", pad_gen, lambda xs, a: torch.nn.functional.pad(xs[0], a["pad"], value=a["value"]), weight=2)


# ---- indexing ------------------------------------------------------------------------------------------------
def index_values(r, n, size):
    return [r.randrange(size) for _ in range(n)] if size > 0 else []


def gather_gen(r):
    s = shape(r, lo=1, hi=3)
    d = r.randrange(len(s))
    ishape = [r.randint(0, x) if i != d else r.randint(0 if s[d] == 0 else 1, 3) for i, x in enumerate(s)]
    if s[d] == 0: ishape[d] = 0
    n = 1
    for x in ishape: n *= x
    return [spec(s, fdt(r)), dict(shape=ishape, dtype="int64", data=index_values(r, n, s[d]))], {"dim": d}


def index_select_gen(r):
    s = shape(r, lo=1, hi=3)
    d = r.randrange(len(s))
    n = r.randint(0, 4) if s[d] > 0 else 0
    return [spec(s, fdt(r)), dict(shape=[n], dtype="int64", data=index_values(r, n, s[d]))], {"dim": d}


def scatter_add_gen(r):
    s = shape(r, lo=1, hi=3)
    d = r.randrange(len(s))
    src = [r.randint(0, x) if i != d else r.randint(0, 3) for i, x in enumerate(s)]
    if s[d] == 0: src[d] = 0
    n = 1
    for x in src: n *= x
    dt = fdt(r)
    return [spec(s, dt), dict(shape=src, dtype="int64", data=index_values(r, n, s[d])), spec(src, dt)], {"dim": d}


def index_add_gen(r):
    specs, a = index_select_gen(r)
    src = list(specs[0]["shape"])
    src[a["dim"]] = specs[1]["shape"][0]
    return [specs[0], specs[1], spec(src, specs[0]["dtype"])], a


def masked_fill_gen(r):
    s = shape(r)
    return [spec(s, fdt(r)), spec(bcast(r, s), "bool")], {"value": r.choice([0.0, -2.5, "-inf"])}


op("gather", gather_gen, lambda xs, a: torch.gather(xs[0], a["dim"], xs[1]), weight=2)
op("index_select", index_select_gen, lambda xs, a: torch.index_select(xs[0], a["dim"], xs[1]), weight=2)
op("scatter_add", scatter_add_gen, lambda xs, a: torch.scatter_add(xs[0], a["dim"], xs[1], xs[2]), weight=2)
op("index_add", index_add_gen, lambda xs, a: torch.index_add(xs[0], a["dim"], xs[1], xs[2]), weight=2)
op("masked_fill", masked_fill_gen, lambda xs, a: xs[0].masked_fill(xs[1], float(a["value"])))
