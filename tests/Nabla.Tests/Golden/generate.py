#!/usr/bin/python3
"""Writes ops.json: PyTorch's forward outputs and input gradients for every Nabla op on fixed random inputs.

Run with Debian's PyTorch (python3-torch, 1.13):  /usr/bin/python3 tests/Nabla.Tests/Golden/generate.py
Each case names a function of its inputs; tests/Nabla.Tests/Golden/GoldenOps.cs holds the same functions written
with Nabla, and GoldenTests compares outputs and gradients (the upstream gradient is stored with each case).
"""
import json
import math
import os
import torch
import torch.nn.functional as F

torch.manual_seed(1234)
CASES = []


def randn(*shape): return ("randn", shape)
def pos(*shape): return ("pos", shape)          # uniform in [0.5, 2): logs, roots, powers
def unit(*shape): return ("unit", shape)        # uniform in [-0.9, 0.9)
def ints(low, high, *shape): return ("int", shape, low, high)
def perm_rows(rows, n): return ("perm", (rows, n))  # each row a permutation of 0..n-1 (unique scatter targets)
def mask(*shape): return ("bool", shape)


def make(spec):
    kind, shape = spec[0], spec[1]
    if kind == "randn": return torch.randn(*shape)
    if kind == "pos": return torch.rand(*shape) * 1.5 + 0.5
    if kind == "unit": return torch.rand(*shape) * 1.8 - 0.9
    if kind == "int": return torch.randint(spec[2], spec[3], shape)
    if kind == "perm": return torch.stack([torch.randperm(shape[1]) for _ in range(shape[0])])
    if kind == "bool": return torch.rand(*shape) > 0.5
    if kind == "special": return torch.tensor([1.0, float("nan"), float("inf"), -float("inf"), -2.0, 0.0])
    raise ValueError(kind)


def case(name, fn, *specs, rtol=1e-5, atol=1e-6):
    CASES.append((name, fn, specs, rtol, atol))


def encode(t):
    t = t.detach()
    if t.dtype == torch.bool:
        data = [bool(v) for v in t.flatten().tolist()]
    elif t.dtype in (torch.int64, torch.int32):
        data = [int(v) for v in t.flatten().tolist()]
    else:
        # JSON has no NaN or infinity, so those travel as strings.
        data = [float(v) if math.isfinite(v) else str(v) for v in t.flatten().tolist()]
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": data}


