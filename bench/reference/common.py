"""Shared helpers for the PyTorch side of the Nabla benchmark runner.

Each workload script parses ``--threads N``, times its work with the same method as the
.NET runner (median of repetitions after warm-up) and prints one JSON object of metrics.
"""
import argparse
import json
import resource
import statistics
import time

import torch


def setup(description):
    """Parses the command line and pins torch's intra-op thread count."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    return args


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
