"""Golden data for Nabla.Optim, written to Golden/Optim/*.json (run with Debian's PyTorch: /usr/bin/python3).

optimizers.json: 10-step parameter trajectories of each optimizer configuration on a fixed problem, in float32 and
float64. The problem: X (5, 3), Y (5, 4) fixed data, parameters W (3, 4) and b (4),
loss = mean((X @ W + b - Y)^2) + 0.05 * sum(W^4), so both a quadratic and a quartic term shape the path.
schedules.json: 20-step learning-rate sequences of the schedules (two parameter groups, lr 0.1 and 0.05).
clipping.json: clip_grad_norm_ / clip_grad_value_ results.
"""
import json
import math
import os
import torch

torch.manual_seed(20240601)
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Optim")
X = torch.randn(5, 3, dtype=torch.float64)
Y = torch.randn(5, 4, dtype=torch.float64)
W0 = torch.randn(3, 4, dtype=torch.float64) * 0.7
B0 = torch.randn(4, dtype=torch.float64) * 0.5
STEPS = 10
O = torch.optim

OPTIMIZERS = [
    ("sgd_plain", lambda w, b: O.SGD([w, b], lr=0.1)),
    ("sgd_momentum", lambda w, b: O.SGD([w, b], lr=0.1, momentum=0.9)),
    ("sgd_dampening", lambda w, b: O.SGD([w, b], lr=0.1, momentum=0.9, dampening=0.5)),
    ("sgd_nesterov", lambda w, b: O.SGD([w, b], lr=0.1, momentum=0.9, nesterov=True)),
    ("sgd_weight_decay", lambda w, b: O.SGD([w, b], lr=0.1, momentum=0.9, weight_decay=0.1)),
    ("sgd_maximize", lambda w, b: O.SGD([w, b], lr=0.01, momentum=0.5, maximize=True)),
    ("sgd_groups", lambda w, b: O.SGD([{"params": [w]}, {"params": [b], "lr": 0.05, "momentum": 0.5}], lr=0.1, momentum=0.9)),
    ("adagrad", lambda w, b: O.Adagrad([w, b], lr=0.1)),
    ("adagrad_options", lambda w, b: O.Adagrad([w, b], lr=0.1, lr_decay=0.05, weight_decay=0.1, initial_accumulator_value=0.2, eps=1e-8)),
    ("adadelta", lambda w, b: O.Adadelta([w, b])),
    ("adadelta_options", lambda w, b: O.Adadelta([w, b], lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.1)),
    ("rmsprop", lambda w, b: O.RMSprop([w, b], lr=0.01)),
    ("rmsprop_centered", lambda w, b: O.RMSprop([w, b], lr=0.01, centered=True)),
    ("rmsprop_momentum", lambda w, b: O.RMSprop([w, b], lr=0.01, momentum=0.9)),
    ("rmsprop_all", lambda w, b: O.RMSprop([w, b], lr=0.01, alpha=0.9, centered=True, momentum=0.5, weight_decay=0.1)),
    ("adam", lambda w, b: O.Adam([w, b], lr=0.05)),
    ("adam_amsgrad", lambda w, b: O.Adam([w, b], lr=0.05, amsgrad=True)),
    ("adam_weight_decay", lambda w, b: O.Adam([w, b], lr=0.05, weight_decay=0.1)),
    ("adam_betas_maximize", lambda w, b: O.Adam([w, b], lr=0.01, betas=(0.8, 0.99), eps=1e-6, maximize=True)),
    ("adam_skip_b", lambda w, b: O.Adam([w, b], lr=0.05)),
    ("adamw", lambda w, b: O.AdamW([w, b], lr=0.05)),
    ("adamw_amsgrad", lambda w, b: O.AdamW([w, b], lr=0.05, weight_decay=0.1, amsgrad=True)),
]


def trajectory(name, make, dtype):
    w = W0.to(dtype).clone().requires_grad_()
    b = B0.to(dtype).clone().requires_grad_()
    x, y = X.to(dtype), Y.to(dtype)
    opt = make(w, b)
    path = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean() + 0.05 * (w ** 4).sum()
        loss.backward()
        if name.endswith("_skip_b"):
            b.grad = None
        opt.step()
        path.append(torch.cat([w.detach().flatten(), b.detach()]).double().tolist())
    return path