# Elementwise arithmetic with broadcasting
case("add_broadcast", lambda a, b: a + b, randn(3, 1, 4), randn(5, 4))
case("sub_broadcast", lambda a, b: a - b, randn(2, 3), randn(3))
case("mul_broadcast", lambda a, b: a * b, randn(4, 1), randn(1, 5))
case("div_broadcast", lambda a, b: a / b, randn(3, 4), pos(4))
case("scalar_ops", lambda a: (2.5 - a) * 3.0 / 1.5 + 1.0, randn(6))
case("neg", lambda a: -a, randn(2, 3))
# Unary math
case("abs", torch.abs, randn(7))
case("exp", torch.exp, randn(2, 5))
case("log", torch.log, pos(2, 5))
case("log1p", torch.log1p, pos(6))
case("expm1", torch.expm1, randn(6))
case("sqrt", torch.sqrt, pos(6))
case("rsqrt", torch.rsqrt, pos(6))
case("sin", torch.sin, randn(6))
case("cos", torch.cos, randn(6))
case("tan", torch.tan, unit(6))
case("tanh", torch.tanh, randn(3, 4))
case("sigmoid", torch.sigmoid, randn(3, 4))
case("reciprocal", torch.reciprocal, pos(6))
case("square", torch.square, randn(6))
# Activations
case("relu", F.relu, randn(4, 5))
case("leaky_relu", lambda a: F.leaky_relu(a, 0.1), randn(4, 5))
case("elu", F.elu, randn(4, 5))
case("gelu", F.gelu, randn(4, 5))
case("gelu_tanh", lambda a: F.gelu(a, approximate="tanh"), randn(4, 5))
case("softplus", F.softplus, randn(4, 5))
case("silu", F.silu, randn(4, 5))
case("clamp", lambda a: torch.clamp(a, -0.5, 0.7), randn(4, 5))
case("pow_scalar", lambda a: a ** 3, pos(6))
case("pow_tensor", lambda a, b: a ** b, pos(3, 4), randn(4))
case("pow_scalar_base", lambda a: torch.pow(2.0, a), randn(6))
case("maximum", torch.maximum, randn(3, 4), randn(4))
case("minimum", torch.minimum, randn(3, 4), randn(3, 1))
case("where", lambda c, a, b: torch.where(c, a, b), mask(3, 4), randn(3, 4), randn(4))
# Reductions, scans, softmax
case("sum_all", lambda a: a.sum(), randn(3, 4))
case("sum_dim_keep", lambda a: a.sum(1, keepdim=True), randn(3, 4, 2))
case("mean_dims", lambda a: a.mean((0, 2)), randn(3, 4, 2))
case("prod_dim", lambda a: a.prod(1), randn(3, 4))
case("amax_all", lambda a: a.amax(), randn(3, 4))
case("max_dim_values", lambda a: a.max(1).values, randn(3, 5))
case("min_dim_values", lambda a: a.min(0, keepdim=True).values, randn(4, 3))
case("var_dim", lambda a: a.var(1), randn(3, 5))
case("std_all", lambda a: a.std(), randn(4, 5))
case("logsumexp", lambda a: torch.logsumexp(a, 1), randn(3, 6))
case("cumsum", lambda a: torch.cumsum(a, 1), randn(3, 5))
case("softmax_last", lambda a: torch.softmax(a, -1), randn(4, 7))
case("softmax_dim0", lambda a: torch.softmax(a, 0), randn(4, 7))
case("log_softmax", lambda a: torch.log_softmax(a, 1), randn(4, 7))
# Views
case("reshape", lambda a: a.reshape(3, -1) * torch.arange(4.0), randn(2, 6))
case("permute", lambda a: a.permute(2, 0, 1).contiguous(), randn(2, 3, 4))
case("transpose", lambda a: a.transpose(0, 1) * torch.arange(2.0), randn(2, 3))
case("squeeze_unsqueeze", lambda a: a.squeeze(1).unsqueeze(0) * 2.0, randn(3, 1, 4))
case("narrow", lambda a: a.narrow(1, 1, 2), randn(3, 4))
case("slice_step", lambda a: a[:, 1::2], randn(3, 6))
case("select", lambda a: a.select(1, -1), randn(3, 4))
case("flatten", lambda a: a.flatten(1), randn(2, 3, 4))
case("unflatten", lambda a: a.unflatten(1, (2, 3)), randn(4, 6))
case("expand", lambda a: a.expand(3, 4) * torch.arange(12.0).reshape(3, 4), randn(1, 4))
case("flip", lambda a: a.flip(1), randn(3, 4))
case("repeat", lambda a: a.repeat(2, 3), randn(2, 2))
# Indexing and joining
case("index_select", lambda a, i: a.index_select(0, i), randn(5, 3), ints(0, 5, 4))
case("gather", lambda a, i: a.gather(1, i), randn(3, 5), ints(0, 5, 3, 4))
case("scatter", lambda a, i, s: a.scatter(1, i, s), randn(3, 5), perm_rows(3, 5), randn(3, 5))
case("scatter_add", lambda a, i, s: a.scatter_add(1, i, s), randn(3, 5), ints(0, 5, 3, 6), randn(3, 6))
case("masked_fill", lambda a, m: a.masked_fill(m, -1.5), randn(3, 4), mask(4))
case("cat", lambda a, b: torch.cat([a, b], 1), randn(2, 3), randn(2, 2))
case("stack", lambda a, b: torch.stack([a, b], 1), randn(2, 3), randn(2, 3))
case("split", lambda a: torch.cat([p * (i + 1) for i, p in enumerate(a.split(2, 1))], 1), randn(2, 5))
case("chunk", lambda a: torch.cat([p * (i + 1) for i, p in enumerate(a.chunk(3, 0))], 0), randn(7, 2))
case("pad", lambda a: F.pad(a, (1, 2, 0, 1), value=0.5), randn(2, 3))
# Matrix products
case("matmul_2d", torch.matmul, randn(5, 7), randn(7, 3), rtol=1e-5, atol=1e-5)
case("matmul_batched_broadcast", torch.matmul, randn(2, 1, 3, 4), randn(3, 4, 2), rtol=1e-5, atol=1e-5)
case("matmul_vec", torch.matmul, randn(4, 3), randn(3))
case("matmul_vec_mat", torch.matmul, randn(4), randn(4, 3))
case("outer", torch.outer, randn(4), randn(3))
# Non-differentiable ops (outputs only)
case("argmax_dim", lambda a: a.argmax(1), randn(4, 5))
case("compare_gt", lambda a, b: a > b, randn(3, 4), randn(4))
case("one_hot", lambda i: F.one_hot(i, 6), ints(0, 6, 5))

