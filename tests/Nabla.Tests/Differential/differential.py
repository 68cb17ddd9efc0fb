"""Seeded randomized differential test against PyTorch: the PyTorch side.

usage: /usr/bin/python3 differential.py SEED COUNT OUT.json [OPS]   (OPS: comma-separated op names to draw from)

Draws COUNT random cases from the op table in differential_ops.py, each a list of inputs (a base buffer of
random shape, dtype and values, plus a view recipe: permute, strided slice, narrow, expand) and the op's arguments,
evaluates them in PyTorch and writes what DifferentialTests.cs compares against Nabla: the output (or that PyTorch
raised), the gradient of every floating base for a random upstream gradient, the forward-mode tangent (JVP) for
random tangents on a random subset of bases, and a Hessian-vector product (the gradient of <grad, v> built with
create_graph). Debian's PyTorch 1.13 (python3-torch).
"""
import json
import math
import random
import sys

import torch
import torch.autograd.forward_ad as fwAD

from differential_ops import OPS, DTYPES
import differential_ops_nn  # noqa: F401 (registers its ops in OPS)
import differential_ops_shaped  # noqa: F401 (registers its ops in OPS)

def view_recipe(r, shape, allow_expand, depth):
    """A base shape and the view steps that turn a contiguous tensor of that shape into a view of `shape`."""
    if depth == 0 or r.random() < 0.45:
        return list(shape), []
    rank = len(shape)
    kinds = ["slice", "narrow"] if rank > 0 else []
    if rank > 1: kinds += ["permute", "permute"]
    if allow_expand and any(d != 1 for d in shape): kinds.append("expand")
    if not kinds:
        return list(shape), []
    kind = r.choice(kinds)
    pre = list(shape)
    if kind == "permute":
        perm = list(range(rank))
        r.shuffle(perm)
        for i, p in enumerate(perm): pre[p] = shape[i]
        step = ["permute", perm]
    elif kind == "slice":
        d = r.randrange(rank)
        k = r.choice([1, 2, 3])
        start = r.choice([0, 1])
        n = shape[d]
        pre[d] = start + ((n - 1) * k + 1 + r.randrange(k) if n > 0 else 0)
        step = ["slice", d, start, pre[d], k]
    elif kind == "narrow":
        d = r.randrange(rank)
        start = r.randrange(3)
        pre[d] = shape[d] + start + r.randrange(2)
        step = ["narrow", d, start, shape[d]]
    else:
        dims = [i for i in range(rank) if shape[i] != 1]
        for i in r.sample(dims, r.randint(1, len(dims))): pre[i] = 1
        lead = r.randint(0, min(2, rank)) if r.random() < 0.3 else 0
        pre = pre[lead:]
        step = ["expand", list(shape)]
    base, steps = view_recipe(r, pre, allow_expand, depth - 1)
    return base, steps + [step]


def apply_view(t, steps):
    for s in steps:
        if s[0] == "permute": t = t.permute(*s[1])
        elif s[0] == "slice": t = t[(slice(None),) * s[1] + (slice(s[2], s[3], s[4]),)]
        elif s[0] == "narrow": t = t.narrow(s[1], s[2], s[3])
        elif s[0] == "expand": t = t.expand(*s[1])
        else: raise ValueError(s[0])
    return t


def draw_values(r, n, dtype, domain):
    if dtype == "bool": return [r.random() < 0.5 for _ in range(n)]
    if isinstance(domain, tuple) and domain[0] == "int":
        return [r.randrange(domain[1], domain[2]) for _ in range(n)]
    if dtype == "int64": return [r.randrange(-4, 5) for _ in range(n)]
    if domain == "pos": return [r.uniform(0.5, 2.0) for _ in range(n)]
    if domain == "unit": return [r.uniform(-0.9, 0.9) for _ in range(n)]
    if domain == "prob": return [r.uniform(0.05, 0.95) for _ in range(n)]
    if domain == "nonzero": return [r.choice([-1, 1]) * r.uniform(0.3, 2.0) for _ in range(n)]
    if domain == "wide": return [r.gauss(0, 4) for _ in range(n)]
    return [r.gauss(0, 1) for _ in range(n)]


def encode(t):
    t = t.detach()
    data = t.reshape(-1).tolist()
    if t.dtype.is_floating_point:
        data = [v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")) for v in data]
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "data": data}