def flat(t): return t.flatten().tolist()


def optimizers():
    cases = [{"name": n, "float64": trajectory(n, m, torch.float64), "float32": trajectory(n, m, torch.float32)} for n, m in OPTIMIZERS]
    return {"x": flat(X), "y": flat(Y), "w0": flat(W0), "b0": flat(B0), "steps": STEPS, "cases": cases}


S = O.lr_scheduler
METRICS = [1.0, 0.9, 0.95, 0.9, 0.899, 0.85, 0.86, 0.87, 0.88, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49, 0.6, 0.7, 0.8, 0.9, 1.0]
SCHEDULES = [
    ("step_lr", lambda o: S.StepLR(o, step_size=3, gamma=0.5), None),
    ("multistep_lr", lambda o: S.MultiStepLR(o, milestones=[9, 2, 5, 5], gamma=0.3), None),
    ("exponential_lr", lambda o: S.ExponentialLR(o, gamma=0.9), None),
    ("cosine_annealing_lr", lambda o: S.CosineAnnealingLR(o, T_max=7, eta_min=0.001), None),
    ("linear_lr_default", lambda o: S.LinearLR(o), None),
    ("linear_lr_custom", lambda o: S.LinearLR(o, start_factor=0.25, end_factor=0.75, total_iters=8), None),
    ("lambda_lr", lambda o: S.LambdaLR(o, lambda t: 0.95 ** t), None),
    # Robbins-Monro a0 / (1 + k t) has no PyTorch class: LambdaLR with the same factor is the reference.
    ("inverse_time_decay", lambda o: S.LambdaLR(o, lambda t: 1 / (1 + 0.5 * t)), None),
    ("plateau_default", lambda o: S.ReduceLROnPlateau(o), [1.0] * 20),
    ("plateau_min_rel", lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.01, cooldown=1, min_lr=0.01), METRICS),
    ("plateau_max_abs", lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.2, patience=1, threshold=0.05, threshold_mode="abs", min_lr=1e-3, eps=1e-3), METRICS),
]


def schedules():
    out = []
    for name, make, metrics in SCHEDULES:
        p, q = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
        opt = O.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1)
        sched = make(opt)
        lrs = [[g["lr"] for g in opt.param_groups]]
        for t in range(20):
            opt.step()
            sched.step(metrics[t]) if metrics else sched.step()
            lrs.append([g["lr"] for g in opt.param_groups])
        out.append({"name": name, "lrs": lrs, "metrics": metrics})
    return {"cases": out}


def clipping():
    out = []
    g1, g2 = torch.randn(3, 4, dtype=torch.float64), torch.randn(5, dtype=torch.float64)
    for name, max_norm, norm_type in [("norm2", 1.0, 2.0), ("norm1", 2.0, 1.0), ("norm_inf", 0.5, math.inf), ("norm3", 0.7, 3.0),
                                      ("norm2_no_clip", 100.0, 2.0)]:
        p1, p2 = torch.zeros(3, 4, dtype=torch.float64), torch.zeros(5, dtype=torch.float64)
        p1.grad, p2.grad = g1.clone(), g2.clone()
        total = torch.nn.utils.clip_grad_norm_([p1, p2], max_norm, norm_type)
        out.append({"name": name, "max_norm": max_norm, "norm_type": "inf" if math.isinf(norm_type) else norm_type,
                    "total_norm": float(total), "grads": [flat(g1), flat(g2)], "clipped": [flat(p1.grad), flat(p2.grad)]})
    p1, p2 = torch.zeros(3, 4, dtype=torch.float64), torch.zeros(5, dtype=torch.float64)
    p1.grad, p2.grad = g1.clone(), g2.clone()
    torch.nn.utils.clip_grad_value_([p1, p2], 0.6)
    out.append({"name": "value", "clip_value": 0.6, "grads": [flat(g1), flat(g2)], "clipped": [flat(p1.grad), flat(p2.grad)]})
    return {"cases": out}


def write(file_name, payload):
    os.makedirs(HERE, exist_ok=True)
    path = os.path.join(HERE, file_name)
    with open(path, "w") as f:
        json.dump({"generator": "generate_optim.py", "torch": torch.__version__, **payload}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    write("optimizers.json", optimizers())
    write("schedules.json", schedules())
    write("clipping.json", clipping())