# More coverage: every remaining public op at least once
case("erf", torch.erf, randn(6))
case("sign", torch.sign, randn(6))
case("hardtanh", lambda a: F.hardtanh(a, -0.5, 0.5), randn(3, 4))
case("relu6", lambda a: F.relu6(a * 4), randn(3, 4))
case("clamp_min", lambda a: a.clamp(min=0.1), randn(3, 4))
case("clamp_max", lambda a: a.clamp(max=-0.1), randn(3, 4))
case("min_all", lambda a: a.min(), randn(3, 4))
case("amin_dims", lambda a: a.amin((0, 2)), randn(2, 3, 4))
case("mean_all", lambda a: a.mean(), randn(3, 4))
case("prod_all", lambda a: a.prod(), pos(2, 3))
case("sum_dims", lambda a: a.sum((0, 2)), randn(2, 3, 4))
case("std_dims_correction0", lambda a: a.std((0, 1), unbiased=False, keepdim=True), randn(3, 4, 2))
case("cumsum_dim0", lambda a: torch.cumsum(a, 0), randn(4, 3))
case("logsumexp_dims", lambda a: torch.logsumexp(a, (0, 2)), randn(2, 3, 4))
case("log_softmax_dim0", lambda a: torch.log_softmax(a, 0), randn(5, 3))
case("view", lambda a: a.view(4, 3) * torch.arange(3.0), randn(2, 6))
case("view_as", lambda a, b: a.view_as(b) * b, randn(2, 6), randn(3, 4))
case("expand_as", lambda a, b: a.expand_as(b) * b, randn(3, 1), randn(3, 4))
case("mt", lambda a: a.mT.contiguous(), randn(2, 3, 4))
case("unbind", lambda a: torch.cat([p * (i + 1) for i, p in enumerate(a.unbind(1))]), randn(3, 4))
case("masked_select", lambda a, m: a.masked_select(m), randn(3, 4), mask(3, 4))
case("index_add", lambda a, i, s: a.index_add(0, i, s), randn(4, 3), ints(0, 4, 5), randn(5, 3))
case("max_dim_indices", lambda a: a.max(1).indices, randn(4, 6))
case("argmin_all", lambda a: a.argmin(), randn(4, 5))
case("cast_int", lambda a: (a * 3).to(torch.int64), randn(8))
case("compare_all", lambda a, b: torch.stack([a.eq(b), a.ne(b), a.lt(b), a.le(b), a.gt(b), a.ge(b)]), ints(0, 3, 8), ints(0, 3, 8))
case("logical", lambda a, b: torch.stack([a & b, a | b, a ^ b, ~a]), mask(6), mask(6))
case("isnan_isinf", lambda a: torch.stack([torch.isnan(a), torch.isinf(a), torch.isfinite(a)]), ("special", (6,)))
case("linspace", lambda: torch.linspace(-1.5, 2.0, 9))
case("arange_float", lambda: torch.arange(0.5, 3.0, 0.25))
case("eye", lambda: torch.eye(3, 5))


def main():
    out = []
    for name, fn, specs, rtol, atol in CASES:
        inputs = [make(s) for s in specs]
        leaves = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
        y = fn(*leaves)
        entry = {"name": name, "rtol": rtol, "atol": atol,
                 "inputs": [encode(x) for x in inputs], "output": encode(y)}
        if y.requires_grad and y.is_floating_point():
            g = torch.randn_like(y)
            y.backward(g)
            entry["grad_output"] = encode(g)
            entry["grads"] = [encode(x.grad) if x.grad is not None else None for x in leaves]
        out.append(entry)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops.json")
    with open(path, "w") as f:
        json.dump({"generator": "tests/Nabla.Tests/Golden/generate.py", "torch": torch.__version__, "cases": out}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(out)} cases to {path}")


if __name__ == "__main__":
    main()
