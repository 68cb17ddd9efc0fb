"""Convolution, pooling, losses, normalization and layers' functional forms for differential.py (twins in DifferentialOps.Neural.cs)."""
import math

import torch
import torch.nn.functional as F

from differential_ops import op, shape, spec, fdt


def conv_gen(dims, transposed=False):
    def gen(r):
        g = r.choice([1, 1, 2])
        cin, cout = g * r.randint(1, 2), g * r.randint(1, 2)
        k = [r.randint(1, 3) for _ in range(dims)]
        a = {"stride": [r.randint(1, 2) for _ in range(dims)], "padding": [r.randint(0, 1) for _ in range(dims)],
             "dilation": [r.randint(1, 2) for _ in range(dims)], "groups": g, "bias": r.random() < 0.6}
        if transposed:
            a["output_padding"] = [r.randint(0, max(s, d) - 1) for s, d in zip(a["stride"], a["dilation"])]
        spatial = [r.randint(1, 5) for _ in range(dims)]
        batch = [] if r.random() < 0.2 else [r.randint(1, 2)]
        dt = fdt(r)
        w = [cin, cout // g] + k if transposed else [cout, cin // g] + k
        specs = [spec(batch + [cin] + spatial, dt), spec(w, dt)]
        if a["bias"]: specs.append(spec([cout], dt))
        return specs, a
    return gen


def bias(xs):
    return xs[2] if len(xs) > 2 else None


op("conv1d", conv_gen(1), lambda xs, a: F.conv1d(xs[0], xs[1], bias(xs), a["stride"], a["padding"], a["dilation"], a["groups"]), weight=2)
op("conv2d", conv_gen(2), lambda xs, a: F.conv2d(xs[0], xs[1], bias(xs), a["stride"], a["padding"], a["dilation"], a["groups"]), weight=3)
op("conv_transpose2d", conv_gen(2, transposed=True),
   lambda xs, a: F.conv_transpose2d(xs[0], xs[1], bias(xs), a["stride"], a["padding"], a["output_padding"], a["groups"], a["dilation"]), weight=2)


def pool_out(n, k, s, p, d, ceil):
    o = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)) // s + 1
    return o - 1 if ceil and (o - 1) * s >= n + p else o


def max_windows_hit_input(spatial, a):
    # A dilated window can step over a short input entirely (kernel 2, dilation 2, padding 1, width 1): PyTorch 1.13
    # gives it an out-of-bounds index, writes its gradient into the next plane and fails its JVP; Nabla gives no gradient.
    for n, k, s, p, d in zip(spatial, a["kernel"], a["stride"] or a["kernel"], a["padding"], a["dilation"]):
        for o in range(max(pool_out(n, k, s, p, d, a["ceil_mode"]), 0)):
            if not any(0 <= o * s - p + i * d < n for i in range(k)): return False
    return True


