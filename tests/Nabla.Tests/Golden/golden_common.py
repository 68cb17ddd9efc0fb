"""Shared machinery of the golden-data generators: input specs, case registration and JSON encoding.

Each generator (generate.py for tensor ops, generate_<family>.py for other families) registers cases with
case(name, fn, *specs) and calls write("<file>.json"). Run them with Debian's PyTorch: /usr/bin/python3.
"""
import json
import math
import os
import torch

torch.manual_seed(1234)
CASES = []


def randn(*shape): return ("randn", shape)
def pos(*shape): return ("pos", shape)          # uniform in [0.5, 2): logs, roots, powers
def unit(*shape): return ("unit", shape)        # uniform in [-0.9, 0.9)
def ints(low, high, *shape): return ("int", shape, low, high)
def perm_rows(rows, n): return ("perm", (rows, n))  # each row a permutation of 0..n-1 (unique scatter targets)
def mask(*shape): return ("bool", shape)
def fixed(values): return ("fixed", values)     # literal float values


def make(spec):
    kind, shape = spec[0], spec[1]
    if kind == "randn": return torch.randn(*shape)
    if kind == "pos": return torch.rand(*shape) * 1.5 + 0.5
    if kind == "unit": return torch.rand(*shape) * 1.8 - 0.9
    if kind == "int": return torch.randint(spec[2], spec[3], shape)
    if kind == "perm": return torch.stack([torch.randperm(shape[1]) for _ in range(shape[0])])
    if kind == "bool": return torch.rand(*shape) > 0.5
    if kind == "special": return torch.tensor([1.0, float("nan"), float("inf"), -float("inf"), -2.0, 0.0])
    if kind == "fixed": return torch.tensor(shape, dtype=torch.float32)
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


def write(file_name, generator):
    """Runs every registered case (forward, then backward with a random upstream gradient) and writes the JSON."""
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
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), file_name)
    with open(path, "w") as f:
        json.dump({"generator": generator, "torch": torch.__version__, "cases": out}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(out)} cases to {path}")
