"""PyTorch side of the ``mlp`` workload: one Fashion-MNIST epoch (1875 steps of batch 32) after 50 warm-up steps."""
import time

import torch

import common


def main():
    common.setup(__doc__)
    torch.manual_seed(0)
    x, y, _, _ = common.load_fashion_mnist()
    model = common.mlp_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    common.train_steps(model, optimizer, x, y, 32, 50, generator)
    start = time.perf_counter()
    common.train_steps(model, optimizer, x, y, 32, x.shape[0] // 32, generator)
    common.emit({"epoch_s": time.perf_counter() - start})


if __name__ == "__main__":
    main()