def pool_gen(dims, avg):
    def gen(r):
        while True:
            k = [r.randint(1, 3) for _ in range(dims)]
            a = {"kernel": k, "stride": [r.randint(1, 2) for _ in range(dims)] if r.random() < 0.6 else None,
                 "padding": [r.randint(0, kk // 2) for kk in k], "ceil_mode": r.random() < 0.3}
            if avg: a["count_include_pad"] = r.random() < 0.5
            else: a["dilation"] = [r.randint(1, 2) for _ in range(dims)]
            batch = [] if r.random() < 0.2 else [r.randint(1, 2)]
            spatial = [r.randint(1, 6) for _ in range(dims)]
            if avg or max_windows_hit_input(spatial, a):
                return [spec(batch + [r.randint(1, 3)] + spatial, fdt(r))], a
    return gen


op("max_pool2d", pool_gen(2, False), lambda xs, a: F.max_pool2d(xs[0], a["kernel"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"]),
   weight=2, allow_expand=False)
op("max_pool1d", pool_gen(1, False), lambda xs, a: F.max_pool1d(xs[0], a["kernel"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"]),
   allow_expand=False)
op("avg_pool2d", pool_gen(2, True), lambda xs, a: F.avg_pool2d(xs[0], a["kernel"], a["stride"], a["padding"], a["ceil_mode"], a["count_include_pad"]), weight=2)
op("avg_pool1d", pool_gen(1, True), lambda xs, a: F.avg_pool1d(xs[0], a["kernel"], a["stride"], a["padding"], a["ceil_mode"], a["count_include_pad"]))
op("adaptive_avg_pool2d", lambda r: ([spec([r.randint(1, 2), r.randint(1, 3), r.randint(1, 6), r.randint(1, 6)], fdt(r))],
                                     {"size": [r.randint(1, 3), r.randint(1, 3)]}),
   lambda xs, a: F.adaptive_avg_pool2d(xs[0], a["size"]))


# ---- losses --------------------------------------------------------------------------------------------------
def pair_loss(domain_x="any", domain_t="any", extra=None):
    def gen(r):
        s = shape(r, hi=3)
        dt = fdt(r)
        a = {"reduction": r.choice(["none", "mean", "sum"])}
        if extra: a.update(extra(r))
        return [spec(s, dt, domain_x), spec(s, dt, domain_t, grad=r.random() < 0.5)], a
    return gen


op("mse_loss", pair_loss(), lambda xs, a: F.mse_loss(xs[0], xs[1], reduction=a["reduction"]))
op("l1_loss", pair_loss(), lambda xs, a: F.l1_loss(xs[0], xs[1], reduction=a["reduction"]))
op("smooth_l1_loss", pair_loss(extra=lambda r: {"beta": r.choice([1.0, 0.5])}),
   lambda xs, a: F.smooth_l1_loss(xs[0], xs[1], reduction=a["reduction"], beta=a["beta"]))
op("huber_loss", pair_loss(extra=lambda r: {"delta": r.choice([1.0, 0.5])}),
   lambda xs, a: F.huber_loss(xs[0], xs[1], reduction=a["reduction"], delta=a["delta"]))
op("binary_cross_entropy", pair_loss("prob", "prob"), lambda xs, a: F.binary_cross_entropy(xs[0], xs[1], reduction=a["reduction"]))
op("binary_cross_entropy_with_logits", pair_loss("any", "prob"),
   lambda xs, a: F.binary_cross_entropy_with_logits(xs[0], xs[1], reduction=a["reduction"]))
op("kl_div", pair_loss("any", "prob", extra=lambda r: {"log_target": False}),
   lambda xs, a: F.kl_div(xs[0], xs[1], reduction=a["reduction"], log_target=a["log_target"]))
op("kl_div_log_target", pair_loss("any", "any", extra=lambda r: {"log_target": True}),
   lambda xs, a: F.kl_div(xs[0], xs[1], reduction=a["reduction"], log_target=a["log_target"]))


def classification_gen(smoothing):
    def gen(r):
        n, c = r.randint(0, 4) if r.random() < 0.1 else r.randint(1, 4), r.randint(1, 4)
        extra = [r.randint(1, 3)] if r.random() < 0.25 else []
        unbatched = not extra and r.random() < 0.15
        xs = [c] if unbatched else [n, c] + extra
        ts = [] if unbatched else [n] + extra
        count = 1
        for d in ts: count *= d
        ignore = r.choice([-100, -100, r.randrange(c)])
        targets = [r.randrange(c) if r.random() > 0.2 else ignore for _ in range(count)]
        dt = fdt(r)
        a = {"reduction": r.choice(["none", "mean", "sum"]), "ignore_index": ignore, "weight": r.random() < 0.4}
        if smoothing: a["label_smoothing"] = r.choice([0.0, 0.0, 0.1])
        specs = [spec(xs, dt), dict(shape=ts, dtype="int64", data=targets)]
        if a["weight"]: specs.append(spec([c], dt, "pos", grad=False))
        return specs, a
    return gen


op("cross_entropy", classification_gen(True), lambda xs, a: F.cross_entropy(
    xs[0], xs[1], bias(xs), ignore_index=a["ignore_index"], reduction=a["reduction"], label_smoothing=a["label_smoothing"]), weight=3)
op("nll_loss", classification_gen(False), lambda xs, a: F.nll_loss(
    xs[0], xs[1], bias(xs), ignore_index=a["ignore_index"], reduction=a["reduction"]), weight=2)


# ---- normalization and layers --------------------------------------------------------------------------------
def layer_norm_gen(r):
    # Over one or two elements x̂ is ±1 or 0 whatever x is, and its derivative is only float rounding noise.
    while True:
        s = shape(r, lo=1)
        k = r.randint(1, len(s))
        if math.prod(s[len(s) - k:]) not in (1, 2): break
    a = {"normalized_shape": s[len(s) - k:], "affine": r.random() < 0.6, "eps": r.choice([1e-5, 1e-3])}
    dt = fdt(r)
    specs = [spec(s, dt)]
    if a["affine"]: specs += [spec(a["normalized_shape"], dt), spec(a["normalized_shape"], dt)]
    return specs, a


# No expanded inputs: rows that are constant along the normalized dims have no derivative, only rounding noise.
op("layer_norm", layer_norm_gen, lambda xs, a: F.layer_norm(xs[0], a["normalized_shape"], *(xs[1:3] if a["affine"] else (None, None)), a["eps"]),
   weight=2, allow_expand=False)


def batch_norm_gen(r):
    c = r.randint(1, 3)
    # Two values per channel normalize to ±1 whatever they are: their derivative is only rounding noise.
    while True:
        s = [r.randint(1, 3), c] + [r.randint(1, 3) for _ in range(r.randint(0, 2))]
        if math.prod(s) // c > 2: break
    training = r.random() < 0.6
    a = {"training": training, "affine": r.random() < 0.6, "eps": 1e-5}
    dt = fdt(r)
    # Every input stays contiguous: PyTorch 1.13's CPU batch_norm backward reads a strided weight or running statistic
    # as if contiguous, and pairs a permuted input with its gradient in the wrong layout (even the bias gradient, a
    # plain sum, is wrong), where Nabla follows the strides.
    specs = [spec(s, dt, views=False)]
    if a["affine"]: specs += [spec([c], dt, views=False), spec([c], dt, views=False)]
    if not training: specs += [spec([c], dt, grad=False, views=False), spec([c], dt, "pos", grad=False, views=False)]
    return specs, a


def batch_norm(xs, a):
    w, b = (xs[1], xs[2]) if a["affine"] else (None, None)
    rm, rv = (xs[-2], xs[-1]) if not a["training"] else (None, None)
    return F.batch_norm(xs[0], rm, rv, w, b, a["training"], 0.1, a["eps"])


op("batch_norm", batch_norm_gen, batch_norm, weight=2)


def linear_gen(r):
    i, o = r.randint(0, 4) if r.random() < 0.1 else r.randint(1, 4), r.randint(1, 4)
    lead = [r.randint(1, 3) for _ in range(r.randint(0, 2))]
    dt = fdt(r)
    a = {"bias": r.random() < 0.6}
    specs = [spec(lead + [i], dt), spec([o, i], dt)]
    if a["bias"]: specs.append(spec([o], dt))
    return specs, a


op("linear", linear_gen, lambda xs, a: F.linear(xs[0], xs[1], bias(xs)), weight=2)


def embedding_gen(r):
    n, d = r.randint(1, 5), r.randint(1, 3)
    s = shape(r, hi=2)
    count = 1
    for x in s: count *= x
    return [dict(shape=s, dtype="int64", data=[r.randrange(n) for _ in range(count)]), spec([n, d], fdt(r))], {}


op("embedding", embedding_gen, lambda xs, a: F.embedding(xs[0], xs[1]))
