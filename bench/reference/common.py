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


def emit(metrics):
    """Prints the metrics plus this process's peak resident set size as one JSON line."""
    out = dict(metrics)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps(out))
