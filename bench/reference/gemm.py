"""PyTorch side of the ``gemm`` workload: float32 C = A @ B for square n, reported in GFLOP/s."""
import torch

import common


def main():
    common.setup(__doc__)
    torch.manual_seed(0)
    metrics = {}
    for n in (256, 1024, 2048):
        a = torch.randn(n, n, dtype=torch.float32)
        b = torch.randn(n, n, dtype=torch.float32)
        c = torch.empty(n, n, dtype=torch.float32)
        seconds = common.median_seconds(lambda: torch.mm(a, b, out=c))
        metrics[f"gflops_{n}"] = 2.0 * n ** 3 / seconds / 1e9
    common.emit(metrics)


if __name__ == "__main__":
    main()
