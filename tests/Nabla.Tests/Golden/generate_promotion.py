"""Golden data for PyTorch's type promotion: writes Promotion/promotion.json. Run with /usr/bin/python3 (Debian's PyTorch 1.13).

result_type: torch.result_type for every pair of operands drawn from {bool, int32, int64, float32, float64} as
dimensioned tensors (shape [3]) and 0-d tensors, and the scalars int 2, float 2.5, float 2.0 and bool True.
ops: the dtype and values (or the fact of an error) of representative ops on those operands: arithmetic,
maximum/minimum, where, comparisons, pow, clamp, cat, and the unary ops and reductions whose bool/integer rules differ.
"""
import json
import math
import os
import torch

DTYPES = ["bool", "int32", "int64", "float32", "float64"]
A_VALUES = [1, 0, 2]        # first operand; bools read these as nonzero
B_VALUES = [2, 1, 3]        # second operand
A_ZERO, B_ZERO = 3, 2
SCALARS = {"int": 2, "float": 2.5, "whole_float": 2.0, "bool": True}


def tensor(dtype, kind, first):
    dt = getattr(torch, dtype)
    if kind == "dim": return torch.tensor(A_VALUES if first else B_VALUES).to(dt)
    return torch.tensor(A_ZERO if first else B_ZERO).to(dt)


def operands(first, with_scalars=True):
    out = [({"dtype": d, "kind": k}, tensor(d, k, first)) for d in DTYPES for k in ("dim", "zero")]
    if with_scalars: out += [({"kind": "scalar", "scalar": s}, v) for s, v in SCALARS.items()]
    return out


def encode(r):
    # JSON has no NaN or infinity: those are written as the strings "nan", "inf" and "-inf".
    if isinstance(r, torch.Tensor):
        return {"dtype": str(r.dtype).replace("torch.", ""), "shape": list(r.shape),
                "values": [v if math.isfinite(v) else str(v) for v in r.reshape(-1).double().tolist()]}
    return {"dtype": None}


def run(fn, *args):
    try:
        return encode(fn(*args))
    except (RuntimeError, TypeError):
        return {"error": True}


result_type = []
for a_desc, a in operands(True):
    for b_desc, b in operands(False):
        if a_desc["kind"] == "scalar" and b_desc["kind"] == "scalar": continue
        result_type.append({"a": a_desc, "b": b_desc, "result": str(torch.result_type(a, b)).replace("torch.", "")})

BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b,
    "eq": lambda a, b: torch.eq(a, b) if isinstance(a, torch.Tensor) else torch.eq(b, a), "lt": lambda a, b: a < b,
    "pow": lambda a, b: a ** b,
}
TENSOR_ONLY = {
    "maximum": torch.maximum, "minimum": torch.minimum,
    "where": lambda a, b: torch.where(torch.tensor([True, False, True]), a, b),
    "cat": lambda a, b: torch.cat([a, b]),
}
ops = []
for a_desc, a in operands(True):
    for b_desc, b in operands(False):
        if a_desc["kind"] == "scalar" and b_desc["kind"] == "scalar": continue
        # C# has no bool scalar overloads (a C# long is an int scalar, a double a float scalar).
        if "bool" in (a_desc.get("scalar"), b_desc.get("scalar")): continue
        for name, fn in BINARY.items():
            ops.append({"op": name, "a": a_desc, "b": b_desc, **run(fn, a, b)})
        if a_desc["kind"] != "scalar" and b_desc["kind"] != "scalar":
            for name, fn in TENSOR_ONLY.items():
                if name == "cat" and "zero" in (a_desc["kind"], b_desc["kind"]): continue
                ops.append({"op": name, "a": a_desc, "b": b_desc, **run(fn, a, b)})
        if a_desc["kind"] == "dim" and b_desc["kind"] == "scalar":
            ops.append({"op": "where_scalar", "a": a_desc, "b": b_desc,
                        **run(lambda x, s: torch.where(torch.tensor([True, False, True]), x, s), a, b)})

UNARY = {
    "neg": lambda x: -x, "abs": torch.abs, "sign": torch.sign, "square": torch.square, "exp": torch.exp,
    "relu": torch.relu, "sum": torch.sum, "prod": torch.prod, "amax": torch.amax, "amin": torch.amin,
    "max": torch.max, "max_dim": lambda x: torch.max(x, 0).values, "argmax": torch.argmax, "cumsum": lambda x: torch.cumsum(x, 0),
    "mean": torch.mean, "clamp_int": lambda x: torch.clamp(x, -2, 3), "clamp_float": lambda x: torch.clamp(x, 0.5, 1.5),
    "clamp_min": lambda x: torch.clamp(x, min=0), "clamp_max_float": lambda x: torch.clamp(x, max=1.0),
    "pow2": lambda x: x ** 2, "pow2_float": lambda x: x ** 2.0, "pow_half": lambda x: x ** 2.5,
    "log": torch.log, "log1p": torch.log1p, "expm1": torch.expm1, "sqrt": torch.sqrt, "rsqrt": torch.rsqrt,
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "erf": torch.erf,
    "reciprocal": torch.reciprocal, "min": torch.min, "min_dim": lambda x: torch.min(x, 0).values,
    "argmin": torch.argmin, "var": torch.var, "std": torch.std, "logsumexp": lambda x: torch.logsumexp(x, 0),
    "softmax": lambda x: torch.softmax(x, 0), "log_softmax": lambda x: torch.log_softmax(x, 0),
    "isnan": torch.isnan, "isfinite": torch.isfinite, "logical_not": torch.logical_not,
    "leaky_relu": torch.nn.functional.leaky_relu, "elu": torch.nn.functional.elu, "gelu": torch.nn.functional.gelu,
    "softplus": torch.nn.functional.softplus, "silu": torch.nn.functional.silu, "hardtanh": torch.nn.functional.hardtanh,
}
for a_desc, a in operands(True, with_scalars=False):
    if a_desc["kind"] != "dim": continue
    for name, fn in UNARY.items():
        ops.append({"op": name, "a": a_desc, **run(fn, a)})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Promotion", "promotion.json")
def lines(entries):  # one entry per line keeps the file small and its diffs readable
    return "[\n" + ",\n".join(json.dumps(e) for e in entries) + "\n]"


with open(path, "w") as f:
    header = {"torch": torch.__version__, "a_values": A_VALUES, "b_values": B_VALUES, "a_zero": A_ZERO, "b_zero": B_ZERO,
              "scalars": SCALARS}
    f.write(json.dumps(header)[:-1] + ',\n"result_type": ' + lines(result_type) + ',\n"ops": ' + lines(ops) + "}\n")
print(f"wrote {len(result_type)} result_type and {len(ops)} op entries to {path}")