def random_like(r, t):
    return torch.tensor([r.gauss(0, 1) for _ in range(t.numel())], dtype=t.dtype).reshape(t.shape)


def make_case(r, index, ops):
    op = r.choices(ops, weights=[o.weight for o in ops])[0]
    specs, args = op.gen(r)
    inputs = []
    for s in specs:
        dtype = s["dtype"]
        if "data" in s:
            base, steps = list(s["shape"]), []
            values = s["data"]
        else:
            base, steps = view_recipe(r, s["shape"], op.allow_expand and s.get("views", True), 2 if s.get("views", True) else 0)
            values = draw_values(r, math.prod(base), dtype, s.get("domain", "any"))
        inputs.append({"dtype": dtype, "shape": base, "data": values, "view": steps,
                       "grad": dtype in ("float32", "float64") and s.get("grad", True)})
    return {"id": index, "op": op.name, "args": args, "inputs": inputs}


def build(inp, dual_tangent=None):
    base = torch.tensor(inp["data"], dtype=DTYPES[inp["dtype"]]).reshape(inp["shape"])
    if dual_tangent is not None:
        base = fwAD.make_dual(base, dual_tangent)
    elif inp["grad"]:
        base.requires_grad_()
    return base, apply_view(base, inp["view"])


def evaluate(r, case):
    op = next(o for o in OPS if o.name == case["op"])
    built = [build(i) for i in case["inputs"]]
    try:
        y = op.fn([v for _, v in built], case["args"])
    except Exception as e:  # PyTorch rejects the case: Nabla must throw too.
        case["error"] = type(e).__name__ + ": " + str(e).split("\n")[0][:200]
        return
    case["out"] = encode(y)
    bases = [b for b, _ in built]
    wrt = [i for i, inp in enumerate(case["inputs"]) if inp["grad"]]
    if not (y.dtype.is_floating_point and y.requires_grad and wrt):
        return
    u = random_like(r, y)
    case["upstream"] = encode(u)
    try:
        gs = torch.autograd.grad(y, [bases[i] for i in wrt], u, create_graph=True, allow_unused=True)
    except Exception:  # PyTorch has no backward here: nothing to compare
        return
    grads = [None] * len(bases)
    for i, g in zip(wrt, gs): grads[i] = g if g is not None else torch.zeros_like(bases[i])
    case["grads"] = [None if g is None else encode(g) for g in grads]
    if op.second_order:
        vs = [None if g is None else random_like(r, g) for g in grads]
        terms = [(g * v).sum() for g, v in zip(grads, vs) if g is not None and g.requires_grad]
        try:
            hv = torch.autograd.grad(sum(terms), [bases[i] for i in wrt], allow_unused=True) if terms else [None] * len(wrt)
            hvp = [None] * len(bases)
            for i, h in zip(wrt, hv): hvp[i] = h if h is not None else torch.zeros_like(bases[i])
            case["hv_dir"] = [None if v is None else encode(v) for v in vs]
            case["hvp"] = [None if h is None else encode(h) for h in hvp]
        except Exception:  # PyTorch has no (double) backward here: nothing to compare
            pass
    if op.forward_ad:
        chosen = [i for i in wrt if r.random() < 0.6] or [r.choice(wrt)]
        tangents = [None] * len(bases)
        for i in chosen: tangents[i] = random_like(r, bases[i])
        try:
            with fwAD.dual_level():
                xs = [build(inp, tangents[i])[1] for i, inp in enumerate(case["inputs"])]
                yd = op.fn(xs, case["args"])
                t = fwAD.unpack_dual(yd).tangent
            case["tangents"] = [None if t_ is None else encode(t_) for t_ in tangents]
            # PyTorch 1.13 gives a 0-dim float32 primal times a Python scalar a float64 tangent; a tangent has its primal's dtype.
            case["jvp"] = encode(t.to(y.dtype) if t is not None else torch.zeros_like(y))
        except Exception:  # no forward-mode formula in PyTorch 1.13: nothing to compare
            pass


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    torch.set_num_threads(1)
    ops = [o for o in OPS if len(sys.argv) < 5 or o.name in sys.argv[4].split(",")]
    r = random.Random(seed)
    cases = []
    for index in range(count):
        case = make_case(r, index, ops)
        evaluate(r, case)
        cases.append(case)
    with open(out, "w") as f:
        json.dump({"seed": seed, "torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
