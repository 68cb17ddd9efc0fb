"""Shared helpers for the PyTorch side of the Nabla benchmark runner.

Each workload script parses ``--threads N``, times its work with the same method as the
.NET runner (median of repetitions after warm-up) and prints one JSON object of metrics.
"""
import argparse
import json
import resource
import statistics
import sys
import time

import torch


def setup(description):
    """Parses the command line and pins torch's intra-op thread count."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    warn_if_reference_blas()
    return args


def warn_if_reference_blas():
    """Debian's python3-torch calls whichever libblas.so.3 the alternatives system selects; with only libblas3
    installed that is the unoptimised reference BLAS (about 7 GFLOP/s), which would make every comparison
    meaningless. Installing libopenblas0-pthread switches it to OpenBLAS."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    with open("/proc/self/maps") as maps:
        loaded = maps.read()
    if "openblas" not in loaded and "mkl" not in loaded:
        print("warning: PyTorch is using the reference BLAS; run 'apt-get install libopenblas0-pthread' "
              "for a fair comparison", file=sys.stderr)


def median_seconds(fn, warmup=1, min_seconds=1.0, min_reps=3):
    """Median wall time of ``fn()`` over at least ``min_reps`` runs and ``min_seconds`` in total."""
    for _ in range(warmup):
        fn()
    times = []
    total = 0.0
    while len(times) < min_reps or total < min_seconds:
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        total += elapsed
    return statistics.median(times)


def peak_rss_mb():
    """This process's peak resident set in MiB. VmHWM belongs to the process's own address space; getrusage's
    ru_maxrss would not do, because Linux carries the parent's high-water mark across fork and exec, so a script
    started by the .NET runner would report the runner's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def emit(metrics):
    """Prints the metrics plus this process's peak resident set size as one JSON line."""
    out = dict(metrics)
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


FASHION_MNIST = "/usr/share/datasets/fashion-mnist"


def _read_idx(path):
    import gzip
    import numpy as np
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fashion_mnist():
    """(train_x, train_y, test_x, test_y): float32 images (N, 1, 28, 28) in [0, 1] and int64 labels, from the
    Debian package dataset-fashion-mnist, loaded into memory before any timing."""
    def images(name):
        return torch.from_numpy(_read_idx(f"{FASHION_MNIST}/{name}").copy()).float().div_(255.0).unsqueeze(1)

    def labels(name):
        return torch.from_numpy(_read_idx(f"{FASHION_MNIST}/{name}").copy()).long()

    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


def mlp_model():
    """Flatten → Linear(784,128) → ReLU → Dropout(0.2) → Linear(128,10), as in the benchmark brief."""
    nn = torch.nn
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))


def train_steps(model, optimizer, x, y, batch, steps, generator):
    """Runs `steps` Adam steps on shuffled mini-batches (a fresh permutation per pass over the data)."""
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    perm = torch.randperm(n, generator=generator)
    pos = 0
    model.train()
    for _ in range(steps):
        if pos + batch > n:
            perm = torch.randperm(n, generator=generator)
            pos = 0
        idx = perm[pos:pos + batch]
        pos += batch
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
    return loss.item()


def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / x.shape[0]
